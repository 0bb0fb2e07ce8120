// What the authorization request shows (points 17, 19, 20, 21 and FranceConnect's parameter rules),
// from the requests the button sent, and what FranceConnect answered.
import type { FollowedButton, AuthorizeRequest, FranceConnectAnswer } from '../page/follow.js';
import type { CheckResult, Evidence, Verdict } from '../result.js';
import { FRANCECONNECT_ERRORS, REDIRECTED_ERRORS } from './franceconnect-errors.js';
import { quote } from './format.js';

export interface AuthorizationObservation {
  /** The sign-in page's button, followed to FranceConnect. */
  readonly first: FollowedButton | null;
  /** The same button a second time (state and nonce must change). */
  readonly second: FollowedButton | null;
  /** The sign-up page's button, when a sign-up page was given. */
  readonly signup: FollowedButton | null;
  /** The client id of the partner space, when given. */
  readonly clientId?: string;
}

/** The parameters FranceConnect accepts at /authorize (its `AuthorizeParamsDto`, `forbidNonWhitelisted`). */
export const ACCEPTED_PARAMETERS = [
  'response_type',
  'client_id',
  'redirect_uri',
  'scope',
  'acr_values',
  'state',
  'nonce',
  'prompt',
  'claims',
  'ui_locales',
  'idp_hint',
] as const;

/** The pivot identity (qualification #17) and the scopes that carry it. */
const PIVOT_CLAIMS = [
  'given_name',
  'family_name',
  'birthdate',
  'gender',
  'birthplace',
  'birthcountry',
] as const;
const SCOPE_CLAIMS: Record<string, readonly string[]> = {
  identite_pivot: PIVOT_CLAIMS,
  profile: ['given_name', 'family_name', 'birthdate', 'gender'],
  birth: ['birthplace', 'birthcountry'],
};

const MIN_LENGTH = 22;

type Outcome = { verdict: Verdict; summary: string; fix?: string; evidence?: Evidence[] };

const value = (request: AuthorizeRequest, name: string): string | undefined =>
  request.params.find(([key]) => key === name)?.[1];

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** What FranceConnect said, for the evidence of a parameter check. */
function answerEvidence(answer: FranceConnectAnswer | null): Evidence[] {
  if (!answer || answer.kind === 'page') return [];
  if (answer.kind === 'error-page') {
    return [
      {
        label: 'Réponse de FranceConnect',
        value: `page d’erreur ${answer.code ?? ''} (HTTP ${answer.status ?? '?'})${answer.details?.length ? ` : ${answer.details.join(' ; ')}` : ''}`,
      },
    ];
  }
  if (answer.kind === 'redirected-error') {
    return [
      {
        label: 'Réponse de FranceConnect',
        value: `retour avec error=${answer.error ?? ''} ${answer.description ?? ''}`,
      },
    ];
  }
  return [{ label: 'Réponse de FranceConnect', value: `injoignable (${answer.url})` }];
}

