// Passkeys in the browser through SimpleWebAuthn's browser part: it turns the BFF's JSON options into
// `navigator.credentials` calls and their answers back into JSON (the server checks everything).
import { browserSupportsWebAuthn, startAuthentication, startRegistration } from '@simplewebauthn/browser';
import type { Answer } from './bff.js';
import { sendJson } from './bff.js';

export { browserSupportsWebAuthn };

/**
 * A WebAuthn ceremony with the BFF: options from `optionsUrl`, the authenticator's answer posted to
 * `verifyUrl` with `extra` fields. Resolves the BFF's answer to either call; `status` -1 when the
 * person or the browser cancelled it.
 */
export async function ceremony(
  kind: 'registration' | 'authentication',
  urls: { options: string; verify: string },
  csrf: string,
  extra: Record<string, unknown> = {},
): Promise<Answer> {
  const options = await sendJson(urls.options, 'POST', {}, csrf);
  if (options.status !== 200) return options;
  let response: unknown;
  try {
    response =
      kind === 'registration'
        ? await startRegistration({ optionsJSON: options.json as never })
        : await startAuthentication({ optionsJSON: options.json as never });
  } catch {
    return { status: -1, json: {} };
  }
  return sendJson(urls.verify, 'POST', { response, ...extra }, csrf);
}
