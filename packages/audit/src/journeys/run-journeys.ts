// The journeys with a test identity (points 8, 9, 14, 15, 16, 20): sign in through FranceConnect, find
// the signed-in person and the profile, check which fields can be changed, log out and check that
// FranceConnect asks for the password again, then tamper state, then nonce, and check that nobody is
// signed in.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { newAuditContext, open } from '../audit-page.js';
import { AuditRunError } from '../errors.js';
import { quote } from '../checks/format.js';
import type { ResolvedOptions } from '../options.js';
import { followButton } from '../page/follow.js';
import { inspectWhenReady } from '../page/inspect.js';
import type { CheckResult, Evidence, Screenshot, Verdict } from '../result.js';
import { signInAtFranceConnect, type Identity } from './at-franceconnect.js';
import {
  readProfile,
  readSignedInMarks,
  type ProfileField,
  type ProfileReading,
  type SignedInMarks,
} from './site-probes.js';

export interface JourneyResults {
  readonly checks: CheckResult[];
  readonly screenshots: Record<string, Screenshot>;
}

type Outcome = { verdict: Verdict; summary: string; fix?: string; evidence?: Evidence[] };

const JOURNEYS = {
  connexion: { id: 'connexion', points: ['8'], title: 'Se connecter avec FranceConnect' },
  identification: {
    id: 'identification',
    points: ['14'],
    title: 'La personne connectée se voit, son profil est accessible',
  },
  pivot: { id: 'identite-pivot', points: ['15'], title: 'Identité pivot non modifiable' },
  modifiables: {
    id: 'donnees-modifiables',
    points: ['16'],
    title: 'Nom d’usage et adresse électronique modifiables',
  },
  deconnexion: {
    id: 'deconnexion',
    points: ['9'],
    title: 'Se déconnecter du service déconnecte de FranceConnect',
  },
  state: { id: 'state-modifie', points: ['20'], title: 'Un state modifié arrête la connexion' },
  nonce: { id: 'nonce-modifie', points: ['20'], title: 'Un nonce modifié arrête la connexion' },
} as const;
type JourneyKey = keyof typeof JOURNEYS;

const PIVOT: ReadonlyArray<readonly [string, RegExp]> = [
  ['Nom de naissance', /nom de naissance|nom de famille/i],
  ['Prénoms', /pr[ée]noms?/i],
  ['Date de naissance', /date de naissance/i],
  ['Ville de naissance', /(ville|commune|lieu) de naissance/i],
  ['Pays de naissance', /pays de naissance/i],
  ['Sexe', /\bsexe\b|\bgenre\b|civilit/i],
];
const USAGE_NAME = /nom d.usage/i;
const EMAIL = /e-?mail|courriel|adresse [ée]lectronique/i;
const SIGN_UP_SUBMIT = /cr[ée]er|valider|confirmer|terminer|finaliser|continuer|enregistrer/i;
const LOGOUT = /se d[ée]connecter|d[ée]connexion|log ?out|sign ?out/i;

function make(key: JourneyKey, outcome: Outcome): CheckResult {
  const journey = JOURNEYS[key];
  return {
    id: `parcours.${journey.id}`,
    group: 'parcours',
    points: journey.points,
    title: journey.title,
    verdict: outcome.verdict,
    summary: outcome.summary,
    ...(outcome.fix ? { fix: outcome.fix } : {}),
    evidence: outcome.evidence ?? [],
    screenshot: 'parcours',
  };
}

function all(outcome: Outcome, except: readonly JourneyKey[] = []): CheckResult[] {
  return (Object.keys(JOURNEYS) as JourneyKey[])
    .filter((key) => !except.includes(key))
    .map((key) => make(key, outcome));
}

async function waitForMarks(page: Page, timeoutMs: number): Promise<SignedInMarks> {
  const deadline = Date.now() + Math.min(timeoutMs, 5_000);
  let marks = await page.evaluate(readSignedInMarks);
  while (!marks.logout && Date.now() < deadline) {
    await page.waitForTimeout(250);
    marks = await page.evaluate(readSignedInMarks);
  }
  return marks;
}

