// The checklist's points 1 to 7 and 13 on one page (the sign-in page, or the sign-up page), from what
// was measured there. Each rule says what it found, and what to change when it is not conforme.
import { contrast, distance, hex, isDark, ratio, type Rgb } from '../page/colours.js';
import type { Appearance, Focus } from '../page/appearance.js';
import type { FollowedButton } from '../page/follow.js';
import type { Box, FoundButton, PageProbe } from '../page/probe.js';
import type { CheckResult, Evidence, Verdict } from '../result.js';
import { canonical, px, quote } from './format.js';

export interface PageObservation {
  readonly group: 'connexion' | 'inscription';
  readonly url: string;
  readonly probe: PageProbe;
  readonly inFrame: boolean;
  readonly light: Appearance | null;
  readonly dark: Appearance | null;
  /** How the dark theme was asked for. */
  readonly darkHow: string;
  readonly focus: Focus | null;
  readonly followed: FollowedButton | null;
  /** Key of the page's annotated screenshot. */
  readonly screenshot: string;
}

export type Variant = 'login' | 'plus' | 'data';

export const LABELS: Readonly<Record<Variant, readonly string[]>> = {
  login: ['S’identifier avec FranceConnect', 'Sign in with FranceConnect'],
  plus: ['S’identifier avec FranceConnect+', 'Sign in with FranceConnect+'],
  data: ['Récupérer ses données avec FranceConnect', 'Retrieve my data with FranceConnect'],
};

const SENTENCES = {
  login:
    'FranceConnect est la solution proposée par l’État pour sécuriser et simplifier la connexion à vos services en ligne',
  plus: 'FranceConnect+ est la solution proposée par l’État pour renforcer la sécurité de vos services en ligne les plus sensibles',
} as const;

/** 209 × 56 (FranceConnect), 245 × 56 (FranceConnect+): the deck's size, larger only at the same ratio. */
const NOMINAL = {
  login: { width: 209, height: 56 },
  plus: { width: 245, height: 56 },
  data: { width: 0, height: 56 },
};

/**
 * The DSFR's `fr-connect` is sized in em: at a 16 px base it measures about 208 × 55 px (Marianne), a
 * pixel short of 209 × 56. A shortfall of at most 2 % on each side, and a ratio within 3 % of 209:56,
 * is taken as that rounding, not as a smaller button; 54 px high (−3,6 %) is not.
 */
export const SIZE_TOLERANCE = { scale: 0.02, ratio: 0.03 } as const;

/** The label's least contrast against the button, at rest and hovered (WCAG AA for text). */
const TEXT_CONTRAST = 4.5;
const COLOUR_TOLERANCE = 8;

export const OFFICIAL_COLOURS = {
  clair: { background: [0, 0, 145] as Rgb, hover: [18, 18, 255] as Rgb, text: [245, 245, 254] as Rgb },
  sombre: { background: [133, 133, 246] as Rgb, hover: [177, 177, 249] as Rgb, text: [0, 0, 145] as Rgb },
} as const;

const KINDS: Record<FoundButton['kind'], string> = {
  kit: 'élément <franceconnect-button> du kit (shadow DOM)',
  dsfr: 'bouton fr-connect du DSFR',
  image: 'image (nom lu dans son texte alternatif)',
  text: 'bouton ou lien HTML',
};

export function variantOf(name: string): Variant {
  if (/france\s*connect\s*\+/i.test(name)) return 'plus';
  if (/r[ée]cup[ée]rer|retrieve/i.test(name)) return 'data';
  return 'login';
}

const box = (value: Box) => `${px(value.width)} × ${px(value.height)} px à (${px(value.x)}, ${px(value.y)})`;
const bottom = (value: Box) => value.y + value.height;

interface Rule {
  readonly key: string;
  readonly title: string;
  readonly points: { connexion: readonly string[]; inscription: readonly string[] };
}

