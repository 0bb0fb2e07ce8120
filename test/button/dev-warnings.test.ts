import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '@franceconnect-kit/button';
import { captureWarnings, settle } from './helpers.js';

// The development build (the `development` export condition) warns in the console when a page breaks a
// placement rule; the production build says nothing (production/*.test.ts).

const SENTENCE =
  'FranceConnect est la solution proposée par l’État pour sécuriser et simplifier la connexion à vos services en ligne.';

describe('development warnings', () => {
  let warnings: ReturnType<typeof captureWarnings>;

  beforeEach(() => {
    warnings = captureWarnings();
  });

  afterEach(() => warnings.restore());

  /** Renders `markup`, lets the checks run, and returns the kit's warnings about it. */
  async function warningsFor(markup: ReturnType<typeof html>): Promise<string[]> {
    const before = warnings.kit().length;
    const element = await fixture(markup);
    element.querySelector<HTMLElement>('[popover]')?.showPopover();
    await settle();
    return warnings.kit().slice(before);
  }

  it('says nothing about a compliant page', async () => {
    expect(
      await warningsFor(
        html`<main>
          <section>
            <h2>Se connecter</h2>
            <p>${SENTENCE}</p>
            <franceconnect-button></franceconnect-button>
            <p>ou</p>
            <form><input type="email" autocomplete="username" /><input type="password" /></form>
          </section>
        </main>`,
      ),
    ).to.deep.equal([]);
    expect(
      await warningsFor(
        html`<section>
          <franceconnect-login
            ><form><input type="password" /><button>Se connecter</button></form></franceconnect-login
          >
        </section>`,
      ),
    ).to.deep.equal([]);
    expect(
      await warningsFor(
        html`<section><franceconnect-button variant="data"></franceconnect-button></section>`,
      ),
      'the data button is not a sign-in method',
    ).to.deep.equal([]);
    expect(
      await warningsFor(
        html`<main>
          <form>
            <label>Lettre d’information <input type="email" /></label>
          </form>
          <franceconnect-login></franceconnect-login>
        </main>`,
      ),
      'a newsletter form is not a sign-in method',
    ).to.deep.equal([]);
  });

  it('warns about a button without the explanatory sentence above it (qualification #1)', async () => {
    const [warning] = await warningsFor(
      html`<section><franceconnect-button></franceconnect-button></section>`,
    );
    expect(warning)
      .to.include('<franceconnect-button>')
      .and.include('explanatory sentence')
      .and.include('#1');
    expect(
      await warningsFor(
        html`<section>
          <franceconnect-button></franceconnect-button>
          <p>${SENTENCE}</p>
        </section>`,
      ),
      'the sentence must be above the button',
    ).to.have.length(1);
  });

  it('warns about a button inside a <dialog> (qualification #13)', async () => {
    const [warning] = await warningsFor(
      html`<dialog open>
        <p>${SENTENCE}</p>
        <franceconnect-button></franceconnect-button>
      </dialog>`,
    );
    expect(warning).to.include('<dialog>').and.include('#13');
  });

  it('warns about a section inside a popover (qualification #13)', async () => {
    const [warning] = await warningsFor(
      html`<div popover="manual"><franceconnect-login></franceconnect-login></div>`,
    );
    expect(warning).to.include('<franceconnect-login>').and.include('popover').and.include('#13');
  });

  it('warns about a button inside an iframe (qualification #13)', async () => {
    const frame = document.createElement('iframe');
    frame.src = new URL('./fixtures/in-iframe.html', import.meta.url).href;
    document.body.append(frame);
    try {
      await oneEvent(frame, 'load');
      const page = frame.contentWindow as Window & { warnings?: string[] };
      await waitUntil(() => (page.warnings ?? []).length > 0, 'no warning from the framed page');
      const kit = (page.warnings ?? []).filter((message) => message.startsWith('[franceconnect-kit]'));
      expect(kit).to.have.length(1);
      expect(kit[0]).to.include('iframe').and.include('#13');
    } finally {
      frame.remove();
    }
  });

  for (const social of [
    html`<button type="button">Se connecter avec Google</button>`,
    html`<a href="https://www.facebook.com/v19.0/dialog/oauth?client_id=1">Facebook</a>`,
    html`<button aria-label="Continuer avec Apple"><img alt="" src="data:," /></button>`,
    html`<a href="/auth/github">Sign in with GitHub</a>`,
    html`<button>Continuer avec X</button>`,
  ]) {
    it(`warns about a social-network sign-in next to FranceConnect (qualification #7): ${social.strings.join('…').slice(0, 60)}`, async () => {
      const found = await warningsFor(
        html`<section>
          <franceconnect-login>${social}</franceconnect-login>
        </section>`,
      );
      expect(found).to.have.length(1);
      expect(found[0]).to.include('social-network').and.include('#7');
    });
  }

  it('warns about a social-network sign-in in the same section as a bare button', async () => {
    const found = await warningsFor(
      html`<section>
        <p>${SENTENCE}</p>
        <franceconnect-button></franceconnect-button>
        <p>ou</p>
        <a href="https://accounts.google.com/o/oauth2/v2/auth?client_id=1">Google</a>
      </section>`,
    );
    expect(found).to.have.length(1);
    expect(found[0]).to.include('social-network');
  });

  it('does not take a share link for a sign-in button', async () => {
    expect(
      await warningsFor(
        html`<section>
          <franceconnect-login></franceconnect-login>
          <a href="https://www.facebook.com/sharer/sharer.php?u=x">Partager sur Facebook</a>
        </section>`,
      ),
    ).to.deep.equal([]);
  });

  it('warns when another sign-in method comes before FranceConnect (qualification #5)', async () => {
    const [warning] = await warningsFor(
      html`<section>
        <form><input type="email" /><input type="password" /><button>Se connecter</button></form>
        <franceconnect-login></franceconnect-login>
      </section>`,
    );
    expect(warning).to.include('first sign-in method').and.include('#5');
    const [bare] = await warningsFor(
      html`<section>
        <form><input type="password" /></form>
        <p>${SENTENCE}</p>
        <franceconnect-button></franceconnect-button>
      </section>`,
    );
    expect(bare).to.include('first sign-in method');
  });

  it('warns about an unknown variant, and about an href that contradicts the fallback link', async () => {
    const found = await warningsFor(
      html`<section>
        <p>${SENTENCE}</p>
        <franceconnect-button variant="gold" href="/a"
          ><a href="/b">S’identifier avec FranceConnect</a></franceconnect-button
        >
      </section>`,
    );
    expect(found).to.have.length(2);
    expect(found.join('\n')).to.include('variant="gold"').and.include('/b');
  });

  it('warns once per element and rule', async () => {
    const button = (await fixture(html`<section><franceconnect-button></franceconnect-button></section>`))
      .firstElementChild;
    await settle();
    button?.remove();
    document.body.append(button as Element);
    await settle();
    expect(warnings.kit()).to.have.length(1);
    button?.remove();
  });
});
