import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import '@franceconnect-kit/button';
import type {
  FranceConnectPasskeys,
  FranceConnectStepUp,
  PasskeyView,
  StepUpStatus,
} from '@franceconnect-kit/button';
import { textOf } from './helpers.js';

// <franceconnect-step-up> (qualification #22 and the accounts' sensitive acts): the ways the BFF says
// the person has, FranceConnect first, each FranceConnect button under its own sentence, « ou »
// between them, a labelled password field, French, keyboard and axe; read from the real BFF behind
// the test server. <franceconnect-passkeys>: the list with its dates, rename and removal in place,
// the focus kept where the person acts.

const PLUS_SENTENCE =
  'FranceConnect+ est la solution proposée par l’État pour renforcer la sécurité de vos services en ligne les plus sensibles.';
const FC_SENTENCE =
  'FranceConnect est la solution proposée par l’État pour sécuriser et simplifier la connexion à vos services en ligne.';

const everything: StepUpStatus = {
  requirement: 'recent-authentication',
  satisfied: false,
  message: '',
  methods: [
    { method: 'franceconnect', href: '/auth/reauthenticate?returnTo=%2Fprofil' },
    { method: 'franceconnect-plus', href: '/auth/plus/reauthenticate?returnTo=%2Fprofil' },
    { method: 'passkey' },
    { method: 'password' },
  ],
  returnTo: '/profil',
};

async function stepUp(status: StepUpStatus | undefined, requirement = 'recent-authentication') {
  const element = await fixture<FranceConnectStepUp>(
    html`<franceconnect-step-up
      requirement=${requirement}
      return-to="/profil"
      .status=${status}
    ></franceconnect-step-up>`,
  );
  await waitUntil(() => element.status !== undefined, 'the BFF was not read');
  await element.updateComplete;
  return element;
}

describe('<franceconnect-step-up>', () => {
  before(() => executeServerCommand('franceconnect-reset'));
  afterEach(() => executeServerCommand('franceconnect-sign-out'));

  it('offers each way in order, each FranceConnect button under its sentence, « ou » between them', async () => {
    const element = await stepUp(everything);
    const root = element.shadowRoot as ShadowRoot;
    const blocks = [...root.querySelectorAll('.method, .separator')].map((block) => textOf(block));
    expect(blocks[0]).to.equal(FC_SENTENCE);
    expect(blocks[1]).to.equal('ou');
    expect(blocks[2]).to.equal(PLUS_SENTENCE);
    expect(blocks[3]).to.equal('ou');
    expect(blocks[4]).to.equal('Utiliser ma clé d’accès');
    expect(blocks[5]).to.equal('ou');
    const buttons = [...root.querySelectorAll('franceconnect-button')];
    expect(buttons.map((button) => button.getAttribute('variant'))).to.deep.equal(['login', 'plus']);
    const plus = buttons[1]?.shadowRoot?.querySelector('a.button');
    expect(plus?.getAttribute('href')).to.equal('/auth/plus/reauthenticate?returnTo=%2Fprofil');
    const input = root.querySelector('input[type="password"]') as HTMLInputElement;
    expect(textOf(root.querySelector(`label[for="${input.id}"]`) as Element)).to.equal('Mot de passe');
    expect(input.autocomplete).to.equal('current-password');
    await expect(element).to.be.accessible();
  });

  it('reads the BFF: confirmed right after signing in, no second factor without passkey nor FranceConnect+', async () => {
    await executeServerCommand('franceconnect-sign-in', {
      login: 'test',
      signUp: { email: 'marie@example.fr' },
    });
    const recent = await stepUp(undefined, 'recent-authentication');
    expect(recent.status?.satisfied).to.equal(true);
    expect(textOf(recent.shadowRoot as ShadowRoot as unknown as Element)).to.include(
      'Votre identité est confirmée.',
    );
    const second = await stepUp(undefined, 'second-factor');
    expect(second.status?.satisfied).to.equal(false);
    expect(textOf(second.shadowRoot as unknown as Element)).to.include(
      'Aucun second facteur n’est disponible sur votre compte',
    );
    await expect(second).to.be.accessible();
  });

  it('says when the session has ended, with a link to sign in again', async () => {
    const element = await stepUp(undefined);
    expect(element.status).to.equal(null);
    const link = element.shadowRoot?.querySelector('a');
    expect(textOf(link as Element)).to.equal('Se connecter');
    expect(link?.getAttribute('href')).to.equal('/auth/login?returnTo=%2Fprofil');
  });

  it('speaks English from lang', async () => {
    const element = await fixture<FranceConnectStepUp>(
      html`<franceconnect-step-up
        lang="en"
        requirement="recent-authentication"
        .status=${{ ...everything, methods: [{ method: 'password' }] }}
      ></franceconnect-step-up>`,
    );
    await element.updateComplete;
    expect(textOf(element.shadowRoot as unknown as Element)).to.include(
      'For your security, confirm your identity',
    );
  });
});