export function checkAuthorization(observation: AuthorizationObservation): CheckResult[] {
  const first = observation.first;
  const request = first?.authorize ?? null;
  const answer = first?.answer ?? null;
  const make = (id: string, points: string[], title: string, outcome: Outcome): CheckResult => ({
    id: `autorisation.${id}`,
    group: 'autorisation',
    points,
    title,
    verdict: outcome.verdict,
    summary: outcome.summary,
    ...(outcome.fix ? { fix: outcome.fix } : {}),
    evidence: [
      ...(request ? [{ label: 'Demande', value: `${request.method} ${request.url}` }] : []),
      ...(outcome.evidence ?? []),
    ],
  });
  const definitions: Array<[string, string[], string, (request: AuthorizeRequest) => Outcome]> = [
    ['acr-values', ['19'], 'Niveau eIDAS : acr_values=eidas1', acrOutcome],
    ['scopes', ['17'], 'Scopes : au moins l’identité pivot', scopeOutcome],
    ['state', ['20'], 'state : au moins 22 lettres et chiffres', (r) => randomOutcome(r, 'state')],
    ['nonce', ['20'], 'nonce : au moins 22 lettres et chiffres', (r) => randomOutcome(r, 'nonce')],
    ['client-id', ['21'], 'Client ID de l’espace partenaire', (r) => clientOutcome(r, observation, answer)],
    [
      'redirect-uri',
      ['FC'],
      'redirect_uri en https, déclarée chez FranceConnect',
      (r) => redirectOutcome(r, answer),
    ],
    ['parametres', ['FC'], 'Aucun paramètre refusé par FranceConnect (ni PKCE)', parametersOutcome],
  ];
  if (!request) {
    const why = first?.failure ?? 'le bouton n’a pas été suivi';
    return [
      ...definitions.map(([id, points, title]) =>
        make(id, points, title, {
          verdict: 'non-verifiable',
          summary: `Aucune demande d’autorisation observée : ${why}.`,
        }),
      ),
      make('unicite', ['20'], 'state et nonce nouveaux à chaque tentative', {
        verdict: 'non-verifiable',
        summary: `Aucune demande d’autorisation observée : ${why}.`,
      }),
      make('reponse-franceconnect', ['FC'], 'FranceConnect accepte la demande', {
        verdict: 'non-verifiable',
        summary: `Aucune demande d’autorisation observée : ${why}.`,
      }),
    ];
  }
  const results = definitions.map(([id, points, title, rule]) => {
    const outcome = rule(request);
    // A refusal by FranceConnect is shown where its cause is.
    return make(
      id,
      points,
      title,
      outcome.verdict === 'non-conforme'
        ? { ...outcome, evidence: [...(outcome.evidence ?? []), ...answerEvidence(answer)] }
        : outcome,
    );
  });
  results.push(
    make(
      'unicite',
      ['20'],
      'state et nonce nouveaux à chaque tentative',
      uniquenessOutcome(request, observation.second?.authorize ?? null),
    ),
  );
  const causes = results
    .filter((result) => result.verdict === 'non-conforme')
    .map((result) => result.id.replace('autorisation.', ''));
  results.push(
    make('reponse-franceconnect', ['FC'], 'FranceConnect accepte la demande', answerOutcome(answer, causes)),
  );
  return results;
}

/**
 * Whether FranceConnect's error page refuses the request for this reason: its own code, or the OpenID
 * Connect error it details (the local FranceConnect shows `Y000400` with `invalid_redirect_uri`…).
 */
function refused(answer: FranceConnectAnswer | null, code: string, detail: RegExp): boolean {
  if (answer?.kind !== 'error-page') return false;
  return answer.code === code || (answer.details ?? []).some((line) => detail.test(line));
}

function acrOutcome(request: AuthorizeRequest): Outcome {
  const acr = value(request, 'acr_values');
  if (acr === undefined) {
    return {
      verdict: 'non-conforme',
      summary: 'La demande n’a pas de paramètre acr_values.',
      fix: 'Ajoutez acr_values=eidas1 à la demande d’autorisation.',
    };
  }
  if (acr.trim() !== 'eidas1') {
    return {
      verdict: 'non-conforme',
      summary: `acr_values vaut ${quote(acr)} au lieu de « eidas1 ».`,
      fix: 'Envoyez acr_values=eidas1 (eidas2 et eidas3 sont ceux de FranceConnect+).',
      evidence: [{ label: 'acr_values', value: acr }],
    };
  }
  return {
    verdict: 'conforme',
    summary: 'acr_values=eidas1.',
    evidence: [{ label: 'acr_values', value: acr }],
  };
}

function scopeOutcome(request: AuthorizeRequest): Outcome {
  const scopes = (value(request, 'scope') ?? '').split(/[\s+]+/).filter(Boolean);
  const covered = new Set<string>(scopes);
  for (const scope of scopes) for (const claim of SCOPE_CLAIMS[scope] ?? []) covered.add(claim);
  const missing = [
    ...(scopes.includes('openid') ? [] : ['openid']),
    ...PIVOT_CLAIMS.filter((claim) => !covered.has(claim)),
  ];
  const evidence = [{ label: 'scope', value: scopes.join(' ') || '(absent)' }];
  if (missing.length > 0) {
    return {
      verdict: 'non-conforme',
      summary: `L’identité pivot n’est pas demandée en entier : il manque ${missing.join(', ')}.`,
      fix: 'Demandez au moins openid given_name family_name birthdate gender birthplace birthcountry (ou openid identite_pivot).',
      evidence,
    };
  }
  return { verdict: 'conforme', summary: 'openid et toute l’identité pivot sont demandés.', evidence };
}

