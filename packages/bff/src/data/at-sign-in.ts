import type { SignInData } from '../context.js';
import { noticeOfFailure } from './failures.js';
import { callsFor } from './provider-call.js';
import { requestedApis } from './requested-apis.js';
import { withOutcomes, type ApiOutcome } from './retrieved-data.js';
import type { Retriever } from './retriever.js';
import type { DataSettings } from './settings.js';

/**
 * Data retrieved with the sign-in itself (seed 004, first moment: « les données API Particulier
 * nécessaires sont téléchargées en parallèle de l’authentification »). The APIs' scopes join the
 * sign-in's authorization; at the callback the APIs are called as soon as the access token is known,
 * beside userinfo, while it lives (60 seconds): no second trip to FranceConnect. What comes back is
 * kept once the session is signed in; a failure of the data never fails the sign-in.
 */
export function signInData(settings: DataSettings, retriever: Retriever): SignInData {
  return {
    scopesFor(apis) {
      if (apis === undefined) {
        return {
          scopes: settings.apis
            .filter((api) => settings.signInApis.includes(api.name))
            .flatMap((api) => api.scopes),
          problems: [],
        };
      }
      const requested = requestedApis(settings, apis);
      return { scopes: requested.apis.flatMap((api) => api.scopes), problems: requested.problems };
    },

    begin(transaction, log) {
      const calls = callsFor(settings, transaction.scopes);
      if (calls.length === 0) return undefined;
      let outcomes: Promise<ApiOutcome[]> | undefined;
      return {
        tokenReceived(accessToken) {
          outcomes ??= retriever.retrieve(log, accessToken, calls);
        },
        async finish(req) {
          if (outcomes === undefined) return undefined;
          try {
            const results = await outcomes;
            const at = new Date().toISOString();
            const signedIn = req.session.franceconnect?.signedIn;
            if (!signedIn) return undefined;
            await retriever.keep(req, signedIn, (previous) => withOutcomes(previous, results, at));
            const failure = results.find((outcome) => outcome.failure)?.failure;
            return failure ? noticeOfFailure(failure.code) : undefined;
          } catch (error) {
            // The store of retrieved data is unreachable: the person is signed in all the same.
            log.error(
              { event: 'data.not_kept', detail: error instanceof Error ? error.message : 'error' },
              'retrieved data could not be kept',
            );
            return noticeOfFailure('unavailable');
          }
        },
      };
    },
  };
}
