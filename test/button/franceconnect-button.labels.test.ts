import { expect, fixture, html } from '@open-wc/testing';
import { a11ySnapshot, findAccessibilityNode } from '@web/test-runner-commands';
import '@franceconnect-kit/button';
import type { FranceConnectButton } from '@franceconnect-kit/button';
import { partsOf, textOf } from './helpers.js';

// The official wordings (button.md, qualification « Wording decisions »): never reworded, translated
// only to English, the brand never translated; the apostrophe is U+2019.

const labels = {
  fr: {
    login: ['S’identifier avec', 'FranceConnect'],
    plus: ['S’identifier avec', 'FranceConnect+'],
    data: ['Récupérer ses données avec', 'FranceConnect'],
  },
  en: {
    login: ['Sign in with', 'FranceConnect'],
    plus: ['Sign in with', 'FranceConnect+'],
    data: ['Retrieve my data with', 'FranceConnect'],
  },
} as const;

const help = {
  fr: {
    login: ['Qu’est-ce que FranceConnect ?', 'https://franceconnect.gouv.fr/', ' - nouvelle fenêtre'],
    plus: [
      'Qu’est-ce que FranceConnect+ ?',
      'https://franceconnect.gouv.fr/france-connect-plus',
      ' - nouvelle fenêtre',
    ],
    data: ['Qu’est-ce que FranceConnect ?', 'https://franceconnect.gouv.fr/', ' - nouvelle fenêtre'],
  },
  en: {
    login: ['What is FranceConnect?', 'https://franceconnect.gouv.fr/', ' - new window'],
    plus: ['What is FranceConnect+?', 'https://franceconnect.gouv.fr/france-connect-plus', ' - new window'],
    data: ['What is FranceConnect?', 'https://franceconnect.gouv.fr/', ' - new window'],
  },
} as const;

type AxNode = { role?: string; name?: string; children: AxNode[] };

describe('<franceconnect-button> labels and accessibility', () => {
  for (const lang of ['fr', 'en'] as const) {
    for (const variant of ['login', 'plus', 'data'] as const) {
      describe(`${variant}, lang="${lang}"`, () => {
        it('shows the exact label, in two lines: regular then the bold brand', async () => {
          const button = await fixture<FranceConnectButton>(
            html`<div lang=${lang}><franceconnect-button variant=${variant}></franceconnect-button></div>`,
          ).then((wrapper) => wrapper.querySelector('franceconnect-button') as FranceConnectButton);
          const { first, brand } = partsOf(button);
          expect([textOf(first), textOf(brand)]).to.deep.equal(labels[lang][variant]);
          expect(textOf(first)).not.to.include("'");
        });

        it('is a link named exactly by its visible text, with no aria-label', async () => {
          const button = await fixture<FranceConnectButton>(
            html`<franceconnect-button variant=${variant} lang=${lang}></franceconnect-button>`,
          );
          const { control } = partsOf(button);
          const name = labels[lang][variant].join(' ');
          expect(control.localName).to.equal('a');
          expect(control.hasAttribute('aria-label')).to.be.false;
          const snapshot = (await a11ySnapshot({})) as unknown as AxNode;
          const link = findAccessibilityNode<AxNode>(
            snapshot,
            (node) => node.role === 'link' && node.name === name,
          );
          expect(link, `a link named « ${name} »`).to.exist;
        });

        it('has the help link: its text, URL, new window with rel="noopener", and the title saying so', async () => {
          const button = await fixture<FranceConnectButton>(
            html`<franceconnect-button variant=${variant} lang=${lang}></franceconnect-button>`,
          );
          const link = partsOf(button).help;
          const [text, url, newWindow] = help[lang][variant];
          expect(textOf(link)).to.equal(text);
          expect(link.getAttribute('href')).to.equal(url);
          expect(link.getAttribute('target')).to.equal('_blank');
          expect(link.getAttribute('rel')).to.equal('noopener');
          expect(link.getAttribute('title')).to.equal(text + newWindow);
        });
      });
    }
  }

  it('writes the plus of FranceConnect+ as text, not as CSS content', async () => {
    const button = await fixture<FranceConnectButton>(
      html`<franceconnect-button variant="plus"></franceconnect-button>`,
    );
    const { brand } = partsOf(button);
    expect(brand.textContent).to.equal('FranceConnect+');
    for (const element of [brand, ...brand.querySelectorAll('*')]) {
      for (const pseudo of ['::before', '::after']) {
        expect(getComputedStyle(element, pseudo).content).to.be.oneOf(['none', 'normal']);
      }
    }
  });

  it('uses the title exactly as the checklist writes it', async () => {
    const button = await fixture<FranceConnectButton>(html`<franceconnect-button></franceconnect-button>`);
    expect(partsOf(button).help.title).to.equal('Qu’est-ce que FranceConnect ? - nouvelle fenêtre');
  });

  it('takes the language of the nearest ancestor, and French for languages it does not have', async () => {
    const wrapper = await fixture(
      html`<div lang="en-GB">
        <franceconnect-button></franceconnect-button>
        <div lang="de"><franceconnect-button></franceconnect-button></div>
      </div>`,
    );
    const [english, german] = wrapper.querySelectorAll('franceconnect-button');
    expect(textOf(partsOf(english as Element).first)).to.equal('Sign in with');
    expect(textOf(partsOf(german as Element).first)).to.equal('S’identifier avec');
    // The label says which language it is in, for screen readers on a German page.
    expect(
      partsOf(german as Element)
        .control.closest('[lang]')
        ?.getAttribute('lang'),
    ).to.equal('fr');
  });

  describe('axe: no violations', () => {
    afterEach(() => {
      document.body.style.background = '';
    });
    for (const theme of ['light', 'dark'] as const) {
      for (const variant of ['login', 'plus', 'data'] as const) {
        for (const disabled of [false, true]) {
          it(`${variant}${disabled ? ', disabled' : ''}, ${theme} theme`, async () => {
            // The dark theme is for dark pages (the DSFR's dark background).
            document.body.style.background = theme === 'dark' ? '#161616' : '#ffffff';
            const button = await fixture<FranceConnectButton>(
              html`<franceconnect-button
                variant=${variant}
                theme=${theme}
                ?disabled=${disabled}
              ></franceconnect-button>`,
            );
            await expect(button).to.be.accessible();
          });
        }
      }
    }
  });
});