const pivotFields = (reading: ProfileReading) =>
  PIVOT.map(([name, pattern]) => ({
    name,
    fields: reading.fields.filter((field) => pattern.test(field.label) && !USAGE_NAME.test(field.label)),
  }));

const hasPivot = (reading: ProfileReading) => pivotFields(reading).some((entry) => entry.fields.length > 0);

/**
 * The button clicked in a fresh page, until FranceConnect. With `tamper`, the request is then sent
 * again with that parameter altered (as a person editing the URL would), the service's pending attempt
 * keeping the original.
 */
async function startAtFranceConnect(
  context: BrowserContext,
  options: ResolvedOptions,
  tamper?: 'state' | 'nonce',
): Promise<{ page: Page; home: Set<string>; authorize: URL; tampered: boolean }> {
  const page = await context.newPage();
  await open(page, options.login, options.timeoutMs);
  const inspection = await inspectWhenReady(page, Math.min(options.timeoutMs, 8_000));
  if (!inspection.button)
    throw new AuditRunError('bouton FranceConnect introuvable sur la page de connexion');
  const followed = await followButton(page, inspection.button, {
    timeoutMs: options.timeoutMs,
    answer: true,
  });
  if (!followed.authorize)
    throw new AuditRunError(followed.failure ?? 'le bouton n’a pas mené à FranceConnect');
  const authorize = new URL(followed.authorize.url);
  const params = new URLSearchParams(followed.authorize.params.map(([name, value]) => [name, value]));
  const redirect = params.get('redirect_uri');
  const home = new Set([
    options.login.origin,
    ...(redirect && URL.canParse(redirect) ? [new URL(redirect).origin] : []),
  ]);
  if (!tamper) return { page, home, authorize, tampered: false };
  const original = params.get(tamper);
  if (!original) return { page, home, authorize, tampered: false };
  params.set(tamper, alter(original));
  if (followed.authorize.method === 'GET') {
    const target = new URL(authorize.href);
    target.search = params.toString();
    await page.goto(target.href, { timeout: options.timeoutMs });
  } else {
    // FranceConnect also takes /authorize as a form POST: send the altered form the same way.
    await page.evaluate(
      ({ action, entries }) => {
        const form = document.createElement('form');
        form.method = 'post';
        form.action = action;
        for (const [name, value] of entries) {
          const input = document.createElement('input');
          input.type = 'hidden';
          input.name = name;
          input.value = value;
          form.append(input);
        }
        document.body.append(form);
        form.submit();
      },
      { action: authorize.href, entries: Array.from(params) },
    );
    await page.waitForLoadState('domcontentloaded');
  }
  return { page, home, authorize, tampered: true };
}

/** Changes the last character: the same length and alphabet, another value. */
function alter(value: string): string {
  const last = value.slice(-1);
  return `${value.slice(0, -1)}${last === 'A' ? 'B' : 'A'}`;
}