const RULES = {
  bouton: {
    key: 'bouton',
    title: 'Bouton FranceConnect présent',
    points: { connexion: ['1'], inscription: ['3'] },
  },
  phrase: {
    key: 'phrase',
    title: 'Phrase explicative au-dessus du bouton',
    points: { connexion: ['1'], inscription: ['3'] },
  },
  libelle: {
    key: 'libelle',
    title: 'Libellé exact du bouton',
    points: { connexion: ['1', '2'], inscription: ['3', '2'] },
  },
  taille: {
    key: 'taille',
    title: 'Taille 209 × 56 px, ou plus grande à l’homothétie',
    points: { connexion: ['1'], inscription: ['3', '1'] },
  },
  couleurs: {
    key: 'couleurs',
    title: 'Couleurs officielles, thèmes clair et sombre',
    points: { connexion: ['1', '2'], inscription: ['3', '1'] },
  },
  survol: {
    key: 'survol',
    title: 'Changement d’état au survol et contraste',
    points: { connexion: ['1'], inscription: ['3', '1'] },
  },
  focus: {
    key: 'focus',
    title: 'Focus visible au clavier',
    points: { connexion: ['1'], inscription: ['3', '1'] },
  },
  lien: {
    key: 'lien-aide',
    title: 'Lien « Qu’est-ce que FranceConnect ? » sous le bouton',
    points: { connexion: ['2'], inscription: ['4'] },
  },
  ecart: {
    key: 'ecart-lien',
    title: 'Écart de 8 px entre le bouton et le lien',
    points: { connexion: ['2'], inscription: ['4', '2'] },
  },
  premier: {
    key: 'premier',
    title: 'FranceConnect en premier mode de connexion',
    points: { connexion: ['5'], inscription: ['5'] },
  },
  ou: {
    key: 'separateur-ou',
    title: 'Séparation « ou » avec les autres modes de connexion',
    points: { connexion: ['6'], inscription: ['6'] },
  },
  social: {
    key: 'reseaux-sociaux',
    title: 'Aucune connexion par un réseau social ou un acteur privé à proximité',
    points: { connexion: ['7'], inscription: ['7'] },
  },
  iframe: {
    key: 'iframe',
    title: 'Bouton hors de toute iframe',
    points: { connexion: ['13'], inscription: ['13'] },
  },
  popup: {
    key: 'pop-up',
    title: 'Pas de pop-up : FranceConnect s’ouvre dans l’onglet',
    points: { connexion: ['13'], inscription: ['13'] },
  },
} satisfies Record<string, Rule>;

export function pageRuleIds(): string[] {
  return Object.values(RULES).map((rule) => rule.key);
}

type Outcome = { verdict: Verdict; summary: string; fix?: string; evidence?: Evidence[] };

export function checkPage(observation: PageObservation): CheckResult[] {
  const { group, probe } = observation;
  const make = (rule: Rule, outcome: Outcome): CheckResult => ({
    id: `${group}.${rule.key}`,
    group,
    points: rule.points[group],
    title: rule.title,
    verdict: outcome.verdict,
    summary: outcome.summary,
    ...(outcome.fix ? { fix: outcome.fix } : {}),
    evidence: [{ label: 'Page', value: observation.url }, ...(outcome.evidence ?? [])],
    screenshot: observation.screenshot,
  });

  const button = probe.button;
  if (!button) {
    const unverifiable = (rule: Rule) =>
      make(rule, {
        verdict: 'non-verifiable',
        summary: 'Sans bouton FranceConnect sur la page, ce point ne peut pas être mesuré.',
      });
    return [
      make(RULES.bouton, {
        verdict: 'non-conforme',
        summary:
          'Aucun bouton FranceConnect n’a été trouvé sur la page (ni par son nom accessible, ni par les classes du DSFR, ni par le texte alternatif d’une image).',
        fix: 'Ajoutez le bouton officiel « S’identifier avec FranceConnect » (par exemple <franceconnect-login> du kit, ou le composant fr-connect du DSFR).',
        evidence: [{ label: 'Titre de la page', value: probe.title }],
      }),
      ...[
        RULES.phrase,
        RULES.libelle,
        RULES.taille,
        RULES.couleurs,
        RULES.survol,
        RULES.focus,
        RULES.lien,
        RULES.ecart,
        RULES.premier,
        RULES.ou,
      ].map(unverifiable),
      make(RULES.social, socialOutcome(probe, null)),
      ...[RULES.iframe, RULES.popup].map(unverifiable),
    ];
  }
  const variant = variantOf(button.name);
  const found: Evidence = {
    label: 'Bouton mesuré',
    value: `${quote(button.name)} — ${KINDS[button.kind]}, ${button.element}`,
  };

  return [
    make(RULES.bouton, {
      verdict: 'conforme',
      summary: `Bouton trouvé : ${quote(button.name)}, ${KINDS[button.kind]}.`,
      evidence: [
        found,
        ...(probe.candidates.length > 1
          ? [
              {
                label: 'Autres boutons FranceConnect de la page',
                value: probe.candidates.slice(1).map(quote).join(', '),
              },
            ]
          : []),
      ],
    }),
    make(RULES.phrase, sentenceOutcome(probe, button, variant)),
    make(RULES.libelle, labelOutcome(button, variant, found)),
    make(RULES.taille, sizeOutcome(button, variant)),
    make(RULES.couleurs, coloursOutcome(observation)),
    make(RULES.survol, hoverOutcome(observation)),
    make(RULES.focus, focusOutcome(observation.focus)),
    make(RULES.lien, helpOutcome(probe, button, variant)),
    make(RULES.ecart, gapOutcome(probe, button)),
    make(RULES.premier, firstOutcome(probe, button)),
    make(RULES.ou, separatorOutcome(probe, button)),
    make(RULES.social, socialOutcome(probe, button)),
    make(RULES.iframe, frameOutcome(observation)),
    make(RULES.popup, popupOutcome(observation, button)),
  ];
}