function randomOutcome(request: AuthorizeRequest, name: 'state' | 'nonce'): Outcome {
  const found = value(request, name);
  if (found === undefined || found === '') {
    return {
      verdict: 'non-conforme',
      summary: `La demande n’a pas de ${name}.`,
      fix: `Envoyez un ${name} aléatoire d’au moins ${MIN_LENGTH} caractères (lettres et chiffres), nouveau à chaque tentative.`,
    };
  }
  const classes = [
    /[a-z]/.test(found) && 'minuscules',
    /[A-Z]/.test(found) && 'majuscules',
    /\d/.test(found) && 'chiffres',
  ]
    .filter(Boolean)
    .join(', ');
  const others = Array.from(new Set(found.replace(/[A-Za-z0-9]/g, ''))).join(' ');
  const evidence = [
    { label: name, value: found },
    { label: 'Longueur', value: `${found.length} caractères (au moins ${MIN_LENGTH})` },
    { label: 'Caractères', value: `${classes}${others ? `, autres : ${others}` : ''}` },
  ];
  if (found.length < MIN_LENGTH) {
    return {
      verdict: 'non-conforme',
      summary: `${name} ne fait que ${found.length} caractères (au moins ${MIN_LENGTH}).`,
      fix: `Générez un ${name} aléatoire d’au moins ${MIN_LENGTH} caractères (32 ou plus recommandés), lettres et chiffres.`,
      evidence,
    };
  }
  if (/[^A-Za-z0-9\-_.~]/.test(found)) {
    return {
      verdict: 'non-conforme',
      summary: `${name} contient des caractères autres que des lettres et des chiffres : ${others}.`,
      fix: `Générez le ${name} en lettres et chiffres seulement.`,
      evidence,
    };
  }
  if (others) {
    return {
      verdict: 'a-verifier',
      summary: `${name} fait ${found.length} caractères, mais contient ${others} : la grille demande des chiffres et des lettres (FranceConnect accepte ces caractères).`,
      fix: `Préférez un ${name} en lettres et chiffres seulement (par exemple 32 caractères alphanumériques aléatoires).`,
      evidence,
    };
  }
  if (new Set(found).size < 8) {
    return {
      verdict: 'non-conforme',
      summary: `${name} ne semble pas aléatoire (${new Set(found).size} caractères différents).`,
      fix: `Générez le ${name} avec un générateur aléatoire cryptographique.`,
      evidence,
    };
  }
  return {
    verdict: 'conforme',
    summary: `${name} : ${found.length} caractères, lettres et chiffres.`,
    evidence,
  };
}

function uniquenessOutcome(first: AuthorizeRequest, second: AuthorizeRequest | null): Outcome {
  if (!second) {
    return { verdict: 'non-verifiable', summary: 'La seconde tentative n’a pas pu être observée.' };
  }
  const pairs = (['state', 'nonce'] as const).map(
    (name) => [name, value(first, name), value(second, name)] as const,
  );
  const evidence = pairs.map(([name, a, b]) => ({
    label: name,
    value: `1re tentative ${a ?? '(absent)'}, 2e tentative ${b ?? '(absent)'}`,
  }));
  const repeated = pairs.filter(([, a, b]) => a !== undefined && a === b).map(([name]) => name);
  const same = value(first, 'state') !== undefined && value(first, 'state') === value(first, 'nonce');
  if (repeated.length > 0 || same) {
    return {
      verdict: 'non-conforme',
      summary:
        repeated.length > 0
          ? `${repeated.join(' et ')} ne change pas d’une tentative à l’autre.`
          : 'state et nonce ont la même valeur.',
      fix: 'Tirez un state et un nonce aléatoires, distincts, à chaque clic sur le bouton.',
      evidence,
    };
  }
  return {
    verdict: 'conforme',
    summary: 'state et nonce sont nouveaux à chaque tentative, et différents l’un de l’autre.',
    evidence,
  };
}

