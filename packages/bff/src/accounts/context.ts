import type { RequestHandler } from 'express';
import type { BffContext } from '../context.js';
import type { AccountStore } from './account-store.js';
import type { AccountsSettings } from './options.js';
import type { DecoyVerifier } from './password.js';
import type { SignInThrottle } from './throttle.js';

/** What every account route shares. */
export interface AccountsContext {
  bff: BffContext;
  store: AccountStore;
  settings: AccountsSettings;
  throttle: SignInThrottle;
  decoy: DecoyVerifier;
  /** The BFF's session, CSRF check and body parsers, in the order a state-changing route needs them. */
  session: RequestHandler[];
  csrf: RequestHandler;
  body: RequestHandler[];
}

/** The authorization purpose of « Lier mon compte FranceConnect ». */
export const LINK_PURPOSE = 'link';
