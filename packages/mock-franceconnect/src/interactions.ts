import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import { errors, type InteractionResults } from 'oidc-provider';
import { z } from 'zod';
import { FranceConnectPageError } from './error-codes.js';
import { BadBodyError, readForm, redirect, sendHtml } from './http-io.js';
import type { TestIdentity } from './identities.js';
import { ACR } from './provider.js';
import {
  consentPage,
  DEMO_IDENTITY_PROVIDER,
  errorPage,
  identityProviderPage,
  loginPage,
} from './screens/pages.js';

/** Every test identity shares this password, as in FranceConnect's sandbox. */
export const TEST_PASSWORD = '123';

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

/**
 * The screens of the local FranceConnect, between `/authorize` and the service's callback: choice of
 * identity provider, the « Démonstration » provider's login form, then consent. « Revenir sur … »
 * ends the interaction with `access_denied`.
 */
export function interactionHandler({ provider, identities }: InteractionOptions) {
  const people = [...identities.values()];

  async function finish(
    req: IncomingMessage,
    res: ServerResponse,
    result: InteractionResults,
  ): Promise<void> {
    await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
  }

  async function clientName(clientId: unknown): Promise<string> {
    const client = typeof clientId === 'string' ? await provider.Client.find(clientId) : undefined;
    return client?.clientName ?? 'le service';
  }

  async function handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const match = ROUTE.exec(path);
    if (!match) throw new FranceConnectPageError(404, 'Y000404', []);
    const [, uid, step] = match as unknown as [string, string, string | undefined];
    const method = req.method ?? 'GET';
    if (!(METHODS[step ?? 'screen'] ?? []).includes(method)) {
      throw new FranceConnectPageError(405, 'Y000400', [`${method} n’est pas accepté ici`]);
    }

    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) {
      throw new FranceConnectPageError(400, 'Y190001', [
        'cette étape ne correspond pas à la connexion en cours',
      ]);
    }
    const prompt = details.prompt.name;
    const name = await clientName(details.params.client_id);

    if (step === 'abort') {
      await finish(req, res, { error: 'access_denied', error_description: 'User auth aborted' });
      return;
    }

    if (prompt === 'login') {
      if (step === undefined) {
        if (details.params.idp_hint === DEMO_IDENTITY_PROVIDER.id) redirect(res, `/interaction/${uid}/login`);
        else sendHtml(res, 200, identityProviderPage(uid, name));
        return;
      }
      if (step === 'identity-provider') {
        const form = identityProviderForm.safeParse(Object.fromEntries(await readForm(req)));
        if (!form.success) {
          throw new FranceConnectPageError(400, 'Y000400', [
            'identity_provider : fournisseur d’identité inconnu',
          ]);
        }
        redirect(res, `/interaction/${uid}/login`);
        return;
      }
      if (step === 'login' && method === 'GET') {
        sendHtml(res, 200, loginPage({ uid, clientName: name, identities: people }));
        return;
      }
      if (step === 'login') {
        const form = loginForm.safeParse(Object.fromEntries(await readForm(req)));
        const identity = form.success ? identities.get(form.data.login) : undefined;
        if (!form.success || !identity || form.data.password !== TEST_PASSWORD) {
          const login = form.success ? form.data.login : '';
          sendHtml(res, 200, loginPage({ uid, clientName: name, identities: people, login, failed: true }));
          return;
        }
        if (identity.refused) {
          // As FranceConnect does when the RNIPP cannot confirm an identity.
          await finish(req, res, {
            error: 'access_denied',
            error_description: 'user authentication aborted',
          });
          return;
        }
        await finish(req, res, { login: { accountId: identity.login, acr: ACR, amr: ['pwd'] } });
        return;
      }
    }

    if (prompt === 'consent') {
      if (step === undefined) {
        const accountId = details.session?.accountId;
        const identity = accountId ? identities.get(accountId) : undefined;
        const person = identity
          ? `${identity.given_name_array.join(' ')} ${identity.family_name}`
          : 'inconnu·e';
        const scope = typeof details.params.scope === 'string' ? details.params.scope : '';
        sendHtml(res, 200, consentPage({ uid, clientName: name, scopes: scope.split(' '), person }));
        return;
      }
      if (step === 'consent') {
        const accountId = details.session?.accountId;
        const clientId = details.params.client_id;
        if (!accountId || typeof clientId !== 'string') {
          throw new FranceConnectPageError(400, 'Y190001', ['aucune identité dans la session']);
        }
        const grant = new provider.Grant({ accountId, clientId });
        const missing = details.prompt.details;
        if (Array.isArray(missing.missingOIDCScope)) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
        if (Array.isArray(missing.missingOIDCClaims))
          grant.addOIDCClaims(missing.missingOIDCClaims as string[]);
        const grantId = await grant.save();
        await finish(req, res, { consent: { grantId } });
        return;
      }
    }

    throw new FranceConnectPageError(400, 'Y190001', [
      'cette étape ne correspond pas à la connexion en cours',
    ]);
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
        sendHtml(
          res,
          400,
          errorPage({ code: 'Y190001', problems: ['la connexion a expiré ou le cookie a été perdu'] }),
        );
      } else {
        throw error;
      }
    }
  };
}