const listed: PasskeyView[] = [
  {
    id: 'a',
    name: 'Mon téléphone',
    createdAt: '2026-09-14T08:30:00.000Z',
    lastUsedAt: '2026-11-28T17:02:00.000Z',
    synced: true,
  },
  { id: 'b', name: 'Clé du bureau', createdAt: '2026-10-02T12:00:00.000Z', lastUsedAt: null, synced: false },
];

describe('<franceconnect-passkeys>', () => {
  it('lists the passkeys with their dates, in French, accessible', async () => {
    const element = await fixture<FranceConnectPasskeys>(
      html`<franceconnect-passkeys .passkeys=${listed}></franceconnect-passkeys>`,
    );
    const items = [...(element.shadowRoot?.querySelectorAll('li') ?? [])];
    expect(items.map((item) => textOf(item.querySelector('.name') as Element))).to.deep.equal([
      'Mon téléphone',
      'Clé du bureau',
    ]);
    expect(textOf(items[0]?.querySelector('.meta') as Element)).to.equal(
      'Ajoutée le 14 septembre 2026, dernière utilisation le 28 novembre 2026, synchronisée entre vos appareils',
    );
    expect(textOf(items[1]?.querySelector('.meta') as Element)).to.equal(
      'Ajoutée le 2 octobre 2026, jamais utilisée',
    );
    await expect(element).to.be.accessible();
  });

  it('renames and removes in place, the focus where the person acts, Annuler back to the button', async () => {
    const element = await fixture<FranceConnectPasskeys>(
      html`<franceconnect-passkeys .passkeys=${listed}></franceconnect-passkeys>`,
    );
    const root = element.shadowRoot as ShadowRoot;
    const rename = root.querySelector<HTMLButtonElement>('#edit-0');
    expect(rename?.getAttribute('aria-label')).to.equal('Renommer « Mon téléphone »');
    rename?.click();
    await waitUntil(() => root.activeElement?.id === 'rename-0', 'the name field gets the focus');
    expect((root.activeElement as HTMLInputElement).value).to.equal('Mon téléphone');
    await expect(element).to.be.accessible();
    [...root.querySelectorAll('button')].find((button) => textOf(button) === 'Annuler')?.click();
    await waitUntil(() => root.activeElement?.id === 'edit-0', 'back to « Renommer »');

    root.querySelector<HTMLButtonElement>('#remove-1')?.click();
    await waitUntil(() => root.activeElement?.id === 'confirm-1', 'the question gets the focus');
    expect(textOf(root.activeElement as Element)).to.equal(
      'Retirer la clé d’accès « Clé du bureau » de votre compte ?',
    );
    await sendKeys({ press: 'Tab' });
    expect(textOf(root.activeElement as Element)).to.equal('Oui, la retirer');
    await expect(element).to.be.accessible();
  });

  it('labels the form to add one', async () => {
    const element = await fixture<FranceConnectPasskeys>(
      html`<franceconnect-passkeys .passkeys=${[]}></franceconnect-passkeys>`,
    );
    const root = element.shadowRoot as ShadowRoot;
    expect(textOf(root.querySelector('p') as Element)).to.equal(
      'Aucune clé d’accès n’est enregistrée sur votre compte.',
    );
    const input = root.querySelector<HTMLInputElement>('#new-name');
    expect(textOf(root.querySelector('label[for="new-name"]') as Element)).to.equal(
      'Nom de la nouvelle clé d’accès Pour la reconnaître, par exemple « Mon téléphone ».',
    );
    expect(input?.maxLength).to.equal(64);
    expect(textOf(root.querySelector('button[type="submit"]') as Element)).to.equal(
      'Ajouter une clé d’accès',
    );
  });
});