function sentenceOutcome(probe: PageProbe, button: FoundButton, variant: Variant): Outcome {
  const expected = variant === 'plus' ? SENTENCES.plus : SENTENCES.login;
  const above = probe.sentences
    .filter(
      (sentence) => bottom(sentence.box) <= button.box.y + 2 && button.box.y - bottom(sentence.box) <= 240,
    )
    .sort((a, b) => bottom(b.box) - bottom(a.box))[0];
  if (!above) {
    const elsewhere = probe.sentences[0];
    return {
      verdict: 'non-conforme',
      summary: elsewhere
        ? 'La phrase explicative est sur la page, mais pas au-dessus du bouton.'
        : 'La phrase explicative est absente.',
      fix: `Placez au-dessus du bouton la phrase : ${quote(`${expected}.`)}`,
      evidence: elsewhere
        ? [{ label: 'Phrase trouvée', value: `${quote(elsewhere.text)}, ${box(elsewhere.box)}` }]
        : [],
    };
  }
  const found = canonical(above.text).replace(/\.$/, '');
  const evidence = [
    { label: 'Phrase', value: quote(above.text) },
    { label: 'Position', value: `${px(button.box.y - bottom(above.box))} px au-dessus du bouton` },
  ];
  if (!found.includes(canonical(expected))) {
    return {
      verdict: 'non-conforme',
      summary: 'La phrase au-dessus du bouton n’est pas celle de FranceConnect.',
      fix: `Reprenez mot pour mot : ${quote(`${expected}.`)}`,
      evidence,
    };
  }
  return {
    verdict: 'conforme',
    summary: 'La phrase explicative est au-dessus du bouton, mot pour mot.',
    evidence,
  };
}

function labelOutcome(button: FoundButton, variant: Variant, found: Evidence): Outcome {
  const expected = LABELS[variant];
  const exact = expected.some((label) => canonical(button.name) === label);
  const evidence = [found, { label: 'Libellés admis', value: expected.map(quote).join(' ou ') }];
  if (!exact) {
    return {
      verdict: 'non-conforme',
      summary: `Le libellé du bouton est ${quote(button.name)}, pas ${quote(expected[0]!)}.`,
      fix: `Rendez au bouton son libellé officiel ${quote(expected[0]!)} (deux parties : « ${expected[0]!.replace(/ France.*/, '')} » puis « FranceConnect » en gras), sans le reformuler.`,
      evidence,
    };
  }
  if (button.kind === 'image') {
    return {
      verdict: 'a-verifier',
      summary: `Le texte alternatif de l’image est exact (${quote(button.name)}) ; le texte dessiné dans l’image ne se lit pas automatiquement.`,
      fix: 'Vérifiez que l’image est celle du kit officiel, sans retouche, ou préférez le bouton en HTML (kit ou DSFR).',
      evidence,
    };
  }
  const straight = /'/.test(button.name);
  return {
    verdict: 'conforme',
    summary: `Le libellé est exact : ${quote(button.name)}${straight ? ' (avec une apostrophe droite au lieu de l’apostrophe typographique ’)' : ''}.`,
    evidence,
  };
}

