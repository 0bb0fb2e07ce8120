import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '@franceconnect-kit/button';
import { html, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { signInMethods } from '../support/local-forms.js';
import './guidelines.css';
import { imitation, imitationField, imitationPlainButton } from './imitation.js';

const SENTENCE =
  'FranceConnect est la solution proposée par l’État pour sécuriser et simplifier la connexion à vos services en ligne.';

interface Rule {
  /** The points of the qualification checklist this rule comes from. */
  readonly points: string;
  readonly doCaption: string;
  readonly do: TemplateResult;
  readonly dontCaption: string;
  readonly dont: TemplateResult;
  readonly why: string;
  /** An accessibility rule that the drawing breaks on purpose, because breaking it is the point. */
  readonly violates?: string;
}

function rule(r: Rule): StoryObj {
  return {
    render: () =>
      html`<article class="rule" lang="fr">
        <div class="pair">
          <figure class="do">
            <figcaption><span class="verdict">✓ À faire</span>${r.doCaption}</figcaption>
            ${r.do}
          </figure>
          <figure class="dont">
            <figcaption>
              <span class="verdict">✗ À ne pas faire <span class="badge">imitation</span></span
              >${r.dontCaption}
            </figcaption>
            <div data-a11y-exemption=${ifDefined(r.violates)}>${r.dont}</div>
          </figure>
        </div>
        <p class="why"><strong>Qualification ${r.points}.</strong> ${r.why}</p>
      </article>`,
    ...(r.violates && {
      parameters: {
        a11y: {
          config: {
            rules: [{ id: r.violates, selector: `*:not([data-a11y-exemption~="${r.violates}"] *)` }],
          },
        },
      },
    }),
  };
}

/**
 * Ce que vérifie la qualification FranceConnect sur la page, et pourquoi. Chaque règle montre ce qu’il faut
 * faire, avec les vrais composants, à côté de ce qu’il ne faut pas faire, dessiné comme une imitation : les
 * composants eux-mêmes ne peuvent pas être détournés ainsi.
 */
const meta: Meta = {
  title: 'Guidelines/À faire, à ne pas faire',
  id: 'guidelines-do-and-dont',
  parameters: { controls: { disable: true } },
};
export default meta;

export const Deformed: StoryObj = {
  name: 'Déformé',
  ...rule({
    points: 'n° 1 et 2',
    doCaption: 'Agrandi sans changer ses proportions, avec --franceconnect-scale (ici 1,5 : 313,5 × 84).',
    do: html`<franceconnect-button style="--franceconnect-scale: 1.5"></franceconnect-button>`,
    dontCaption: 'Étiré : largeur et hauteur changées séparément.',
    dont: imitation({ width: '24rem', height: '2.5rem' }),
    why: 'Le bouton mesure 209 × 56 px et ne s’agrandit qu’en gardant ses proportions. Les usagers le reconnaissent à sa forme, la même sur tous les services ; déformé, il ressemble à une contrefaçon et perd la confiance qu’il inspire.',
  }),
};

export const Recoloured: StoryObj = {
  name: 'Recoloré',
  ...rule({
    points: 'n° 1, 1b et 2',
    doCaption: 'Les couleurs officielles, en thème clair et en thème sombre.',
    do: html`<div class="imitation-row">
      <div class="on-light panel"><franceconnect-button theme="light"></franceconnect-button></div>
      <div class="on-dark panel"><franceconnect-button theme="dark"></franceconnect-button></div>
    </div>`,
    dontCaption: 'Aux couleurs du site.',
    dont: imitation({ background: '#7fd1ae', color: '#ffffff' }),
    why: 'Les couleurs officielles font reconnaître FranceConnect et garantissent un texte lisible (contraste d’au moins 4,5:1 dans les deux thèmes, et des états survol, appui et focus visibles). Recoloré, le bouton devient méconnaissable et souvent illisible : ici, un contraste de 1,8:1.',
    violates: 'color-contrast',
  }),
};

export const Relabelled: StoryObj = {
  name: 'Libellé reformulé',
  ...rule({
    points: 'n° 2',
    doCaption: 'Le libellé officiel « S’identifier avec FranceConnect ».',
    do: html`<franceconnect-button></franceconnect-button>`,
    dontCaption: 'Un libellé reformulé.',
    dont: imitation({ first: 'Connexion rapide via', brand: 'FC' }),
    why: 'Le même libellé sur tous les services dit à l’usager ce qui va se passer. Il ne se reformule pas ; le composant le traduit seulement en anglais (« Sign in with FranceConnect »).',
  }),
};

export const WithoutTheHelpLink: StoryObj = {
  name: 'Sans le lien d’aide',
  ...rule({
    points: 'n° 2 et 4',
    doCaption:
      'Le lien « Qu’est-ce que FranceConnect ? » 8 px sous le bouton, aussi sur la page d’inscription.',
    do: html`<franceconnect-button></franceconnect-button>`,
    dontCaption: 'Le bouton seul.',
    dont: imitation({ help: false }),
    why: 'Le lien explique FranceConnect à qui ne le connaît pas encore, avant qu’il ne quitte le site. Le composant le dessine toujours : il ne peut pas être retiré.',
  }),
};

export const WithoutTheSentence: StoryObj = {
  name: 'Sans la phrase',
  ...rule({
    points: 'n° 1 et 3',
    doCaption: 'La phrase d’explication au-dessus du bouton (<franceconnect-login> l’affiche).',
    do: html`<p>${SENTENCE}</p>
      <franceconnect-button></franceconnect-button>`,
    dontCaption: 'Le bouton sans la phrase.',
    dont: imitation(),
    why: 'La phrase dit qui propose ce service (l’État) et à quoi il sert ; elle est demandée sur la page de connexion comme sur la page d’inscription.',
  }),
};

export const NotFirst: StoryObj = {
  name: 'Pas en premier',
  ...rule({
    points: 'n° 5 et 6',
    doCaption: 'FranceConnect en premier, puis « ou », puis les autres moyens de connexion.',
    do: html`<franceconnect-login>${signInMethods()}</franceconnect-login>`,
    dontCaption: 'Le formulaire du site d’abord, FranceConnect ensuite.',
    dont: html`<div class="imitation-stack">
      ${imitationField('Adresse électronique')} ${imitationField('Mot de passe')}
      ${imitationPlainButton('Se connecter')}
      <span class="imitation-separator">ou</span>
      ${imitation()}
    </div>`,
    why: 'FranceConnect est le premier moyen de connexion proposé, séparé des autres par une ligne « ou ». Les usagers le trouvent ainsi au même endroit sur chaque service.',
  }),
};

export const NextToSocialNetworks: StoryObj = {
  name: 'À côté de réseaux sociaux',
  ...rule({
    points: 'n° 7',
    doCaption: 'FranceConnect, puis le compte propre au site.',
    do: html`<franceconnect-login>${signInMethods()}</franceconnect-login>`,
    dontCaption: 'Parmi des boutons de réseaux sociaux.',
    dont: html`<div class="imitation-stack">
      ${imitation()} ${imitationPlainButton('Continuer avec Google')}
      ${imitationPlainButton('Continuer avec Facebook')} ${imitationPlainButton('Continuer avec Apple')}
    </div>`,
    why: 'FranceConnect est un service de l’État. Parmi des identités d’entreprises privées, il laisserait croire que l’usager confie son identité à une entreprise, ou qu’un compte privé vaut l’identité garantie par l’État.',
  }),
};

export const InsideAModal: StoryObj = {
  name: 'Dans une fenêtre modale',
  ...rule({
    points: 'n° 13',
    doCaption: 'Dans la page elle-même ; le bouton ouvre FranceConnect dans le même onglet.',
    do: html`<franceconnect-login>${signInMethods()}</franceconnect-login>`,
    dontCaption: 'Dans une fenêtre modale (ou une pop-up, ou une iframe).',
    dont: html`<div class="imitation-modal">
      <div class="imitation-modal-window">
        <div class="imitation-modal-bar"><span>Connexion</span><span aria-hidden="true">✕</span></div>
        <p>${SENTENCE}</p>
        ${imitation()}
      </div>
    </div>`,
    why: 'Ouvert dans la page, FranceConnect montre son adresse dans la barre du navigateur : l’usager peut vérifier où il saisit ses identifiants, ce qui protège de l’hameçonnage.',
  }),
};
