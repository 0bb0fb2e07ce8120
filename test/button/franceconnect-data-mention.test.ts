import { expect, fixture, html } from '@open-wc/testing';
import { a11ySnapshot, findAccessibilityNode } from '@web/test-runner-commands';
import '@franceconnect-kit/button/franceconnect-button.js';
import '@franceconnect-kit/button/franceconnect-prefill.js';
import '@franceconnect-kit/button/franceconnect-data-mention.js';
import type { FranceConnectButton } from '@franceconnect-kit/button/franceconnect-button.js';
import type { FranceConnectPrefill } from '@franceconnect-kit/button/franceconnect-prefill.js';
import { box, captureWarnings, partsOf, settle, textOf } from './helpers.js';

// <franceconnect-data-mention>, the mention the qualification deck announces under the data button
// (« un bouton qui précise que les données seront récupérées avec une API FranceConnectée »): which
// data, from which administration, in French, as the button's accessible description, without moving
// the help link from its 8 px under the button.

const STUDENT =
  'Vos données seront récupérées avec des API FranceConnectées : Statut étudiant (Ministère de l’Enseignement supérieur, de la Recherche et de l’Innovation) et Statut étudiant boursier (Centre national des œuvres universitaires et scolaires).';
const QUOTIENT =
  'Vos données seront récupérées avec une API FranceConnectée : Quotient familial CAF & MSA (Caisse nationale des allocations familiales & Mutualité sociale agricole).';

type AxNode = { role?: string; name?: string; description?: string; children: AxNode[] };

async function rendered(markup: ReturnType<typeof html>) {
  const wrapper = await fixture<HTMLElement>(html`<div>${markup}</div>`);
  const button = wrapper.querySelector('franceconnect-button') as FranceConnectButton;
  await button.updateComplete;
  const mention = wrapper.querySelector('franceconnect-data-mention') as HTMLElement;
  return { wrapper, button, mention };
}

describe('<franceconnect-data-mention>', () => {
  it('names the APIs of the button’s link and their administrations, in French', async () => {
    const { mention } = await rendered(html`
      <franceconnect-button
        variant="data"
        href="/auth/data?apis=statut_etudiant+statut_etudiant_boursier&amp;returnTo=/tarif"
      ></franceconnect-button>
      <franceconnect-data-mention></franceconnect-data-mention>
    `);
    const paragraph = mention.querySelector('p') as HTMLParagraphElement;
    expect(textOf(paragraph)).to.equal(STUDENT);
    expect(paragraph.lang).to.equal('fr');
    expect(paragraph.className).to.equal('franceconnect-data-mention');
    expect(paragraph.textContent).not.to.include("'");
  });

  it('reads the earlier scopes= too, and its own apis attribute first', async () => {
    const { mention } = await rendered(html`
      <franceconnect-button
        variant="data"
        href="/auth/data?scopes=cnaf_quotient_familial"
      ></franceconnect-button>
      <franceconnect-data-mention></franceconnect-data-mention>
    `);
    expect(textOf(mention)).to.equal(QUOTIENT);
    mention.setAttribute('apis', 'statut_etudiant_boursier statut_etudiant');
    expect(textOf(mention)).to.equal(STUDENT, 'in the catalogue’s order');
  });

  it('is the button’s accessible description, on the link itself', async () => {
    const { button, mention } = await rendered(html`
      <franceconnect-button variant="data" href="/auth/data?apis=quotient_familial"></franceconnect-button>
      <franceconnect-data-mention></franceconnect-data-mention>
    `);
    const paragraph = mention.querySelector('p') as HTMLParagraphElement;
    expect(button.getAttribute('aria-describedby')).to.equal(paragraph.id);
    await button.updateComplete;
    const snapshot = (await a11ySnapshot({})) as unknown as AxNode;
    const link = findAccessibilityNode<AxNode>(
      snapshot,
      (node) => node.role === 'link' && node.name === 'Récupérer ses données avec FranceConnect',
    );
    expect(link?.description).to.equal(QUOTIENT);

    mention.remove();
    expect(button.hasAttribute('aria-describedby')).to.be.false;
    await button.updateComplete;
    const after = (await a11ySnapshot({})) as unknown as AxNode;
    const plain = findAccessibilityNode<AxNode>(
      after,
      (node) => node.role === 'link' && node.name === 'Récupérer ses données avec FranceConnect',
    );
    expect(plain?.description ?? '').to.equal('');
  });

  it('sits under the help link, which stays 8 px under the button', async () => {
    const { button, mention } = await rendered(html`
      <franceconnect-button variant="data" href="/auth/data?apis=quotient_familial"></franceconnect-button>
      <franceconnect-data-mention></franceconnect-data-mention>
    `);
    const { control, help } = partsOf(button);
    const paragraph = help.parentElement as HTMLElement;
    expect(box(paragraph).top - box(control).bottom).to.equal(8);
    expect(box(control).height).to.equal(56);
    expect(box(mention.querySelector('p') as HTMLElement).top).to.be.at.least(box(paragraph).bottom);
  });

  it('follows the link <franceconnect-prefill> gives the button, and describes a button named by for', async () => {
    const element = await fixture<FranceConnectPrefill>(html`
      <franceconnect-prefill apis="quotient_familial" src="/test/button/fixtures/no-such-file.json">
        <franceconnect-button variant="data"></franceconnect-button>
        <franceconnect-data-mention></franceconnect-data-mention>
      </franceconnect-prefill>
    `);
    const mention = element.querySelector('franceconnect-data-mention') as HTMLElement;
    await settle();
    expect(textOf(mention)).to.equal(QUOTIENT);

    const { button, mention: other } = await rendered(html`
      <franceconnect-button
        id="retrieve"
        variant="data"
        href="/auth/data?apis=statut_etudiant"
      ></franceconnect-button>
      <p>Un paragraphe entre les deux.</p>
      <franceconnect-data-mention
        for="retrieve"
        apis="statut_etudiant statut_etudiant_boursier"
      ></franceconnect-data-mention>
    `);
    expect(textOf(other)).to.equal(STUDENT);
    expect(button.getAttribute('aria-describedby')).to.equal(other.querySelector('p')?.id);
    button.setAttribute('href', '/auth/data?apis=quotient_familial');
    await settle();
    expect(textOf(other)).to.equal(STUDENT, 'its own apis attribute wins');
  });

  it('says nothing of an API outside the catalogue, and warns in development', async () => {
    const warnings = captureWarnings();
    try {
      const { button, mention } = await rendered(html`
        <franceconnect-button variant="data" href="/auth/data?apis=impots"></franceconnect-button>
        <franceconnect-data-mention></franceconnect-data-mention>
      `);
      expect(mention.querySelector('p')).to.equal(null);
      expect(button.hasAttribute('aria-describedby')).to.be.false;
      expect(warnings.kit().join('\n')).to.include('« impots » is not an API of the catalogue');
    } finally {
      warnings.restore();
    }
  });
});