function sizeOutcome(button: FoundButton, variant: Variant): Outcome {
  const { width, height } = button.box;
  const nominal = NOMINAL[variant];
  const evidence: Evidence[] = [
    { label: 'Taille mesurée', value: `${px(width)} × ${px(height)} px` },
    {
      label: 'Taille de référence',
      value:
        variant === 'data'
          ? '56 px de haut'
          : `${nominal.width} × ${nominal.height} px (rapport ${px(nominal.width / nominal.height)})`,
    },
    { label: 'Taille de police du bouton', value: `${px(button.fontSize)} px` },
    {
      label: 'Tolérance appliquée',
      value: `chaque côté au moins ${100 - SIZE_TOLERANCE.scale * 100} % de la référence, rapport largeur/hauteur à ${SIZE_TOLERANCE.ratio * 100} % près : l’arrondi du bouton fr-connect du DSFR, dimensionné en em (environ 208 × 55 px à 16 px)`,
    },
  ];
  const heightScale = height / nominal.height;
  if (variant === 'data') {
    return heightScale >= 1 - SIZE_TOLERANCE.scale
      ? {
          verdict: 'conforme',
          summary: `Le bouton mesure ${px(width)} × ${px(height)} px (56 px de haut attendus).`,
          evidence,
        }
      : {
          verdict: 'non-conforme',
          summary: `Le bouton ne mesure que ${px(height)} px de haut (56 px attendus).`,
          fix: 'Rendez au bouton sa hauteur de 56 px ; ne le réduisez pas.',
          evidence,
        };
  }
  const measuredRatio = width / height;
  const expectedRatio = nominal.width / nominal.height;
  const ratioGap = Math.abs(measuredRatio - expectedRatio) / expectedRatio;
  const scale = Math.min(width / nominal.width, heightScale);
  evidence.push({
    label: 'Rapport largeur/hauteur mesuré',
    value: `${px(measuredRatio)} (écart ${px(ratioGap * 100)} %)`,
  });
  if (ratioGap > SIZE_TOLERANCE.ratio) {
    return {
      verdict: 'non-conforme',
      summary: `Le bouton est déformé : ${px(width)} × ${px(height)} px, rapport ${px(measuredRatio)} au lieu de ${px(expectedRatio)}.`,
      fix: `Rendez au bouton ses proportions ${nominal.width} × ${nominal.height} ; pour l’agrandir, agrandissez les deux côtés ensemble (homothétie), jamais un seul.`,
      evidence,
    };
  }
  if (scale < 1 - SIZE_TOLERANCE.scale) {
    return {
      verdict: 'non-conforme',
      summary: `Le bouton est trop petit : ${px(width)} × ${px(height)} px, moins que ${nominal.width} × ${nominal.height}.`,
      fix: `Le bouton mesure au moins ${nominal.width} × ${nominal.height} px ; ne le réduisez pas (taille de police de base d’au moins 16 px pour le bouton du DSFR).`,
      evidence,
    };
  }
  const smaller = scale < 1;
  return {
    verdict: 'conforme',
    summary: smaller
      ? `Le bouton mesure ${px(width)} × ${px(height)} px : un peu moins que ${nominal.width} × ${nominal.height}, dans la tolérance admise pour le bouton du DSFR dimensionné en em${button.dsfrGeometry ? ' (c’est ici le bouton fr-connect du DSFR, à sa géométrie d’origine)' : ''}.`
      : `Le bouton mesure ${px(width)} × ${px(height)} px, aux proportions de ${nominal.width} × ${nominal.height}${scale > 1.02 ? ' (agrandi par homothétie)' : ''}.`,
    evidence,
  };
}

interface ThemeReading {
  readonly theme: 'clair' | 'sombre';
  readonly appearance: Appearance;
  readonly expected: (typeof OFFICIAL_COLOURS)['clair'];
  readonly pageDark: boolean;
  readonly idle: Rgb;
  readonly hover: Rgb;
  /** The label's colour: computed for text, the most contrasted frequent colour for an image. */
  readonly label: Rgb | null;
}

function readings(observation: PageObservation): ThemeReading[] {
  const list: ThemeReading[] = [];
  for (const [theme, appearance] of [
    ['clair', observation.light],
    ['sombre', observation.dark],
  ] as const) {
    if (!appearance || appearance.idle.length === 0) continue;
    const pageDark = isDark(appearance.background);
    const idle = appearance.idle[0]!.colour;
    const hover = appearance.hover[0]?.colour ?? idle;
    const label =
      appearance.text ??
      appearance.idle
        .filter((share) => share.share >= 0.02 && share.colour !== idle)
        .map((share) => share.colour)
        .sort((a, b) => contrast(b, idle) - contrast(a, idle))[0] ??
      null;
    list.push({
      theme,
      appearance,
      expected: pageDark ? OFFICIAL_COLOURS.sombre : OFFICIAL_COLOURS.clair,
      pageDark,
      idle,
      hover,
      label,
    });
  }
  return list;
}

