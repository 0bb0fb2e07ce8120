import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import { errors, type InteractionResults } from 'oidc-provider';
import { z } from 'zod';
import { FranceConnectPageError } from './error-codes.js';
import { BadBodyError, readForm, redirect, sendHtml } from './http-io.js';
import { TEST_PASSWORD, type TestIdentity } from './identities.js';
import { ACR } from './provider.js';
import {
  consentPage,
  DEMO_IDENTITY_PROVIDER,
  errorPage,
  identityProviderPage,
  loginPage,
} from './screens/pages.js';

const ROUTE = /^\/interaction\/([A-Za-z0-9_-]{1,64})(?:\/(identity-provider|login|consent|abort))?$/;

const METHODS: Record<string, readonly string[]> = {
  screen: ['GET'],
  login: ['GET', 'POST'],
  'identity-provider': ['POST'],
  consent: ['POST'],
  abort: ['POST'],
};

const loginForm = z.object({
  login: z.string().trim().min(1).max(256),
  password: z.string().min(1).max(256),
});

const identityProviderForm = z.object({ identity_provider: z.literal(DEMO_IDENTITY_PROVIDER.id) });

export interface InteractionOptions {
  provider: Provider;
  identities: ReadonlyMap<string, TestIdentity>;
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
export function interactionHandler({ provider, identities }: InteractionOptions) {
  const people = [...identities.values()];

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
      else sendHtml(res, 200, identityProviderPage(uid, clientName));
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
    if (action !== 'login') throw new FranceConnectPageError(400, 'Y190001', OUT_OF_STEP);
    if (req.method === 'GET') {
      sendHtml(res, 200, loginPage({ uid, clientName, identities: people }));
      return;
    }
    const form = loginForm.safeParse(Object.fromEntries(await readForm(req)));
    const identity = form.success ? identities.get(form.data.login) : undefined;
    if (!form.success || !identity || form.data.password !== TEST_PASSWORD) {
      const typed = form.success ? form.data.login : '';
      sendHtml(res, 200, loginPage({ uid, clientName, identities: people, login: typed, failed: true }));
      return;
    }
    if (identity.refused) {
      // As FranceConnect does when the RNIPP cannot confirm an identity.
      await finish(step, { error: 'access_denied', error_description: 'user authentication aborted' });
      return;
    }
    await finish(step, { login: { accountId: identity.login, acr: ACR, amr: ['pwd'] } });
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
      sendHtml(res, 200, consentPage({ uid, clientName, scopes: scope.split(' '), person }));
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
        sendHtml(res, error.status, errorPage({ code: error.code, problems: error.problems }));
      } else if (error instanceof BadBodyError) {
        sendHtml(res, 400, errorPage({ code: 'Y000400', problems: [error.message] }));
      } else if (error instanceof errors.SessionNotFound) {
        const problems = ['la connexion a expiré ou le cookie a été perdu'];
        sendHtml(res, 400, errorPage({ code: 'Y190001', problems }));
      } else {
        throw error;
      }
    }
  };
}
