import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import { errors, type InteractionResults } from 'oidc-provider';
import { z } from 'zod';
import { FranceConnectPageError } from './error-codes.js';
import { BadBodyError, readForm, redirect, sendHtml } from './http-io.js';
import { TEST_PASSWORD, type TestIdentity } from './identities.js';
import { randomInt } from 'node:crypto';
import { chosenAcr, type Platform } from './platform.js';
import {
  consentPage,
  DEMO_IDENTITY_PROVIDER,
  errorPage,
  identityProviderPage,
  loginPage,
  secondFactorPage,
} from './screens/pages.js';

const ROUTE =
  /^\/interaction\/([A-Za-z0-9_-]{1,64})(?:\/(identity-provider|login|second-factor|consent|abort))?$/;

const METHODS: Record<string, readonly string[]> = {
  screen: ['GET'],
  login: ['GET', 'POST'],
  'identity-provider': ['POST'],
  'second-factor': ['GET', 'POST'],
  consent: ['POST'],
  abort: ['POST'],
};

const loginForm = z.object({
  login: z.string().trim().min(1).max(256),
  password: z.string().min(1).max(256),
});

const identityProviderForm = z.object({ identity_provider: z.literal(DEMO_IDENTITY_PROVIDER.id) });
const secondFactorForm = z.object({ code: z.string().trim().max(16) });

/** Wrong codes before FranceConnect+'s identity provider gives up (`access_denied`). */
const SECOND_FACTOR_ATTEMPTS = 3;

/** The authentication methods each platform's identity provider reports (`amr`). */
const AMR: Readonly<Record<Platform, string[]>> = {
  franceconnect: ['pwd'],
  // A password, then a code from a device the person holds: possession, so multi-factor.
  'franceconnect-plus': ['pwd', 'pop', 'mfa'],
};

export interface InteractionOptions {
  provider: Provider;
  identities: ReadonlyMap<string, TestIdentity>;
  platform?: Platform;
}

type Details = Awaited<ReturnType<Provider['interactionDetails']>>;

interface Step {
  req: IncomingMessage;
  res: ServerResponse;
  uid: string;
  details: Details;
  clientName: string;
}

const OUT_OF_STEP = ['cette étape ne correspond pas à la connexion en cours'];

/**
 * The screens of the local FranceConnect, between `/authorize` and the service's callback: choice of
 * identity provider, the « Démonstration » provider's login form, then consent. « Revenir sur … »
 * ends the interaction with `access_denied`.
 */