function coloursOutcome(observation: PageObservation): Outcome {
  const list = readings(observation);
  if (list.length === 0)
    return { verdict: 'non-verifiable', summary: 'Les couleurs du bouton n’ont pas pu être lues.' };
  const evidence: Evidence[] = [];
  const problems: string[] = [];
  for (const reading of list) {
    const variant = reading.pageDark ? 'sombre' : 'clair';
    const note =
      reading.theme === 'sombre' && !reading.pageDark
        ? ' (la page reste claire en thème sombre : le bouton du thème clair est attendu)'
        : '';
    evidence.push({
      label: `Thème ${reading.theme}`,
      value: `fond ${hex(reading.idle)} (attendu ${hex(reading.expected.background)}, bouton du thème ${variant})${reading.label ? `, texte ${hex(reading.label)} (attendu ${hex(reading.expected.text)})` : ''}, page ${hex(reading.appearance.background)}${note}`,
    });
    if (distance(reading.idle, reading.expected.background) > COLOUR_TOLERANCE) {
      problems.push(
        `thème ${reading.theme} : fond ${hex(reading.idle)} au lieu de ${hex(reading.expected.background)}`,
      );
    }
    if (
      reading.appearance.text &&
      distance(reading.appearance.text, reading.expected.text) > COLOUR_TOLERANCE
    ) {
      problems.push(
        `thème ${reading.theme} : texte ${hex(reading.appearance.text)} au lieu de ${hex(reading.expected.text)}`,
      );
    }
  }
  evidence.push({ label: 'Thème sombre obtenu par', value: observation.darkHow });
  if (problems.length > 0) {
    return {
      verdict: 'non-conforme',
      summary: `Le bouton n’a pas ses couleurs officielles : ${problems.join(' ; ')}.`,
      fix: 'Ne recolorez pas le bouton : fond #000091 et texte #f5f5fe en thème clair, fond #8585f6 et texte #000091 en thème sombre (couleurs du DSFR).',
      evidence,
    };
  }
  return {
    verdict: 'conforme',
    summary: `Couleurs officielles en thème ${list.map((reading) => reading.theme).join(' et ')}.`,
    evidence,
  };
}

function hoverOutcome(observation: PageObservation): Outcome {
  const list = readings(observation);
  if (list.length === 0)
    return { verdict: 'non-verifiable', summary: 'Les couleurs du bouton n’ont pas pu être lues.' };
  const evidence: Evidence[] = [];
  const failures: string[] = [];
  const doubts: string[] = [];
  for (const reading of list) {
    const changed = distance(reading.hover, reading.idle) > COLOUR_TOLERANCE;
    const official = distance(reading.hover, reading.expected.hover) <= COLOUR_TOLERANCE;
    const idleContrast = reading.label ? contrast(reading.label, reading.idle) : null;
    const hoverContrast = reading.label ? contrast(reading.label, reading.hover) : null;
    evidence.push({
      label: `Thème ${reading.theme}`,
      value: `au repos ${hex(reading.idle)}, au survol ${hex(reading.hover)} (attendu ${hex(reading.expected.hover)})${
        idleContrast !== null && hoverContrast !== null
          ? `, contraste du texte ${ratio(idleContrast)} au repos et ${ratio(hoverContrast)} au survol`
          : ''
      }`,
    });
    if (!changed) failures.push(`thème ${reading.theme} : la couleur ne change pas au survol`);
    else if (!official)
      doubts.push(
        `thème ${reading.theme} : couleur de survol ${hex(reading.hover)} au lieu de ${hex(reading.expected.hover)}`,
      );
    for (const [state, value] of [
      ['au repos', idleContrast],
      ['au survol', hoverContrast],
    ] as const) {
      if (value !== null && value < TEXT_CONTRAST)
        failures.push(`thème ${reading.theme} : contraste ${ratio(value)} ${state}, moins de 4,5:1`);
    }
  }
  if (failures.length > 0) {
    return {
      verdict: 'non-conforme',
      summary: `${failures.join(' ; ')}.`,
      fix: 'Gardez les états du bouton officiel : survol #1212ff (clair) / #b1b1f9 (sombre), texte contrasté d’au moins 4,5:1.',
      evidence,
    };
  }
  if (doubts.length > 0) {
    return {
      verdict: 'a-verifier',
      summary: `Le survol change la couleur, avec assez de contraste, mais pas vers la couleur officielle : ${doubts.join(' ; ')}.`,
      fix: 'Utilisez les couleurs de survol du DSFR : #1212ff en thème clair, #b1b1f9 en thème sombre.',
      evidence,
    };
  }
  return {
    verdict: 'conforme',
    summary: 'Le survol change la couleur vers la couleur officielle, avec un contraste d’au moins 4,5:1.',
    evidence,
  };
}

