import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import '@franceconnect-kit/button';
import type { FranceConnectUser } from '@franceconnect-kit/button';
import { box, textOf } from './helpers.js';

// qualification #14: the signed-in person sees that they are signed in, reaches their profile, and
// logs out with a POST of the session's CSRF token in the same tab (#9, #13). Against the real BFF
// and local FranceConnect behind the test server (web-test-runner.config.mjs).

interface Me {
  csrfToken: string;
}

const signIn = (login: string, email?: string) =>
  executeServerCommand('franceconnect-sign-in', { login, signUp: email ? { email } : false });

async function render(markup = html`<franceconnect-user></franceconnect-user>`): Promise<FranceConnectUser> {
  const user = await fixture<FranceConnectUser>(markup);
  await waitUntil(() => user.data !== undefined, 'the session was not read');
  await user.updateComplete;
  return user;
}

function partsOf(user: FranceConnectUser) {
  const root = user.shadowRoot as ShadowRoot;
  return {
    name: root.querySelector<HTMLElement>('.name'),
    profile: root.querySelector<HTMLAnchorElement>('a'),
    form: root.querySelector<HTMLFormElement>('form'),
    logout: root.querySelector<HTMLButtonElement>('button'),
  };
}

describe('<franceconnect-user> (against the BFF)', () => {
  before(() => executeServerCommand('franceconnect-reset'));
  afterEach(async () => {
    await executeServerCommand('franceconnect-sign-out');
    document.body.style.removeProperty('background');
  });

  it('shows the signed-in person’s name, a link to the profile and a logout button', async () => {
    await signIn('test', 'marie@example.fr');
    const user = await render();
    const { name, profile, logout } = partsOf(user);
    expect(textOf(name as HTMLElement)).to.equal('Marie Anne DUPUIS');
    expect(profile?.getAttribute('href')).to.equal('/profil');
    expect(textOf(profile as HTMLElement)).to.equal('Mon profil');
    expect(textOf(logout as HTMLElement)).to.equal('Se déconnecter');
    expect(user.shadowRoot?.querySelector('[role="group"]')?.getAttribute('aria-label')).to.equal(
      'Compte de Marie Anne DUPUIS',
    );
  });

  it('shows the nom d’usage rather than the birth name', async () => {
    await executeServerCommand('franceconnect-sign-in', {
      login: 'nom_usage',
      signUp: { email: 'julien@example.fr', preferred_username: 'BERNARD' },
    });
    const user = await render();
    expect(textOf(partsOf(user).name as HTMLElement)).to.equal('Julien BERNARD');
  });

  it('shows a person whose sign-up is pending too: they are signed in with FranceConnect', async () => {
    await signIn('nom_compose');
    const user = await render();
    expect(textOf(partsOf(user).name as HTMLElement)).to.equal('Sophie Claire BRUNET-LACROIX');
  });

  it('logs out with a POST of the session’s CSRF token, in the same tab', async () => {
    await signIn('test', 'marie@example.fr');
    const user = await render(
      html`<franceconnect-user profile-href="/mon-compte" logout-action="/auth/logout"></franceconnect-user>`,
    );
    const { form, logout, profile } = partsOf(user);
    expect(profile?.getAttribute('href')).to.equal('/mon-compte');
    const me = (await (await fetch('/api/me')).json()) as Me;
    const opened: unknown[] = [];
    const open = window.open.bind(window);
    window.open = (...args: unknown[]) => {
      opened.push(args);
      return null;
    };
    let submitted: FormData | undefined;
    form?.addEventListener('submit', (event) => {
      event.preventDefault(); // the test page stays; the request is replayed below
      submitted = new FormData(form);
    });
    try {
      logout?.click();
    } finally {
      window.open = open;
    }
    expect(submitted?.get('_csrf')).to.equal(me.csrfToken);
    expect(form?.method).to.equal('post');
    expect(form?.getAttribute('action')).to.equal('/auth/logout');
    expect(form?.target).to.equal('', 'no other window or frame');
    expect(opened).to.deep.equal([]);
    // What the browser sends, the BFF takes: the session ends, on the way to FranceConnect's logout.
    const answer = await fetch(form?.action ?? '', {
      method: 'POST',
      body: new URLSearchParams(submitted as unknown as Record<string, string>),
      redirect: 'manual',
    });
    expect(answer.type).to.equal('opaqueredirect');
    expect((await fetch('/api/me')).status).to.equal(204);
  });

  it('is used with the keyboard: Tab to the profile link, Tab to the logout button, Enter submits', async () => {
    await signIn('test', 'marie@example.fr');
    const user = await render();
    const { form, logout, profile } = partsOf(user);
    let submitted = 0;
    form?.addEventListener('submit', (event) => {
      event.preventDefault();
      submitted++;
    });
    await sendKeys({ press: 'Tab' });
    expect(user.shadowRoot?.activeElement).to.equal(profile);
    await sendKeys({ press: 'Tab' });
    expect(user.shadowRoot?.activeElement).to.equal(logout);
    await sendKeys({ press: 'Enter' });
    expect(submitted).to.equal(1);
  });

  it('renders nothing when signed out', async () => {
    const user = await render();
    expect(user.data).to.equal(null);
    expect(user.shadowRoot?.children.length).to.equal(0);
    expect(box(user).width * box(user).height).to.equal(0);
    await expect(user).to.be.accessible();
  });

  it('speaks English with lang="en"', async () => {
    await signIn('test', 'marie@example.fr');
    const user = await render(html`<franceconnect-user lang="en"></franceconnect-user>`);
    expect(textOf(partsOf(user).profile as HTMLElement)).to.equal('My profile');
    expect(textOf(partsOf(user).logout as HTMLElement)).to.equal('Sign out');
  });

  it('takes its data as a property, without a server', async () => {
    const user = await fixture<FranceConnectUser>(
      html`<franceconnect-user
        .data=${{ identity: null, account: { email: 'alex@example.fr', preferred_username: '' }, csrfToken: 't' }}
      ></franceconnect-user>`,
    );
    expect(textOf(partsOf(user).name as HTMLElement)).to.equal('alex@example.fr');
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`has no accessibility violation in the ${theme} theme`, async () => {
      // A page in the dark theme has a dark background (the DSFR's #161616).
      if (theme === 'dark') document.body.style.background = '#161616';
      await signIn('test', 'marie@example.fr');
      const user = await render(html`<franceconnect-user theme=${theme}></franceconnect-user>`);
      const colour = getComputedStyle(partsOf(user).profile as HTMLElement).color;
      expect(colour).to.equal(theme === 'dark' ? 'rgb(133, 133, 246)' : 'rgb(0, 0, 145)');
      await expect(user).to.be.accessible();
    });
  }
});