export async function runJourneys(
  browser: Browser,
  options: ResolvedOptions,
  progress: (step: string) => void,
): Promise<JourneyResults> {
  const identity: Identity | undefined = options.identity;
  if (!identity) {
    return {
      checks: all({
        verdict: 'non-verifiable',
        summary:
          'Parcours non joué : donnez une identité de test à l’audit (--identity, par exemple « test » chez le fournisseur « Démonstration »).',
      }),
      screenshots: {},
    };
  }
  const screenshots: Record<string, Screenshot> = {};
  const checks: CheckResult[] = [];
  let profileUrl: string | null = options.profile?.href ?? null;

  // Points 8, 14, 15, 16, 9: one person's whole visit.
  const context = await newAuditContext(browser, 'light');
  try {
    progress('parcours : connexion avec FranceConnect');
    let started;
    try {
      started = await startAtFranceConnect(context, options);
    } catch (error) {
      return {
        checks: all({
          verdict: 'non-verifiable',
          summary: `Parcours impossible : ${(error as Error).message}.`,
        }),
        screenshots,
      };
    }
    const { page, home, authorize } = started;
    const franceconnect = authorize.origin;
    try {
      await signInAtFranceConnect(page, identity, home, options.timeoutMs);
    } catch (error) {
      return {
        checks: all({
          verdict: 'non-verifiable',
          summary: `Parcours impossible : ${(error as Error).message}.`,
        }),
        screenshots,
      };
    }
    const landing = page.url();
    let signUpForm: ProfileReading | null = null;
    // A first sign-in may end on a sign-up confirmation, with the identity to check (#15 applies there too).
    // Pages built by a script draw their forms after loading: give them a moment to show the identity.
    let reading = await page.evaluate(readProfile);
    for (
      const until = Date.now() + Math.min(options.timeoutMs, 4_000);
      Date.now() < until && !hasPivot(reading);
    ) {
      await page.waitForTimeout(250);
      reading = await page.evaluate(readProfile);
    }
    const submit = reading.submits.find((name) => SIGN_UP_SUBMIT.test(name) && !LOGOUT.test(name));
    if (submit && hasPivot(reading)) {
      signUpForm = reading;
      progress(`parcours : confirmation de l’inscription (« ${submit} »)`);
      // The confirmation may post in the background first: wait until the page has left it.
      const confirmation = page.url();
      await page.getByRole('button', { name: submit, exact: true }).first().click();
      await page
        .waitForURL((url) => url.href !== confirmation, { timeout: options.timeoutMs })
        .catch(() => undefined);
      await page.waitForLoadState('domcontentloaded');
    }
    let marks = await waitForMarks(page, options.timeoutMs);
    const evidence8: Evidence[] = [
      { label: 'Retour de FranceConnect', value: landing },
      ...(signUpForm ? [{ label: 'Inscription', value: 'formulaire de confirmation validé' }] : []),
      {
        label: 'Signe de connexion',
        value: marks.logout ? `commande ${quote(marks.logout)}` : 'aucune commande de déconnexion visible',
      },
    ];
    if (!marks.logout) {
      checks.push(
        make('connexion', {
          verdict: 'non-conforme',
          summary:
            'Après FranceConnect, le service ne montre aucune session ouverte (pas de commande « Se déconnecter »).',
          fix: 'Vérifiez le traitement du retour (redirect_uri) : échange du code, vérification du jeton, ouverture de la session.',
          evidence: evidence8,
        }),
      );
      checks.push(
        ...all(
          {
            verdict: 'non-verifiable',
            summary: 'La connexion n’a pas abouti : ce parcours n’a pas pu être joué.',
          },
          ['connexion', 'state', 'nonce'],
        ),
      );
    } else {
      checks.push(
        make('connexion', {
          verdict: 'conforme',
          summary: 'La connexion par FranceConnect aboutit : le service ouvre une session.',
          evidence: evidence8,
        }),
      );
      // The profile page.
      profileUrl ??= marks.profile?.href ?? null;
      let profile: ProfileReading | null = null;
      if (profileUrl) {
        progress('parcours : page du profil');
        await page.goto(profileUrl, { timeout: options.timeoutMs });
        marks = await waitForMarks(page, options.timeoutMs);
        const deadline = Date.now() + options.timeoutMs;
        const known = (reading: ProfileReading) =>
          reading.fields.some(
            (field) =>
              USAGE_NAME.test(field.label) ||
              EMAIL.test(field.label) ||
              PIVOT.some(([, pattern]) => pattern.test(field.label)),
          );
        profile = await page.evaluate(readProfile);
        while (!known(profile) && Date.now() < deadline) {
          await page.waitForTimeout(250);
          profile = await page.evaluate(readProfile);
        }
        screenshots.parcours = {
          caption: `Page du profil une fois connecté (${page.url()})`,
          png: await page.screenshot({ fullPage: false }),
        };
      }
      checks.push(make('identification', identificationOutcome(marks, profile, profileUrl)));
      checks.push(make('pivot', pivotOutcome(profile, signUpForm)));
      checks.push(make('modifiables', editableOutcome(profile)));
      progress('parcours : déconnexion');
      checks.push(make('deconnexion', await logoutOutcome(page, options, identity, home, franceconnect)));
    }
  } finally {
    await context.close();
  }

  // Point 20: state, then nonce, altered in /authorize.
  for (const name of ['state', 'nonce'] as const) {
    progress(`parcours : ${name} modifié`);
    checks.push(make(name, await tamperedOutcome(browser, options, identity, name, profileUrl)));
  }
  return { checks, screenshots };
}

