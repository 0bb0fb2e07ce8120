import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import '@franceconnect-kit/button';
import type {
  FranceConnectProfileForm,
  FranceConnectSavedEvent,
  ProfileData,
} from '@franceconnect-kit/button';
import { textOf } from './helpers.js';

// qualification #15 and #16 (and #10 in sign-up mode): the pivot identity read-only with its
// explanation, the birth country by name, the nom d’usage and the email editable and saved with the
// CSRF header, the BFF's errors next to their field, success announced; keyboard and axe. Against the
// real BFF and local FranceConnect behind the test server (web-test-runner.config.mjs).

const EXPLANATION = 'Ces informations sont fournies par FranceConnect et ne peuvent pas être modifiées.';

const signIn = (login: string, signUp: { email: string; preferred_username?: string } | false) =>
  executeServerCommand('franceconnect-sign-in', { login, signUp });

async function render(markup = html`<franceconnect-profile-form></franceconnect-profile-form>`) {
  const form = await fixture<FranceConnectProfileForm>(markup);
  await waitUntil(() => form.data !== undefined, 'the profile was not read');
  await form.updateComplete;
  return form;
}

function partsOf(form: FranceConnectProfileForm) {
  const root = form.shadowRoot as ShadowRoot;
  const input = (name: string) => root.querySelector<HTMLInputElement>(`input[name="${name}"]`);
  return {
    root,
    locked: Object.fromEntries(
      [...root.querySelectorAll('dl > div')].map((row) => [
        textOf(row.querySelector('dt') as Element),
        textOf(row.querySelector('dd') as Element),
      ]),
    ),
    group: root.querySelector<HTMLElement>('[role="group"]'),
    usage: input('preferred_username'),
    email: input('email'),
    submit: root.querySelector<HTMLButtonElement>('button[type="submit"]'),
    status: root.querySelector<HTMLElement>('[role="status"]'),
    alert: root.querySelector<HTMLElement>('[role="alert"]'),
  };
}

/** Records the element's requests to the BFF (they go through, unchanged). */
function watchFetch() {
  const calls: Array<{ url: string; method: string; headers: Headers; body: string }> = [];
  const original = window.fetch.bind(window);
  window.fetch = (input: RequestInfo | URL, init: RequestInit = {}) => {
    calls.push({
      url: typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
      method: init.method ?? 'GET',
      headers: new Headers(init.headers),
      body: typeof init.body === 'string' ? init.body : '',
    });
    return original(input, init);
  };
  return { calls, restore: () => (window.fetch = original) };
}

const profile = async () => (await (await fetch('/api/profile')).json()) as ProfileData;