function focusOutcome(focus: Focus | null): Outcome {
  if (!focus) return { verdict: 'non-verifiable', summary: 'Le focus du bouton n’a pas pu être observé.' };
  const visible = focus.changed >= focus.perimeter / 2;
  const ringContrast = focus.ring && focus.under ? contrast(focus.ring, focus.under) : null;
  const evidence: Evidence[] = [
    {
      label: 'Pixels modifiés par le focus',
      value: `${focus.changed} (au moins ${Math.round(focus.perimeter / 2)} attendus pour un contour visible)`,
    },
    ...(focus.ring && focus.under
      ? [
          {
            label: 'Indicateur',
            value: `${hex(focus.ring)} sur ${hex(focus.under)}${ringContrast !== null ? `, contraste ${ratio(ringContrast)}` : ''}`,
          },
        ]
      : []),
  ];
  if (!visible) {
    return {
      verdict: 'non-conforme',
      summary: 'Rien ne montre que le bouton a le focus quand on y arrive au clavier.',
      fix: 'Ne supprimez pas le contour de focus (outline) : le DSFR dessine 2 px #0a76f6 à 2 px du bouton.',
      evidence,
    };
  }
  if (ringContrast !== null && ringContrast < 3) {
    return {
      verdict: 'a-verifier',
      summary: `Un indicateur de focus apparaît, mais peu contrasté (${ratio(ringContrast)}, moins de 3:1).`,
      fix: 'Vérifiez que le contour de focus reste visible sur le fond de la page.',
      evidence,
    };
  }
  return { verdict: 'conforme', summary: 'Un indicateur de focus visible apparaît au clavier.', evidence };
}

function helpOutcome(probe: PageProbe, button: FoundButton, variant: Variant): Outcome {
  const help = probe.help;
  const plus = variant === 'plus';
  const expectedText = plus ? 'Qu’est-ce que FranceConnect+ ?' : 'Qu’est-ce que FranceConnect ?';
  const expectedHref = plus
    ? 'https://franceconnect.gouv.fr/france-connect-plus'
    : 'https://franceconnect.gouv.fr/';
  if (!help) {
    return {
      verdict: 'non-conforme',
      summary: 'Le lien « Qu’est-ce que FranceConnect ? » est absent.',
      fix: `Ajoutez sous le bouton le lien ${quote(expectedText)} vers ${expectedHref}, ouvert dans une nouvelle fenêtre avec title="${expectedText} - nouvelle fenêtre".`,
    };
  }
  const evidence: Evidence[] = [
    { label: 'Texte', value: quote(help.text) },
    { label: 'Adresse', value: help.href ?? '(aucune)' },
    {
      label: 'target / rel / title',
      value: `${help.target ?? '(aucun)'} / ${help.rel ?? '(aucun)'} / ${help.title ?? '(aucun)'}`,
    },
    { label: 'Apparence', value: `couleur ${help.colour}, ${help.underlined ? 'souligné' : 'non souligné'}` },
    { label: 'Position', value: box(help.box) },
  ];
  const problems: string[] = [];
  const loose = (text: string) => canonical(text).replace(/\s*\?$/, ' ?');
  const textOk = [expectedText, 'What is FranceConnect?', 'What is FranceConnect+?'].some(
    (text) => loose(text) === loose(help.text),
  );
  if (!textOk) problems.push(`le texte est ${quote(help.text)} au lieu de ${quote(expectedText)}`);
  const hrefOk = sameAddress(help.href, probe.url, expectedHref);
  if (!hrefOk) problems.push(`il pointe vers ${help.href ?? '(rien)'} au lieu de ${expectedHref}`);
  if (help.box.y < bottom(button.box) - 1) problems.push('il n’est pas sous le bouton');
  const overlaps = help.box.x < button.box.x + button.box.width && help.box.x + help.box.width > button.box.x;
  if (!overlaps) problems.push('il n’est pas aligné sous le bouton');
  const looksLikeLink = help.underlined || help.colour !== help.surroundingColour;
  if (!looksLikeLink) problems.push('il n’a ni la couleur ni le soulignement d’un lien');
  if (problems.length > 0) {
    return {
      verdict: 'non-conforme',
      summary: `Le lien d’aide ne respecte pas la règle : ${problems.join(' ; ')}.`,
      fix: `Sous le bouton : le lien ${quote(expectedText)} vers ${expectedHref}, avec l’apparence d’un lien.`,
      evidence,
    };
  }
  const newWindow =
    help.target === '_blank' &&
    /nouvelle fen[êe]tre|new window/i.test(help.title ?? '') &&
    /noopener|noreferrer/.test(help.rel ?? '');
  if (!newWindow) {
    return {
      verdict: 'a-verifier',
      summary:
        'Le lien est là, au bon texte et à la bonne adresse, mais il ne s’ouvre pas comme celui du DSFR (nouvelle fenêtre annoncée par son title, rel="noopener").',
      fix: `Ajoutez target="_blank" rel="noopener" title="${expectedText} - nouvelle fenêtre".`,
      evidence,
    };
  }
  return {
    verdict: 'conforme',
    summary: `Le lien ${quote(help.text)} est sous le bouton, vers ${help.href}, dans une nouvelle fenêtre annoncée.`,
    evidence,
  };
}

