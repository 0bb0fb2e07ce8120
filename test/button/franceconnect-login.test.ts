import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '@franceconnect-kit/button';
import type { FranceConnectClickEvent, FranceConnectLogin } from '@franceconnect-kit/button';
import { box, buttonIn, partsOf, textOf } from './helpers.js';

// qualification #1–#7: the sentence above the button, the help link under it, FranceConnect first,
// then a line with « ou », then the site's own methods; the same block on the sign-up page.

const SENTENCE =
  'FranceConnect est la solution proposée par l’État pour sécuriser et simplifier la connexion à vos services en ligne.';
const SENTENCE_PLUS =
  'FranceConnect+ est la solution proposée par l’État pour renforcer la sécurité de vos services en ligne les plus sensibles.';

function sectionOf(login: FranceConnectLogin) {
  const root = login.shadowRoot as ShadowRoot;
  const find = (selector: string) => {
    const found = root.querySelector<HTMLElement>(selector);
    if (!found) throw new Error(`<franceconnect-login> renders no ${selector}`);
    return found;
  };
  return {
    heading:
      (root.querySelector('slot[name="heading"]') as HTMLSlotElement).assignedElements()[0] ?? find('h2'),
    sentence: find('.sentence'),
    button: buttonIn(login),
    separator: find('.separator'),
  };
}

async function render(markup: ReturnType<typeof html>): Promise<FranceConnectLogin> {
  const login = await fixture<FranceConnectLogin>(markup);
  await buttonIn(login).updateComplete;
  return login;
}

describe('<franceconnect-login>', () => {
  it('lays out, top to bottom: heading, sentence, button, help link, « ou », the site’s methods', async () => {
    const login = await render(
      html`<franceconnect-login>
        <form id="password">
          <label>Adresse électronique <input type="email" /></label>
        </form>
      </franceconnect-login>`,
    );
    const { heading, sentence, button, separator } = sectionOf(login);
    const { control, help } = partsOf(button);
    const methods = login.querySelector('#password') as HTMLElement;
    const order = [heading, sentence, control, help, separator, methods].map((element) => box(element));
    for (let i = 1; i < order.length; i++) {
      expect(order[i]?.top, `element ${i} starts below element ${i - 1}`).to.be.at.least(
        order[i - 1]?.bottom ?? 0,
      );
    }
    expect(textOf(heading)).to.equal('Se connecter');
    expect(textOf(sentence)).to.equal(SENTENCE);
    expect(textOf(separator)).to.equal('ou');
    // The separator is a line on either side of « ou », across the section.
    for (const side of ['::before', '::after']) {
      const line = getComputedStyle(separator, side);
      expect([line.borderTopWidth, line.borderTopStyle]).to.deep.equal(['1px', 'solid']);
    }
    expect(box(separator).width).to.equal(box(login).width);
  });

  it('gives the sign-up page the same block, under a sign-up heading', async () => {
    const login = await render(html`<franceconnect-login mode="signup"></franceconnect-login>`);
    const { heading, sentence, button, separator } = sectionOf(login);
    expect(textOf(heading)).to.equal('Créer un compte');
    expect(textOf(sentence)).to.equal(SENTENCE);
    expect(textOf(partsOf(button).first)).to.equal('S’identifier avec');
    expect(textOf(partsOf(button).help)).to.equal('Qu’est-ce que FranceConnect ?');
    expect(box(separator).top).to.be.greaterThan(box(button).bottom);
  });

  it('takes the page’s heading in its heading slot', async () => {
    const login = await render(
      html`<franceconnect-login><h1 slot="heading">Connexion à Démoville</h1></franceconnect-login>`,
    );
    const { heading, sentence } = sectionOf(login);
    expect(heading.localName).to.equal('h1');
    expect(login.shadowRoot?.querySelector('h2')?.getClientRects().length ?? 0).to.equal(0);
    expect(box(heading).bottom).to.be.at.most(box(sentence).top);
  });

  it('passes variant and href to its button, with the FranceConnect+ sentence for FranceConnect+', async () => {
    const login = await render(
      html`<franceconnect-login variant="plus" href="/auth/plus"></franceconnect-login>`,
    );
    const { sentence, button } = sectionOf(login);
    expect(textOf(sentence)).to.equal(SENTENCE_PLUS);
    expect(textOf(partsOf(button).brand)).to.equal('FranceConnect+');
    expect(partsOf(button).control.getAttribute('href')).to.equal('/auth/plus');
  });

  it('is in English with lang="en"', async () => {
    const login = await render(html`<franceconnect-login lang="en"></franceconnect-login>`);
    const { heading, sentence, button, separator } = sectionOf(login);
    expect(textOf(heading)).to.equal('Sign in');
    expect(textOf(sentence)).to.equal(
      'FranceConnect is the solution offered by the French State to secure and simplify signing in to your online services.',
    );
    expect(textOf(separator)).to.equal('or');
    expect(textOf(partsOf(button).first)).to.equal('Sign in with');
  });

  it('lets franceconnect-click out, cancelable', async () => {
    const login = await render(html`<franceconnect-login></franceconnect-login>`);
    login.addEventListener('franceconnect-click', (event) => event.preventDefault());
    const announced = oneEvent<FranceConnectClickEvent>(login, 'franceconnect-click');
    partsOf(buttonIn(login)).control.click();
    const event = await announced;
    expect(event.detail.variant).to.equal('login');
    expect(event.defaultPrevented).to.be.true;
  });

  it('takes the page’s typography for its texts; the button keeps its own', async () => {
    const login = await render(
      html`<franceconnect-login
        style="font: italic 20px/1.5 serif; color: rgb(10, 20, 30)"
      ></franceconnect-login>`,
    );
    const { sentence, button } = sectionOf(login);
    const style = getComputedStyle(sentence);
    expect([style.fontStyle, style.fontSize, style.color]).to.deep.equal([
      'italic',
      '20px',
      'rgb(10, 20, 30)',
    ]);
    expect(getComputedStyle(partsOf(button).first).fontSize).to.equal('17px');
  });

  describe('axe: no violations', () => {
    afterEach(() => {
      document.body.style.cssText = '';
    });
    for (const theme of ['light', 'dark'] as const) {
      for (const mode of ['login', 'signup'] as const) {
        it(`${mode}, ${theme} theme`, async () => {
          document.body.style.cssText = theme === 'dark' ? 'background: #161616; color: #cecece' : '';
          const login = await render(
            html`<franceconnect-login mode=${mode} theme=${theme}>
              <form>
                <label>Mot de passe <input type="password" /></label><button>Se connecter</button>
              </form>
            </franceconnect-login>`,
          );
          await expect(login).to.be.accessible();
        });
      }
    }
  });
});
