import type { RequestHandler } from 'express';
import type { BffContext } from '../context.js';
import type { AnonymousCsrf } from '../http/anonymous-csrf.js';
import type { StepUpGuards } from '../step-up/create-step-up.js';
import type { AccountStore } from './account-store.js';
import type { AccountsSettings } from './options.js';
import type { DecoyVerifier } from './password.js';
import type { EmailLookups } from './email-lookups.js';
import type { SignInThrottle } from './throttle.js';
import type { RelyingParty } from './webauthn.js';

/** What every account route shares. */
export interface AccountsContext {
  bff: BffContext;
  store: AccountStore;
  settings: AccountsSettings;
  throttle: SignInThrottle;
  /** The 409 « email already used » answers, counted (an enumeration oracle). */
  lookups: EmailLookups;
  decoy: DecoyVerifier;
  /** CSRF tokens of visitors not signed in (no storage). */
  anonymousCsrf: AnonymousCsrf;
  /** The BFF's session, CSRF check and body parsers, in the order a state-changing route needs them. */
  session: RequestHandler[];
  csrf: RequestHandler;
  body: RequestHandler[];
  /** Recent authentication and second factor, for the sensitive acts (unlink, deletion, email, passkeys). */
  stepUp: StepUpGuards;
  /** The service as passkeys know it; `undefined` when passkeys are off. */
  relyingParty: RelyingParty | undefined;
}

/** The authorization purpose of « Lier mon compte FranceConnect ». */
export const LINK_PURPOSE = 'link';