/** Whether `href` (relative to `base`) is `expected`, in https, trailing slash aside. */
function sameAddress(href: string | null, base: string, expected: string): boolean {
  if (href === null || !URL.canParse(href, base)) return false;
  const url = new URL(href, base);
  const target = new URL(expected);
  return (
    url.protocol === 'https:' &&
    url.host === target.host &&
    url.pathname.replace(/\/$/, '') === target.pathname.replace(/\/$/, '')
  );
}

function gapOutcome(probe: PageProbe, button: FoundButton): Outcome {
  if (!probe.help)
    return { verdict: 'non-verifiable', summary: 'Sans lien d’aide, l’écart ne se mesure pas.' };
  const gap = probe.help.box.y - bottom(button.box);
  const evidence = [
    { label: 'Écart mesuré', value: `${px(gap)} px (du bas du bouton au haut de la ligne du lien)` },
    { label: 'Écart admis', value: '8 px (grille de qualification) à 12 px (DSFR), à 1 px près' },
  ];
  if (gap < 7 || gap > 13) {
    return {
      verdict: 'non-conforme',
      summary: `Le lien est à ${px(gap)} px du bouton, au lieu de 8 px.`,
      fix: 'Placez le lien 8 px sous le bouton (le DSFR en met 12).',
      evidence,
    };
  }
  return { verdict: 'conforme', summary: `Le lien est à ${px(gap)} px sous le bouton.`, evidence };
}

const METHOD_KINDS = {
  password: 'formulaire avec mot de passe',
  identifier: 'formulaire d’identifiant',
  passkey: 'clé d’accès',
  social: 'réseau social',
  provider: 'autre fournisseur d’identité',
} as const;

function firstOutcome(probe: PageProbe, button: FoundButton): Outcome {
  // Social-network sign-ins are refused outright (point 7), not placed: they are not the site's methods here.
  const others = probe.methods.filter((method) => method.kind !== 'social');
  if (others.length === 0) {
    return { verdict: 'conforme', summary: 'FranceConnect est le seul mode de connexion de la page.' };
  }
  const evidence = others.map((method) => ({
    label: METHOD_KINDS[method.kind],
    value: `${method.label}, ${method.box.y < button.box.y ? `au-dessus (${px(button.box.y - method.box.y)} px plus haut)` : `en dessous (${px(method.box.y - bottom(button.box))} px plus bas)`}`,
  }));
  const above = others.filter((method) => method.box.y < button.box.y - 1);
  if (above.length > 0) {
    return {
      verdict: 'non-conforme',
      summary: `Un autre mode de connexion est placé avant FranceConnect : ${above.map((method) => METHOD_KINDS[method.kind]).join(', ')}.`,
      fix: 'Placez le bouton FranceConnect en premier, au-dessus des autres modes de connexion.',
      evidence,
    };
  }
  return {
    verdict: 'conforme',
    summary: 'FranceConnect est au-dessus des autres modes de connexion.',
    evidence,
  };
}