function identificationOutcome(
  marks: SignedInMarks,
  profile: ProfileReading | null,
  profileUrl: string | null,
): Outcome {
  const evidence: Evidence[] = [
    { label: 'Commande de déconnexion', value: marks.logout ?? '(aucune)' },
    {
      label: 'Lien vers le profil',
      value: marks.profile ? `${quote(marks.profile.name)} → ${marks.profile.href ?? ''}` : '(aucun)',
    },
    { label: 'Zone du compte', value: marks.badge || '(vide)' },
  ];
  if (!marks.logout || !profileUrl) {
    return {
      verdict: 'non-conforme',
      summary: !marks.logout
        ? 'Rien n’indique que la personne est connectée.'
        : 'Aucun lien vers le profil n’est visible une fois connecté.',
      fix: 'Affichez, une fois connecté, le nom de la personne, un lien « Mon profil » et « Se déconnecter » (par exemple <franceconnect-user> du kit).',
      evidence,
    };
  }
  const names = (profile?.fields ?? [])
    .filter((field) => /pr[ée]nom|nom de naissance|nom d.usage/i.test(field.label) && field.value)
    .flatMap((field) => field.value.split(/\s+/))
    .filter((word) => word.length > 1);
  evidence.push({ label: 'Nom lu sur le profil', value: names.join(' ') || '(aucun)' });
  const shown = names.some((word) =>
    marks.badge.toLocaleLowerCase('fr').includes(word.toLocaleLowerCase('fr')),
  );
  if (!shown) {
    return {
      verdict: 'a-verifier',
      summary:
        'La déconnexion et le profil sont accessibles, mais le nom de la personne n’a pas été retrouvé près de la commande de déconnexion.',
      fix: 'Vérifiez que la personne voit clairement qu’elle est connectée (son nom dans l’en-tête, par exemple).',
      evidence,
    };
  }
  return {
    verdict: 'conforme',
    summary: 'Le nom de la personne, le lien vers son profil et la déconnexion sont visibles.',
    evidence,
  };
}

function describeFields(fields: readonly ProfileField[]): string {
  return fields
    .map((field) => `${field.label} (${field.editable ? 'modifiable' : 'non modifiable'})`)
    .join(', ');
}

function pivotOutcome(profile: ProfileReading | null, signUpForm: ProfileReading | null): Outcome {
  if (!profile)
    return { verdict: 'non-verifiable', summary: 'Page du profil introuvable (donnez-la avec --profile).' };
  const pages: Array<[string, ProfileReading]> = [
    ['profil', profile],
    ...(signUpForm ? [['formulaire d’inscription', signUpForm] as [string, ProfileReading]] : []),
  ];
  const evidence: Evidence[] = [];
  const editable: string[] = [];
  let seen = 0;
  for (const [where, reading] of pages) {
    for (const { name, fields } of pivotFields(reading)) {
      if (fields.length === 0) continue;
      seen++;
      evidence.push({ label: `${name} (${where})`, value: describeFields(fields) });
      if (fields.some((field) => field.editable)) editable.push(`${name} (${where})`);
    }
  }
  if (editable.length > 0) {
    return {
      verdict: 'non-conforme',
      summary: `Des champs de l’identité pivot sont modifiables : ${editable.join(', ')}.`,
      fix: 'Affichez l’identité pivot reçue de FranceConnect en lecture seule, et refusez sa modification côté serveur.',
      evidence,
    };
  }
  if (seen === 0) {
    return {
      verdict: 'a-verifier',
      summary: 'Aucun champ de l’identité pivot n’a été reconnu sur la page du profil.',
      fix: 'Vérifiez à la main que l’identité reçue de FranceConnect n’y est pas modifiable.',
      evidence,
    };
  }
  return {
    verdict: 'conforme',
    summary: 'L’identité pivot est affichée sans pouvoir être modifiée.',
    evidence,
  };
}

