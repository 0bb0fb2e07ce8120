import { FranceConnectUser } from '../../helpers/franceconnect-user.js';

/**
 * One complete sign-in of a new user, as a browser does it: /auth/login, the local FranceConnect's
 * screens, the BFF's callback (token, userinfo, session), then /api/me. Resolves with its duration in ms.
 * Bodies are read, as a browser reads them: a body dropped unread makes the client close its connection,
 * and the next request would pay for a new one (an artefact of the load generator, not of the server).
 */
export async function completeSignIn(bffUrl: string, franceConnectUrl: string): Promise<number> {
  const started = performance.now();
  const user = new FranceConnectUser({ franceConnectUrl });
  const departure = await user.signIn(`${bffUrl}/auth/login?returnTo=/demarches`);
  const back = await user.fetch(departure.url);
  if (back.status !== 303) throw new Error(`the callback answered ${back.status}`);
  await back.arrayBuffer();
  const me = await user.fetch(`${bffUrl}/api/me`);
  if (me.status !== 200) throw new Error(`/api/me answered ${me.status}`);
  await me.arrayBuffer();
  return performance.now() - started;
}

/** `total` sign-ins, `concurrency` users at a time; resolves with their durations in ms. */
export async function signIns(
  bffUrl: string,
  franceConnectUrl: string,
  total: number,
  concurrency = 1,
): Promise<number[]> {
  const durations: number[] = [];
  let next = 0;
  const user = async () => {
    while (next < total) {
      next++;
      durations.push(await completeSignIn(bffUrl, franceConnectUrl));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, user));
  return durations;
}
