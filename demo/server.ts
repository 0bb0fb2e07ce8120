import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import express from 'express';
import { createFranceConnectBff, createLogger, pageSecurityHeaders } from '@franceconnect-kit/bff';
import { demoClient, demoPlusClient } from '@franceconnect-kit/mock-franceconnect';
import { bankDetailsBody, BankDetailsStore, maskedIban } from './bank-details.js';

export interface DemoOptions {
  port: number;
  host?: string;
  /** The local FranceConnect the demo signs in with (`RunningMockFranceConnect.issuer`). */
  franceconnectIssuer: string;
  /**
   * The local FranceConnect+ (a second factor, and a sign-in at eIDAS substantial); without it the
   * demo offers passkeys only.
   */
  franceconnectPlusIssuer?: string;
  /** The local data provider « Mes aides » retrieves the family quotient from (`RunningDataProvider.url`). */
  dataProviderUrl: string;
  /** BFF log level (its JSON lines go to stdout). Default `warn`, so that `npm start` stays readable. */
  logLevel?: string;
  /**
   * Where the demo keeps its state (session secret, sessions and accounts in SQLite). Default: the
   * repository's git-ignored `var/`; the end-to-end tests give each run a folder of its own.
   */
  stateDir?: string;
}

/** The demo's address for a port: `http://localhost:<port>` (it listens on 127.0.0.1 by default). */
export const demoUrl = (port: number): string => `http://localhost:${port}`;

/** The SIRET of the (made-up) Mairie de Démoville, the recipient of the data it retrieves. */
export const DEMO_RECIPIENT_SIRET = '21990000000015';

/** The demo's pages that the BFF sends the browser to (the Vite inputs of the same names). */
export const DEMO_PAGES = {
  home: '/',
  signUp: '/finaliser-inscription',
  profile: '/profil',
  /** Where a sensitive act sends the person to confirm who they are (`<franceconnect-step-up>`). */
  verification: '/verification',
  signIn: '/connexion',
  /** « Mes coordonnées bancaires »: a second factor within 5 minutes (qualification #22). */
  bankDetails: '/coordonnees-bancaires',
  cancelled: '/connexion-annulee',
  error: '/erreur',
  unavailable: '/indisponible',
} as const;

const staticDir = fileURLToPath(new URL('./dist', import.meta.url));
const defaultStateDir = fileURLToPath(new URL('../var/', import.meta.url));