function editableOutcome(profile: ProfileReading | null): Outcome {
  if (!profile)
    return { verdict: 'non-verifiable', summary: 'Page du profil introuvable (donnez-la avec --profile).' };
  const usage = profile.fields.filter((field) => USAGE_NAME.test(field.label));
  const email = profile.fields.filter((field) => EMAIL.test(field.label));
  const evidence: Evidence[] = [
    { label: 'Nom d’usage', value: usage.length ? describeFields(usage) : '(absent)' },
    { label: 'Adresse électronique', value: email.length ? describeFields(email) : '(absente)' },
  ];
  const missing = [
    ...(usage.some((field) => field.editable) ? [] : ['le nom d’usage']),
    ...(email.some((field) => field.editable) ? [] : ['l’adresse électronique']),
  ];
  if (missing.length > 0) {
    return {
      verdict: 'non-conforme',
      summary: `Sur le profil, ${missing.join(' et ')} ne ${missing.length > 1 ? 'sont' : 'est'} pas modifiable${missing.length > 1 ? 's' : ''}.`,
      fix: 'Laissez la personne modifier son nom d’usage et son adresse électronique sur son profil.',
      evidence,
    };
  }
  return {
    verdict: 'conforme',
    summary: 'Le nom d’usage et l’adresse électronique sont modifiables.',
    evidence,
  };
}

async function logoutOutcome(
  page: Page,
  options: ResolvedOptions,
  identity: Identity,
  home: Set<string>,
  franceconnect: string,
): Promise<Outcome> {
  const context = page.context();
  const seen: string[] = [];
  const onRequest = (request: { url: () => string; isNavigationRequest: () => boolean }) => {
    if (request.isNavigationRequest() && franceconnect && request.url().startsWith(franceconnect))
      seen.push(request.url());
  };
  context.on('request', onRequest);
  const logout = page
    .getByRole('button', { name: LOGOUT })
    .or(page.getByRole('link', { name: LOGOUT }))
    .first();
  try {
    await logout.click({ timeout: options.timeoutMs });
    const deadline = Date.now() + options.timeoutMs;
    // Through FranceConnect and back to the service.
    while (Date.now() < deadline && (seen.length === 0 || !home.has(new URL(page.url()).origin)))
      await page.waitForTimeout(200);
    await page.waitForLoadState('domcontentloaded').catch(() => undefined);
  } finally {
    context.off('request', onRequest);
  }
  const endSession = seen.find((url) => /\/session\/end|\/logout/.test(new URL(url).pathname));
  const evidence: Evidence[] = [
    {
      label: 'Déconnexion chez FranceConnect',
      value: endSession
        ? endSession.replace(/id_token_hint=[^&]+/, 'id_token_hint=…')
        : '(aucune demande vue)',
    },
    { label: 'Page après la déconnexion', value: page.url() },
  ];
  // A new sign-in: FranceConnect must ask for the password again.
  const again = await startAtFranceConnect(context, options).catch((error: Error) => error);
  if (again instanceof Error)
    return {
      verdict: 'non-verifiable',
      summary: `Nouvelle connexion impossible : ${again.message}.`,
      evidence,
    };
  const second = await signInAtFranceConnect(again.page, identity, again.home, options.timeoutMs, {
    stopAtPassword: true,
  }).catch((error: Error) => error);
  if (second instanceof Error)
    return {
      verdict: 'non-verifiable',
      summary: `Nouvelle connexion impossible : ${second.message}.`,
      evidence,
    };
  evidence.push({
    label: 'Nouvelle connexion',
    value: second.askedPassword
      ? 'FranceConnect redemande le mot de passe'
      : `retour direct sur ${again.page.url()} sans mot de passe`,
  });
  if (!second.askedPassword) {
    return {
      verdict: 'non-conforme',
      summary:
        'Après la déconnexion, FranceConnect reconnecte la personne sans lui redemander son mot de passe : sa session FranceConnect était restée ouverte.',
      fix: 'À la déconnexion, redirigez vers /api/v2/session/end de FranceConnect avec id_token_hint, state et post_logout_redirect_uri.',
      evidence,
    };
  }
  return {
    verdict: 'conforme',
    summary: `La déconnexion passe par FranceConnect${endSession ? '' : ' (demande non vue, mais la session est bien fermée)'} : une nouvelle connexion redemande le mot de passe.`,
    evidence,
  };
}