function clientOutcome(
  request: AuthorizeRequest,
  observation: AuthorizationObservation,
  answer: FranceConnectAnswer | null,
): Outcome {
  const clientId = value(request, 'client_id');
  const signupId = observation.signup?.authorize
    ? value(observation.signup.authorize, 'client_id')
    : undefined;
  const evidence: Evidence[] = [{ label: 'client_id envoyé', value: clientId ?? '(absent)' }];
  if (observation.clientId)
    evidence.push({ label: 'client_id de l’espace partenaire (--client-id)', value: observation.clientId });
  if (signupId !== undefined)
    evidence.push({ label: 'client_id depuis la page d’inscription', value: signupId });
  if (!clientId) {
    return {
      verdict: 'non-conforme',
      summary: 'La demande n’a pas de client_id.',
      fix: 'Envoyez le client_id de l’espace partenaire.',
      evidence,
    };
  }
  if (refused(answer, 'Y04EA6EF', /invalid_client/)) {
    return {
      verdict: 'non-conforme',
      summary: `FranceConnect ne connaît pas ce client_id (${answer?.code ?? 'Y04EA6EF'}).`,
      fix: FRANCECONNECT_ERRORS.Y04EA6EF!.fix,
      evidence,
    };
  }
  if (signupId !== undefined && signupId !== clientId) {
    return {
      verdict: 'non-conforme',
      summary: 'Les pages de connexion et d’inscription n’envoient pas le même client_id.',
      fix: 'Utilisez un seul client_id, celui de l’espace partenaire, partout.',
      evidence,
    };
  }
  if (observation.clientId === undefined) {
    return {
      verdict: 'a-verifier',
      summary: `client_id envoyé : ${clientId}. Comparez-le à celui de l’espace partenaire (ou donnez-le à l’audit avec --client-id).`,
      evidence,
    };
  }
  if (observation.clientId !== clientId) {
    return {
      verdict: 'non-conforme',
      summary: 'Le client_id envoyé n’est pas celui de l’espace partenaire.',
      fix: 'Configurez le client_id de l’espace partenaire, pour l’environnement visé.',
      evidence,
    };
  }
  return { verdict: 'conforme', summary: 'Le client_id envoyé est celui de l’espace partenaire.', evidence };
}

function redirectOutcome(request: AuthorizeRequest, answer: FranceConnectAnswer | null): Outcome {
  const redirect = value(request, 'redirect_uri');
  const evidence: Evidence[] = [{ label: 'redirect_uri', value: redirect ?? '(absent)' }];
  if (!redirect || !URL.canParse(redirect)) {
    return {
      verdict: 'non-conforme',
      summary: 'La demande n’a pas de redirect_uri valable.',
      fix: 'Envoyez l’URL de retour déclarée dans l’espace partenaire.',
      evidence,
    };
  }
  if (refused(answer, 'Y04C013C', /invalid_redirect_uri/)) {
    return {
      verdict: 'non-conforme',
      summary: `FranceConnect ne connaît pas cette redirect_uri pour ce client (${answer?.code ?? 'Y04C013C'}).`,
      fix: FRANCECONNECT_ERRORS.Y04C013C!.fix,
      evidence,
    };
  }
  const url = new URL(redirect);
  if (url.protocol === 'https:') return { verdict: 'conforme', summary: 'redirect_uri en https.', evidence };
  if (url.protocol === 'http:' && isLoopback(url.hostname)) {
    return {
      verdict: 'conforme',
      summary:
        'redirect_uri en http sur une adresse locale : admis pour le développement ; en intégration et en production, FranceConnect exige https avec un nom de domaine.',
      evidence,
    };
  }
  return {
    verdict: 'non-conforme',
    summary: `redirect_uri en ${url.protocol.replace(':', '')} : FranceConnect exige https.`,
    fix: 'Servez le retour de connexion en https et déclarez cette URL dans l’espace partenaire.',
    evidence,
  };
}