/** A development session secret, generated once and kept in the state folder so that restarts keep sessions. */
function developmentSessionSecret(stateDir: string): string {
  const file = join(stateDir, 'demo-session-secret');
  if (existsSync(file)) {
    const secret = readFileSync(file, 'utf8').trim();
    if (secret.length >= 32) return secret;
  }
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/**
 * Starts the demo service: « Mairie de Démoville », an Express app that mounts the BFF (configured for
 * the local FranceConnect with the demo client's credentials, accounts on) and serves the pages built
 * by Vite. Resolves once it listens; closing the server also closes the BFF.
 */
export async function startDemo({
  port,
  host = '127.0.0.1',
  franceconnectIssuer,
  franceconnectPlusIssuer,
  dataProviderUrl,
  logLevel = 'warn',
  stateDir = defaultStateDir,
}: DemoOptions): Promise<Server> {
  const state = resolvePath(stateDir);
  mkdirSync(state, { recursive: true });
  // A host name, not 127.0.0.1: passkeys need one (WebAuthn refuses IP addresses as relying party).
  const publicUrl = demoUrl(port);
  const client = demoClient(publicUrl);
  const plusClient = demoPlusClient(publicUrl);
  const bff = createFranceConnectBff({
    issuer: franceconnectIssuer,
    clientId: client.client_id,
    clientSecret: client.client_secret,
    publicUrl,
    sessionSecret: developmentSessionSecret(state),
    sessionStore: 'sqlite',
    databasePath: join(state, 'demo-sessions.sqlite'),
    logger: createLogger(logLevel),
    home: DEMO_PAGES.home,
    // Accounts (SQLite, in the sessions' file): sign-up after a first FranceConnect sign-in, local
    // accounts, reconciliation, profile, deletion.
    // A local account that declared an identity is linked to it only once its password is typed.
    accounts: { signUpPage: DEMO_PAGES.signUp, profilePage: DEMO_PAGES.profile, reconciliation: 'confirm' },
    // The demo's own pages instead of the BFF's minimal ones.
    pages: { cancelled: DEMO_PAGES.cancelled, error: DEMO_PAGES.error, unavailable: DEMO_PAGES.unavailable },
    // API FranceConnectées, from the local data provider: the family quotient (« Mes aides »), the
    // student and scholarship statuses (« Tarif étudiant »), the family quotient and the C2S with the
    // sign-in (« Accueil de loisirs », through its button's `/auth/login?apis=`). Only the scopes the
    // pages need: a service asks for what its habilitation grants, no more.
    recipientSiret: DEMO_RECIPIENT_SIRET,
    dataProviderUrl,
    dataApis: [
      'quotient_familial',
      'complementaire_sante_solidaire',
      'statut_etudiant',
      'statut_etudiant_boursier',
    ],
    dataScopes: [
      'cnaf_quotient_familial',
      'complementaire_sante_solidaire',
      'mesri_admissions',
      'mesri_admission_inscrit',
      'mesri_admission_etablissement_etude',
      'cnous_statut_boursier',
      'cnous_echelon_bourse',
      'cnous_periode_versement',
    ],
    // FranceConnect+: its own registration; the service's encryption key is made once, kept in the state folder.
    ...(franceconnectPlusIssuer
      ? {
          franceconnectPlus: {
            issuer: franceconnectPlusIssuer,
            clientId: plusClient.client_id,
            clientSecret: plusClient.client_secret,
            encryptionKeysFile: join(state, 'franceconnect-plus-keys.json'),
          },
        }
      : {}),
    // Sensitive acts: confirmed on the « Vérification » page; passkeys named after the town.
    stepUp: {
      page: DEMO_PAGES.verification,
      signInPage: DEMO_PAGES.signIn,
      maxAge: '5m',
      passkeys: { rpName: 'Mairie de Démoville' },
    },
  });
  const bankDetails = new BankDetailsStore(new Database(join(state, 'demo-sessions.sqlite')));
  const app = express();
  app.disable('x-powered-by');
  app.use(bff);
  // « Mes coordonnées bancaires »: reading needs an account; changing the IBAN, a second factor.
  const account = bff.accounts?.requireAccount ?? [];
  app.get('/api/coordonnees-bancaires', ...account, async (req, res) => {
    const id = (await bff.accounts?.accountOf(req))?.id ?? '';
    const details = bankDetails.get(id);
    res.set('Cache-Control', 'no-store').json({
      iban: details ? maskedIban(details.iban) : null,
      updatedAt: details?.updatedAt.toISOString() ?? null,
    });
  });
  app.put(
    '/api/coordonnees-bancaires',
    ...bff.session,
    express.json({ limit: '2kb' }),
    bff.csrf,
    ...bff.requireStepUp({ maxAge: '5m' }),
    ...account,
    async (req, res) => {
      const body = bankDetailsBody.safeParse(req.body);
      if (!body.success) {
        const message = body.error.issues[0]?.message ?? 'Saisissez un IBAN valide.';
        res.status(400).json({ error: 'invalid_request', message, fields: { iban: message } });
        return;
      }
      const id = (await bff.accounts?.accountOf(req))?.id ?? '';
      const saved = bankDetails.set(id, body.data.iban);
      res.json({ iban: maskedIban(saved.iban), updatedAt: saved.updatedAt.toISOString() });
    },
  );
  app.use(
    pageSecurityHeaders({
      franceconnectOrigin: new URL(franceconnectIssuer).origin,
      franceconnectPlusOrigin: franceconnectPlusIssuer && new URL(franceconnectPlusIssuer).origin,
      https: false,
    }),
  );
  // The page of the form itself: a second factor first, so that nothing typed is lost to it afterwards.
  app.get(`${DEMO_PAGES.bankDetails}.html`, (_req, res) => res.redirect(301, DEMO_PAGES.bankDetails));
  app.get(DEMO_PAGES.bankDetails, ...bff.requireStepUp({ maxAge: '5m' }), (_req, res) => {
    res.sendFile(join(staticDir, 'coordonnees-bancaires.html'));
  });
  // The page for an unreachable FranceConnect (or session store) says so with its status too.
  app.get(DEMO_PAGES.unavailable, (_req, res) => {
    res.status(503).set('Retry-After', '30').sendFile(join(staticDir, 'indisponible.html'));
  });
  app.use(express.static(staticDir, { extensions: ['html'] }));
  app.use((_req, res) => {
    res.status(404).sendFile(join(staticDir, '404.html'));
  });
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, () => resolve(server));
    server.once('error', (error) => {
      void bff.close();
      reject(error);
    });
    server.once('close', () => void bff.close());
  });
}