function separatorOutcome(probe: PageProbe, button: FoundButton): Outcome {
  const others = probe.methods.filter((method) => method.kind !== 'social');
  if (others.length === 0) {
    return {
      verdict: 'conforme',
      summary: 'Sans objet : FranceConnect est le seul mode de connexion de la page.',
    };
  }
  const distanceTo = (method: { box: Box }) =>
    method.box.y >= bottom(button.box)
      ? method.box.y - bottom(button.box)
      : Math.max(0, button.box.y - bottom(method.box));
  const nearest = [...others].sort((a, b) => distanceTo(a) - distanceTo(b))[0]!;
  const below = nearest.box.y >= bottom(button.box) - 1;
  const [from, to] = below ? [bottom(button.box), nearest.box.y] : [bottom(nearest.box), button.box.y];
  const between = probe.separators.find(
    (separator) => separator.box.y >= from - 2 && bottom(separator.box) <= to + 2,
  );
  const evidence: Evidence[] = [
    {
      label: 'Mode de connexion le plus proche',
      value: `${METHOD_KINDS[nearest.kind]} (${nearest.label}), ${below ? 'en dessous' : 'au-dessus'}`,
    },
    {
      label: '« ou » trouvés sur la page',
      value: probe.separators.length
        ? probe.separators.map((separator) => `${quote(separator.text)} ${box(separator.box)}`).join(' ; ')
        : 'aucun',
    },
  ];
  if (!between) {
    return {
      verdict: 'non-conforme',
      summary: 'Aucune mention « ou » ne sépare FranceConnect des autres modes de connexion.',
      fix: 'Entre le bouton FranceConnect (et son lien) et les autres modes, placez une ligne de séparation portant la mention « ou ».',
      evidence,
    };
  }
  evidence.push({ label: 'Ligne', value: between.line ?? 'aucune ligne détectée autour de « ou »' });
  return {
    verdict: 'conforme',
    summary: `La mention ${quote(between.text)} sépare FranceConnect des autres modes de connexion${between.line ? ', sur une ligne' : ' (sans ligne détectée : la grille cite la ligne en exemple)'}.`,
    evidence,
  };
}

function socialOutcome(probe: PageProbe, button: FoundButton | null): Outcome {
  const social = probe.methods.filter((method) => method.kind === 'social');
  if (social.length === 0) {
    return {
      verdict: 'conforme',
      summary: 'Aucun bouton ni lien de connexion par un réseau social sur la page.',
    };
  }
  const where = (method: { box: Box }) =>
    button
      ? `, à ${px(Math.max(0, method.box.y - bottom(button.box), button.box.y - bottom(method.box)))} px du bouton FranceConnect`
      : '';
  return {
    verdict: 'non-conforme',
    summary: `La page propose de se connecter avec un réseau social : ${social.map((method) => quote(method.label)).join(', ')}.`,
    fix: 'Retirez les connexions par réseau social ou acteur privé de la section où se trouve FranceConnect.',
    evidence: social.map((method) => ({
      label: 'Connexion privée',
      value: `${quote(method.label)}${where(method)}`,
    })),
  };
}

function frameOutcome(observation: PageObservation): Outcome {
  if (observation.inFrame) {
    return {
      verdict: 'non-conforme',
      summary: 'Le bouton FranceConnect est dans une iframe.',
      fix: 'Placez le bouton dans la page elle-même : FranceConnect s’ouvre dans la page, jamais dans une iframe.',
      evidence: [{ label: 'Document du bouton', value: observation.probe.url }],
    };
  }
  return { verdict: 'conforme', summary: 'Le bouton est dans la page elle-même, hors de toute iframe.' };
}

function popupOutcome(observation: PageObservation, button: FoundButton): Outcome {
  const followed = observation.followed;
  const problems: string[] = [];
  const evidence: Evidence[] = [{ label: 'Attribut target du bouton', value: button.target ?? '(aucun)' }];
  if (button.target && !['_self', '_top'].includes(button.target))
    problems.push(`le bouton a target="${button.target}"`);
  if (button.inModal) problems.push('le bouton est dans une fenêtre modale');
  if (followed) {
    evidence.push({ label: 'Fenêtres ouvertes par le clic', value: String(followed.popups) });
    evidence.push({ label: 'Appels à window.open', value: String(followed.windowOpens) });
    if (followed.from) {
      evidence.push({
        label: 'FranceConnect ouvert dans',
        value: { top: 'l’onglet de la page', popup: 'une autre fenêtre', frame: 'un cadre (iframe)' }[
          followed.from
        ],
      });
    }
    if (followed.popups > 0 || followed.from === 'popup') problems.push('le clic ouvre une nouvelle fenêtre');
    if (followed.windowOpens > 0) problems.push('la page appelle window.open');
  } else {
    evidence.push({ label: 'Clic', value: 'non observé' });
  }
  if (problems.length > 0) {
    return {
      verdict: 'non-conforme',
      summary: `FranceConnect ne s’ouvre pas dans l’onglet : ${problems.join(' ; ')}.`,
      fix: 'Le bouton mène à FranceConnect dans l’onglet courant : un lien ou un formulaire sans target, sans window.open ni fenêtre modale.',
      evidence,
    };
  }
  return {
    verdict: 'conforme',
    summary: 'Le clic mène à FranceConnect dans le même onglet, sans pop-up.',
    evidence,
  };
}