function parametersOutcome(request: AuthorizeRequest): Outcome {
  const names = request.params.map(([name]) => name);
  const refused = Array.from(
    new Set(names.filter((name) => !(ACCEPTED_PARAMETERS as readonly string[]).includes(name))),
  );
  const repeated = Array.from(new Set(names.filter((name, index) => names.indexOf(name) !== index)));
  const problems: string[] = [];
  const pkce = refused.filter((name) => name.startsWith('code_challenge'));
  if (pkce.length > 0) problems.push(`PKCE (${pkce.join(', ')}) : FranceConnect le refuse`);
  const others = refused.filter((name) => !name.startsWith('code_challenge'));
  if (others.length > 0) problems.push(`paramètres inconnus de FranceConnect : ${others.join(', ')}`);
  if (repeated.length > 0) problems.push(`paramètres répétés : ${repeated.join(', ')}`);
  const responseType = value(request, 'response_type');
  if (responseType !== 'code')
    problems.push(
      `response_type vaut ${responseType === undefined ? '(absent)' : quote(responseType)} au lieu de « code »`,
    );
  const prompt = value(request, 'prompt');
  if (
    prompt !== undefined &&
    !prompt
      .split(/\s+/)
      .filter(Boolean)
      .every((item) => item === 'login' || item === 'consent')
  ) {
    problems.push(`prompt vaut ${quote(prompt)} (seuls login et consent sont acceptés)`);
  }
  const evidence = [{ label: 'Paramètres envoyés', value: names.join(', ') }];
  if (problems.length > 0) {
    return {
      verdict: 'non-conforme',
      summary: `FranceConnect refuse cette demande (erreur Y030007) : ${problems.join(' ; ')}.`,
      fix: FRANCECONNECT_ERRORS.Y030007!.fix,
      evidence,
    };
  }
  return {
    verdict: 'conforme',
    summary: 'Tous les paramètres sont ceux que FranceConnect accepte, sans PKCE.',
    evidence,
  };
}

function answerOutcome(answer: FranceConnectAnswer | null, causes: string[]): Outcome {
  if (!answer)
    return { verdict: 'non-verifiable', summary: 'La réponse de FranceConnect n’a pas été observée.' };
  const evidence: Evidence[] = [
    { label: 'Page atteinte', value: `${answer.url}${answer.status ? ` (HTTP ${answer.status})` : ''}` },
  ];
  if (answer.kind === 'page') {
    return {
      verdict: 'conforme',
      summary: 'FranceConnect accepte la demande et propose de choisir un compte.',
      evidence,
    };
  }
  if (answer.kind === 'unreachable') {
    return {
      verdict: 'non-verifiable',
      summary:
        'FranceConnect n’a pas pu être atteint, ou sa page n’a pas pu s’afficher là où le bouton l’ouvre.',
      evidence,
    };
  }
  const known =
    answer.kind === 'error-page'
      ? answer.code
        ? FRANCECONNECT_ERRORS[answer.code]
        : undefined
      : REDIRECTED_ERRORS[answer.error ?? ''];
  const name =
    answer.kind === 'error-page'
      ? `l’erreur ${answer.code ?? `HTTP ${answer.status ?? '?'}`}`
      : `error=${answer.error ?? ''}`;
  evidence.push(...answerEvidence(answer));
  if (known) evidence.push({ label: 'Ce que cela signifie', value: known.meaning });
  // Codes the parameter checks already explain are reported there; they hide what comes after.
  const explained = causes.filter((cause) => cause !== 'unicite');
  if (explained.length > 0) {
    return {
      verdict: 'non-verifiable',
      summary: `FranceConnect refuse la demande (${name}), à cause de ce que signale ${explained.map((cause) => `autorisation.${cause}`).join(', ')} : corrigez-le, puis relancez l’audit.`,
      evidence,
    };
  }
  return {
    verdict: 'non-conforme',
    summary: `FranceConnect refuse la demande : ${name}${known ? `, ${known.meaning}` : ''}.`,
    fix:
      known?.fix ??
      'Lisez le code d’erreur dans la documentation partenaires de FranceConnect, et vérifiez la configuration du client dans l’espace partenaire.',
    evidence,
  };
}