export function interactionHandler({ provider, identities, platform = 'franceconnect' }: InteractionOptions) {
  const people = [...identities.values()];
  // FranceConnect+: who passed the password and the code they must type, per interaction.
  const pendingFactors = new Map<
    string,
    { login: string; code: string; attempts: number; expiresAt: number }
  >();
  const loggedIn = async (step: Step, login: string): Promise<void> => {
    const chosen = chosenAcr(platform, step.details.params.acr_values as string | undefined);
    const acr = 'acr' in chosen ? chosen.acr : 'eidas1';
    await finish(step, { login: { accountId: login, acr, amr: AMR[platform] } });
  };

  async function finish({ req, res }: Step, result: InteractionResults): Promise<void> {
    // Merged with the login of the same authorization, so that prompt=login is not asked twice.
    await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: true });
  }

  async function clientNameOf(clientId: unknown): Promise<string> {
    const client = typeof clientId === 'string' ? await provider.Client.find(clientId) : undefined;
    return client?.clientName ?? 'le service';
  }

  /** Identity-provider choice, then the login form; the identity FranceConnect refuses gets access_denied. */
  async function login(step: Step, action: string | undefined): Promise<void> {
    const { req, res, uid, clientName } = step;
    if (action === undefined) {
      if (step.details.params.idp_hint === DEMO_IDENTITY_PROVIDER.id)
        redirect(res, `/interaction/${uid}/login`);
      else sendHtml(res, 200, identityProviderPage(uid, clientName, platform));
      return;
    }
    if (action === 'identity-provider') {
      if (!identityProviderForm.safeParse(Object.fromEntries(await readForm(req))).success) {
        throw new FranceConnectPageError(400, 'Y000400', [
          'identity_provider : fournisseur d’identité inconnu',
        ]);
      }
      redirect(res, `/interaction/${uid}/login`);
      return;
    }
    if (action === 'second-factor') {
      await secondFactor(step);
      return;
    }
    if (action !== 'login') throw new FranceConnectPageError(400, 'Y190001', OUT_OF_STEP);
    if (req.method === 'GET') {
      sendHtml(res, 200, loginPage({ uid, clientName, identities: people, platform }));
      return;
    }
    const form = loginForm.safeParse(Object.fromEntries(await readForm(req)));
    const identity = form.success ? identities.get(form.data.login) : undefined;
    if (!form.success || !identity || form.data.password !== TEST_PASSWORD) {
      const typed = form.success ? form.data.login : '';
      sendHtml(
        res,
        200,
        loginPage({ uid, clientName, identities: people, login: typed, failed: true, platform }),
      );
      return;
    }
    if (identity.refused) {
      // As FranceConnect does when the RNIPP cannot confirm an identity.
      await finish(step, { error: 'access_denied', error_description: 'user authentication aborted' });
      return;
    }
    if (platform === 'franceconnect-plus') {
      // eIDAS substantial or high: a second factor after the password.
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      for (const [key, abandoned] of pendingFactors)
        if (abandoned.expiresAt < Date.now()) pendingFactors.delete(key);
      pendingFactors.set(uid, { login: identity.login, code, attempts: 0, expiresAt: Date.now() + 600_000 });
      redirect(res, `/interaction/${uid}/second-factor`);
      return;
    }
    await loggedIn(step, identity.login);
  }

  /** FranceConnect+: the code « sent to the phone »; three wrong ones end with `access_denied`. */
  async function secondFactor(step: Step): Promise<void> {
    const { req, res, uid, clientName } = step;
    const pending = pendingFactors.get(uid);
    if (!pending || pending.expiresAt < Date.now()) {
      pendingFactors.delete(uid);
      throw new FranceConnectPageError(
        400,
        platform === 'franceconnect-plus' ? 'Y150001' : 'Y190001',
        OUT_OF_STEP,
      );
    }
    if (req.method === 'GET') {
      sendHtml(res, 200, secondFactorPage({ uid, clientName, code: pending.code, platform }));
      return;
    }
    const form = secondFactorForm.safeParse(Object.fromEntries(await readForm(req)));
    if (form.success && form.data.code === pending.code) {
      pendingFactors.delete(uid);
      await loggedIn(step, pending.login);
      return;
    }
    pending.attempts++;
    if (pending.attempts >= SECOND_FACTOR_ATTEMPTS) {
      pendingFactors.delete(uid);
      await finish(step, { error: 'access_denied', error_description: 'user authentication aborted' });
      return;
    }
    sendHtml(res, 200, secondFactorPage({ uid, clientName, code: pending.code, failed: true, platform }));
  }

  /** What will be transmitted, then a grant of exactly the requested scopes and claims. */
  async function consent(step: Step, action: string | undefined): Promise<void> {
    const { res, uid, details, clientName } = step;
    const accountId = details.session?.accountId;
    const identity = accountId ? identities.get(accountId) : undefined;
    if (action === undefined) {
      const person = identity
        ? `${identity.given_name_array.join(' ')} ${identity.family_name}`
        : 'inconnu·e';
      const scope = typeof details.params.scope === 'string' ? details.params.scope : '';
      sendHtml(res, 200, consentPage({ uid, clientName, scopes: scope.split(' '), person, platform }));
      return;
    }
    if (action !== 'consent') throw new FranceConnectPageError(400, 'Y190001', OUT_OF_STEP);
    const clientId = details.params.client_id;
    if (!accountId || typeof clientId !== 'string') {
      throw new FranceConnectPageError(400, 'Y190001', ['aucune identité dans la session']);
    }
    const grant = new provider.Grant({ accountId, clientId });
    const { missingOIDCScope, missingOIDCClaims } = details.prompt.details;
    if (Array.isArray(missingOIDCScope)) grant.addOIDCScope(missingOIDCScope.join(' '));
    if (Array.isArray(missingOIDCClaims)) grant.addOIDCClaims(missingOIDCClaims as string[]);
    await finish(step, { consent: { grantId: await grant.save() } });
  }

  async function handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const match = ROUTE.exec(path);
    if (!match) throw new FranceConnectPageError(404, 'Y000404', []);
    const [, uid, action] = match as unknown as [string, string, string | undefined];
    const method = req.method ?? 'GET';
    if (!(METHODS[action ?? 'screen'] ?? []).includes(method)) {
      throw new FranceConnectPageError(405, 'Y000400', [`${method} n’est pas accepté ici`]);
    }
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) throw new FranceConnectPageError(400, 'Y190001', OUT_OF_STEP);
    const step: Step = { req, res, uid, details, clientName: await clientNameOf(details.params.client_id) };

    if (action === 'abort')
      await finish(step, { error: 'access_denied', error_description: 'User auth aborted' });
    else if (details.prompt.name === 'login') await login(step, action);
    else if (details.prompt.name === 'consent') await consent(step, action);
    else throw new FranceConnectPageError(400, 'Y190001', OUT_OF_STEP);
  }

  return async function interactions(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    try {
      await handle(req, res, path);
    } catch (error) {
      if (res.headersSent) throw error;
      if (error instanceof FranceConnectPageError) {
        sendHtml(res, error.status, errorPage({ code: error.code, problems: error.problems, platform }));
      } else if (error instanceof BadBodyError) {
        sendHtml(res, 400, errorPage({ code: 'Y000400', problems: [error.message], platform }));
      } else if (error instanceof errors.SessionNotFound) {
        const problems = ['la connexion a expiré ou le cookie a été perdu'];
        const code = platform === 'franceconnect-plus' ? 'Y150001' : 'Y190001';
        sendHtml(res, 400, errorPage({ code, problems, platform }));
      } else {
        throw error;
      }
    }
  };
}
