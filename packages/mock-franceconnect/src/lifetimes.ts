/** Lifetimes in seconds. FranceConnect v2: code 30 s, tokens 60 s, session 30 min (sliding); FranceConnect+: 10 min. */
export interface Lifetimes {
  code: number;
  accessToken: number;
  idToken: number;
  session: number;
}

export const DEFAULT_LIFETIMES: Lifetimes = { code: 30, accessToken: 60, idToken: 60, session: 1800 };
