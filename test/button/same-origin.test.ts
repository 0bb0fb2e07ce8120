import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '@franceconnect-kit/button';
import '@franceconnect-kit/button/franceconnect-prefill.js';
import type { FranceConnectProfileForm, FranceConnectUser } from '@franceconnect-kit/button';
import type { FranceConnectPrefill } from '@franceconnect-kit/button/franceconnect-prefill.js';
import { sameOriginUrl } from '../../packages/button/src/internal/same-origin.js';

// security.md "returnTo: only same-origin relative paths", in the browser: the elements send the
// browser (and the session's CSRF token) only to this site, judged as the browser itself reads the
// value: `?returnTo=/%09/host` arrives as `/<tab>/host`, which the browser reads as `//host`.

/** Where the browser goes with this href: its own URL parser, through a link. */
function browserReads(value: string): { origin: string; pathname: string } {
  const link = document.createElement('a');
  link.href = value;
  return { origin: link.origin, pathname: link.pathname };
}

/** A small seeded generator (mulberry32), the same as the Node fuzz tests'. */
function seededRandom(seed: number) {
  let state = seed >>> 0;
  return (max: number) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * max);
  };
}

const THREATS = [
  '/\t/evil.example/x',
  '/\n/evil.example/x',
  '/.//evil.example/x',
  '/%2e//evil.example/x',
  '/a/..//evil.example/x',
  '//evil.example/x',
  '/\\evil.example/x',
  '\\/evil.example/x',
  'https://evil.example/x',
  'javascript:alert(1)',
  ' //evil.example',
];

describe('same-origin destinations in the browser', () => {
  it('the threats leave the site when the browser reads them, and are refused', () => {
    for (const value of THREATS) {
      const read = browserReads(value);
      expect(
        read.origin !== location.origin || read.pathname.startsWith('//'),
        `${JSON.stringify(value)} is a real threat`,
      ).to.equal(true);
      expect(sameOriginUrl(value), JSON.stringify(value)).to.equal(undefined);
    }
    expect(sameOriginUrl('/mes-aides?x=1#y')).to.equal(`${location.origin}/mes-aides?x=1#y`);
  });

  it('never keeps a value the browser would follow elsewhere, over thousands of seeded random values', () => {
    const seed = Date.now() % 1_000_000;
    const next = seededRandom(seed);
    const pieces = [
      '/',
      '//',
      '\\',
      '.',
      '..',
      '%2e',
      '%2f',
      '%5c',
      '\t',
      '\n',
      '\r',
      ' ',
      '\u3000',
      '@',
      ':',
      '?',
      '#',
      'evil.example',
      'javascript:',
      'https:',
      'data:',
      'é',
      'profil',
    ];
    for (let i = 0; i < 3000; i++) {
      const value = Array.from({ length: 1 + next(7) }, () => pieces[next(pieces.length)]).join('');
      const kept = sameOriginUrl(value);
      if (kept === undefined) continue;
      const read = browserReads(kept);
      expect(read.origin, `${JSON.stringify(value)} (seed ${seed})`).to.equal(location.origin);
      expect(read.pathname.startsWith('//'), `${JSON.stringify(value)} (seed ${seed})`).to.equal(false);
    }
  });
});

describe('<franceconnect-profile-form mode="signup"> with a returnTo that leaves the site', () => {
  before(() => executeServerCommand('franceconnect-reset'));
  afterEach(() => executeServerCommand('franceconnect-sign-out'));

  // One pending sign-up per case (a test identity each): « Créer mon compte », then where does it go?
  const cases: Array<[string, string]> = [
    ['test', '/%09/evil.example/x'],
    ['nom_usage', '/.//evil.example/x'],
    ['ne_a_l_etranger', '%2F%0A%2Fevil.example%2Fx'],
    ['date_presumee', '/mes-aides?onglet=1'],
  ];
  for (const [login, returnTo] of cases) {
    it(`goes to this site only (?returnTo=${returnTo})`, async () => {
      await executeServerCommand('franceconnect-sign-in', { login, signUp: false });
      const frame = document.createElement('iframe');
      frame.src = `${new URL('./fixtures/sign-up.html', import.meta.url).href}?returnTo=${returnTo}`;
      document.body.append(frame);
      try {
        await oneEvent(frame, 'load');
        const page = frame.contentWindow as Window & { customElements: CustomElementRegistry };
        await page.customElements.whenDefined('franceconnect-profile-form');
        const form = page.document.querySelector('franceconnect-profile-form') as FranceConnectProfileForm;
        await waitUntil(() => form.data !== undefined, 'the pending sign-up was not read');
        await form.updateComplete;
        const left = oneEvent(frame, 'load');
        form.shadowRoot?.querySelector<HTMLButtonElement>('button[type="submit"]')?.click();
        await left;
        // A cross-origin page would throw here (or be Chromium's error page for an unknown host).
        const landed = frame.contentWindow?.location;
        expect(landed?.origin).to.equal(location.origin);
        const safe = returnTo.startsWith('/mes-aides');
        expect(`${landed?.pathname}${landed?.search}`).to.equal(safe ? returnTo : '/');
      } finally {
        frame.remove();
      }
    });
  }
});

describe('attributes that name where the elements go', () => {
  before(() => executeServerCommand('franceconnect-reset'));
  afterEach(() => executeServerCommand('franceconnect-sign-out'));

  it('<franceconnect-user>: another site’s profile link or logout action is ignored (the form carries the CSRF token)', async () => {
    await executeServerCommand('franceconnect-sign-in', {
      login: 'nom_compose',
      signUp: { email: 'sophie@example.fr' },
    });
    const user = await fixture<FranceConnectUser>(
      html`<franceconnect-user
        profile-href="https://evil.example/profil"
        logout-action="/.//evil.example/logout"
      ></franceconnect-user>`,
    );
    await waitUntil(() => user.data !== undefined, 'the session was not read');
    await user.updateComplete;
    const root = user.shadowRoot as ShadowRoot;
    const link = root.querySelector('a') as HTMLAnchorElement;
    const form = root.querySelector('form') as HTMLFormElement;
    expect(link.getAttribute('href')).to.equal('/profil');
    expect(new URL(form.action).origin).to.equal(location.origin);
    expect(new URL(form.action).pathname).to.equal('/auth/logout');
    user.profileHref = '/mon-espace';
    await user.updateComplete;
    expect(link.getAttribute('href')).to.equal('/mon-espace', 'a path of this site is kept');
  });

  it('<franceconnect-prefill>: a start on another site is replaced by /auth/data', async () => {
    const element = await fixture<FranceConnectPrefill>(html`
      <franceconnect-prefill src="/test/button/fixtures/no-such-file.json" start="/.//evil.example/data">
        <franceconnect-button variant="data"></franceconnect-button>
      </franceconnect-prefill>
    `);
    const href = element.querySelector('franceconnect-button')?.getAttribute('href') ?? '';
    const read = browserReads(href);
    expect(read.origin).to.equal(location.origin);
    expect(read.pathname).to.equal('/auth/data');
  });
});