describe('<franceconnect-profile-form> (against the BFF)', () => {
  before(() => executeServerCommand('franceconnect-reset'));
  afterEach(async () => {
    await executeServerCommand('franceconnect-sign-out');
    document.body.style.removeProperty('background');
  });

  it('shows the pivot identity read-only, explained, the birth date and country in words', async () => {
    await signIn('test', { email: 'marie@example.fr' });
    const form = await render();
    const { locked, group, root } = partsOf(form);
    expect(locked).to.deep.equal({
      'Prénom(s)': 'Marie Anne',
      'Nom de naissance': 'DUPUIS',
      'Date de naissance': '12 avril 1980',
      Sexe: 'Féminin',
      'Lieu de naissance': '75112',
      'Pays de naissance': 'France',
    });
    const explanation = root.getElementById(group?.getAttribute('aria-describedby') ?? '');
    expect(textOf(explanation as HTMLElement)).to.equal(EXPLANATION);
    // Nothing of the identity can be edited: the only fields are the nom d’usage and the email.
    const editable = [...root.querySelectorAll('input, textarea, select, [contenteditable]')].map((element) =>
      element.getAttribute('name'),
    );
    expect(editable).to.deep.equal(['preferred_username', 'email']);
    expect(group?.querySelectorAll('input, [contenteditable], [tabindex]').length).to.equal(0);
  });

  it('names a birth country abroad, leaves out the empty birthplace, and takes place names from the page', async () => {
    await signIn('ne_a_l_etranger', { email: 'karim@example.fr' });
    const form = await render();
    expect(partsOf(form).locked['Pays de naissance']).to.equal('Algérie');
    expect(partsOf(form).locked).not.to.have.property('Lieu de naissance');
    form.placeNames = { '99352': 'ALGÉRIE' };
    await form.updateComplete;
    expect(partsOf(form).locked['Pays de naissance']).to.equal('ALGÉRIE');

    await signIn('nom_usage', { email: 'julien@example.fr' });
    const lyon = await render(
      html`<franceconnect-profile-form .placeNames=${{ '69123': 'Lyon' }}></franceconnect-profile-form>`,
    );
    expect(partsOf(lyon).locked['Lieu de naissance']).to.equal('Lyon');
  });

  it('saves the nom d’usage and the email with the CSRF header, and announces it', async () => {
    await signIn('nom_compose', { email: 'sophie@example.fr' });
    const form = await render();
    const { usage, email, submit, status } = partsOf(form);
    expect(usage?.value).to.equal('');
    expect(email?.value).to.equal('sophie@example.fr');
    (usage as HTMLInputElement).value = 'LACROIX';
    (email as HTMLInputElement).value = 'sophie.lacroix@example.fr';
    const me = (await (await fetch('/api/me')).json()) as { csrfToken: string };
    const requests = watchFetch();
    const saved = oneEvent(form, 'franceconnect-saved');
    try {
      submit?.click();
      await saved;
    } finally {
      requests.restore();
    }
    const patch = requests.calls.find((call) => call.method === 'PATCH');
    expect(patch?.url).to.equal('/api/profile');
    expect(patch?.headers.get('x-csrf-token')).to.equal(me.csrfToken);
    expect(JSON.parse(patch?.body ?? '{}')).to.deep.equal({
      preferred_username: 'LACROIX',
      email: 'sophie.lacroix@example.fr',
    });
    await form.updateComplete;
    expect(textOf(status as HTMLElement)).to.equal('Vos modifications sont enregistrées.');
    expect((await profile()).editable).to.deep.equal({
      preferred_username: 'LACROIX',
      email: 'sophie.lacroix@example.fr',
    });
  });

  it('shows the BFF’s error next to its field, described by it, focused; nothing saved', async () => {
    await signIn('genre_non_specifie', { email: 'alex@example.fr' });
    const form = await render();
    const { email, submit } = partsOf(form);
    (email as HTMLInputElement).value = 'pas-une-adresse';
    submit?.click();
    await waitUntil(() => email?.getAttribute('aria-invalid') === 'true', 'no error shown');
    const error = form.shadowRoot?.getElementById(email?.getAttribute('aria-describedby') ?? '');
    expect(textOf(error as HTMLElement)).to.match(/adresse électronique valide/);
    expect(form.shadowRoot?.activeElement).to.equal(email);
    expect(Object.keys(form.errors)).to.deep.equal(['email']);
    expect(partsOf(form).usage?.getAttribute('aria-invalid')).to.equal('false');
    expect(textOf(partsOf(form).status as HTMLElement)).to.equal('');
    expect((await profile()).editable.email).to.equal('alex@example.fr');
    await expect(form).to.be.accessible();
  });

  it('is filled and sent with the keyboard alone', async () => {
    await signIn('ne_en_corse', { email: 'antoine@example.fr' });
    const form = await render();
    await sendKeys({ press: 'Tab' });
    expect(form.shadowRoot?.activeElement).to.equal(partsOf(form).usage);
    await sendKeys({ type: 'SANTONI-ROSSI' });
    const saved = oneEvent(form, 'franceconnect-saved');
    await sendKeys({ press: 'Enter' });
    await saved;
    expect((await profile()).editable.preferred_username).to.equal('SANTONI-ROSSI');
    await sendKeys({ press: 'Tab' });
    expect(form.shadowRoot?.activeElement).to.equal(partsOf(form).email);
  });

  it('confirms a FranceConnect sign-up (mode="signup"), pre-filled', async () => {
    await signIn('caracteres_speciaux', false);
    const form = await render(html`<franceconnect-profile-form mode="signup"></franceconnect-profile-form>`);
    const { locked, usage, email, submit } = partsOf(form);
    expect(locked['Nom de naissance']).to.equal("L'ŒILLET-DUPRÉ");
    expect(usage?.value).to.equal("D'ALEMBERT");
    expect(email?.value).to.equal('francoise.loeillet@example.com');
    expect(textOf(submit as HTMLElement)).to.equal('Créer mon compte');
    expect(((await (await fetch('/api/me')).json()) as { account: unknown }).account).to.equal(null);
    form.addEventListener('franceconnect-saved', (event) => event.preventDefault()); // stay on the page
    const saved = oneEvent<FranceConnectSavedEvent>(form, 'franceconnect-saved');
    submit?.click();
    const { detail } = await saved;
    expect((detail.account as { email: string }).email).to.equal('francoise.loeillet@example.com');
    const me = (await (await fetch('/api/me')).json()) as { account: { franceconnect: boolean } };
    expect(me.account.franceconnect).to.equal(true);
    await form.updateComplete;
    expect(textOf(partsOf(form).status as HTMLElement)).to.equal('Votre compte est créé.');
  });

  it('takes its data as a property, without a server', async () => {
    const requests = watchFetch();
    try {
      const form = await fixture<FranceConnectProfileForm>(
        html`<franceconnect-profile-form
          lang="en"
          .data=${{
            locked: {
              given_name: 'Lucas',
              family_name: 'FERREIRA',
              birthdate: '1992-01-01',
              gender: 'male',
              birthplace: '',
              birthcountry: '99139',
            },
            editable: { preferred_username: '', email: 'lucas@example.fr' },
          }}
        ></franceconnect-profile-form>`,
      );
      expect(partsOf(form).locked).to.deep.equal({
        'Given name(s)': 'Lucas',
        'Birth name': 'FERREIRA',
        'Date of birth': 'January 1, 1992',
        Sex: 'Male',
        'Country of birth': 'Portugal',
      });
      expect(textOf(form.shadowRoot?.querySelector('.note') as HTMLElement)).to.equal(
        'This information is provided by FranceConnect and cannot be changed.',
      );
      expect(requests.calls).to.deep.equal([]);
    } finally {
      requests.restore();
    }
  });

  it('shows errors given as a property next to their field, without a server', async () => {
    const requests = watchFetch();
    try {
      const message = 'Saisissez une adresse électronique valide, par exemple nom@domaine.fr.';
      const form = await fixture<FranceConnectProfileForm>(
        html`<franceconnect-profile-form
          .data=${{ locked: null, editable: { preferred_username: '', email: 'pas-une-adresse' } }}
          .errors=${{ email: message, given_name: 'not a field of this form' }}
        ></franceconnect-profile-form>`,
      );
      const { email, usage, root } = partsOf(form);
      expect(email?.getAttribute('aria-invalid')).to.equal('true');
      const error = root.getElementById(email?.getAttribute('aria-describedby') ?? '');
      expect(textOf(error as HTMLElement)).to.equal(message);
      expect(usage?.getAttribute('aria-invalid')).to.equal('false');
      expect(usage?.hasAttribute('aria-describedby')).to.equal(false);
      expect(root.querySelectorAll('.error').length).to.equal(1);
      expect(root.activeElement).to.equal(null, 'errors set from outside do not take the focus');
      form.errors = {};
      await form.updateComplete;
      expect(email?.getAttribute('aria-invalid')).to.equal('false');
      expect(root.querySelectorAll('.error').length).to.equal(0);
      expect(requests.calls).to.deep.equal([]);
      await expect(form).to.be.accessible();
    } finally {
      requests.restore();
    }
  });

  it('puts each value of the identity under its label when the form is narrow (a phone)', async () => {
    const data = {
      locked: {
        given_name: 'Charlotte',
        family_name: "DE LA TOUR D'AUVERGNE-LAURAGAIS DE SAINT-GERMAIN-DES-PRÉS",
        birthdate: '1999-02-28',
        gender: 'female',
        birthplace: '75106',
        birthcountry: '99100',
      },
      editable: { preferred_username: '', email: 'charlotte@example.fr' },
    };
    const rows = async (width: string) => {
      const wrapper = await fixture<HTMLElement>(
        html`<div style="width: ${width}">
          <franceconnect-profile-form .data=${data}></franceconnect-profile-form>
        </div>`,
      );
      const form = wrapper.querySelector('franceconnect-profile-form') as FranceConnectProfileForm;
      await form.updateComplete;
      const row = form.shadowRoot?.querySelector('dl > div') as HTMLElement;
      const [term, value] = [row.querySelector('dt'), row.querySelector('dd')].map((element) =>
        (element as HTMLElement).getBoundingClientRect(),
      ) as [DOMRect, DOMRect];
      return { beside: Math.abs(term.top - value.top) < 1, under: value.top >= term.bottom };
    };
    expect(await rows('40rem')).to.deep.equal({ beside: true, under: false });
    expect(await rows('18rem')).to.deep.equal({ beside: false, under: true });
  });

  it('renders nothing without a profile (signed out)', async () => {
    const form = await fixture<FranceConnectProfileForm>(
      html`<franceconnect-profile-form></franceconnect-profile-form>`,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(form.shadowRoot?.children.length).to.equal(0);
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`has no accessibility violation in the ${theme} theme`, async () => {
      if (theme === 'dark') document.body.style.background = '#161616';
      await signIn('test', { email: 'marie@example.fr' });
      const form = await render(
        html`<franceconnect-profile-form theme=${theme}></franceconnect-profile-form>`,
      );
      const button = getComputedStyle(partsOf(form).submit as HTMLElement).backgroundColor;
      expect(button).to.equal(theme === 'dark' ? 'rgb(133, 133, 246)' : 'rgb(0, 0, 145)');
      await expect(form).to.be.accessible();
    });
  }
});