async function tamperedOutcome(
  browser: Browser,
  options: ResolvedOptions,
  identity: Identity,
  name: 'state' | 'nonce',
  profileUrl: string | null,
): Promise<Outcome> {
  const context = await newAuditContext(browser, 'light');
  try {
    let started;
    try {
      started = await startAtFranceConnect(context, options, name);
    } catch (error) {
      return { verdict: 'non-verifiable', summary: `Parcours impossible : ${(error as Error).message}.` };
    }
    const { page, home } = started;
    if (!started.tampered) {
      return {
        verdict: 'non-verifiable',
        summary: `La demande d’autorisation n’a pas de ${name} à modifier.`,
      };
    }
    const franceconnect = started.authorize.origin;
    const logouts: string[] = [];
    context.on('request', (request) => {
      if (
        franceconnect &&
        request.url().startsWith(`${franceconnect}`) &&
        /\/session\/end|\/logout/.test(new URL(request.url()).pathname)
      )
        logouts.push(request.url());
    });
    try {
      await signInAtFranceConnect(page, identity, home, options.timeoutMs);
    } catch (error) {
      return { verdict: 'non-verifiable', summary: `Parcours impossible : ${(error as Error).message}.` };
    }
    await page.waitForLoadState('domcontentloaded').catch(() => undefined);
    const landing = page.url();
    const marks = await page.evaluate(readSignedInMarks);
    let later: SignedInMarks | null = null;
    if (profileUrl) {
      await page.goto(profileUrl, { timeout: options.timeoutMs }).catch(() => undefined);
      later = await waitForMarks(page, 1_500);
    }
    const evidence: Evidence[] = [
      { label: `${name} envoyé`, value: 'le dernier caractère modifié dans /authorize' },
      { label: 'Page de retour', value: landing },
      { label: 'Déconnexion FranceConnect (recommandée)', value: logouts.length ? 'oui' : 'non' },
      ...(profileUrl
        ? [{ label: 'Profil ensuite', value: later?.logout ? 'accessible, connecté' : 'non connecté' }]
        : []),
    ];
    if (marks.logout || later?.logout) {
      return {
        verdict: 'non-conforme',
        summary: `Avec un ${name} modifié, la personne est quand même connectée.`,
        fix: `Comparez le ${name} reçu à celui de la tentative en cours (session du navigateur) et refusez toute différence${name === 'nonce' ? ' (nonce du jeton d’identité)' : ''}.`,
        evidence,
      };
    }
    const wentHome = new URL(landing).pathname === '/' || landing === options.login.href;
    return {
      verdict: 'conforme',
      summary: `Avec un ${name} modifié, la connexion s’arrête : personne n’est connecté${logouts.length ? ', et la session FranceConnect est fermée' : ''}${wentHome ? '' : ' (renvoi vers la page d’accueil recommandé)'}.`,
      evidence,
    };
  } finally {
    await context.close();
  }
}
