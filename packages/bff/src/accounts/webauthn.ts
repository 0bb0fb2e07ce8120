import type { Request } from 'express';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticatorTransport,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import { z } from 'zod';
import { updateSessionState } from '../session/session-middleware.js';
import type { Account } from './account.js';
import type { NewPasskey, Passkey } from './passkey.js';

/**
 * The WebAuthn ceremonies of passkeys, done by SimpleWebAuthn (every check of the WebAuthn
 * specification: challenge, origin, RP ID, user presence, signature, counter). The BFF keeps the
 * challenge in the session, single use, five minutes at most.
 */

/** The service as authenticators know it. */
export interface RelyingParty {
  /** The public URL's host name. */
  id: string;
  /** Shown by the authenticator: the service's name. */
  name: string;
  /** The public URL's origin: the only one a ceremony may come from. */
  origin: string;
}

export function relyingPartyOf(publicUrl: string, name: string | undefined): RelyingParty {
  const url = new URL(publicUrl);
  return { id: url.hostname, name: name ?? url.hostname, origin: url.origin };
}

const CHALLENGE_TTL_MS = 5 * 60_000;
const TIMEOUT_MS = 2 * 60_000;

type Ceremony = 'registration' | 'authentication';

/** Keeps this ceremony's challenge in the session (replacing any earlier one). */
async function keepChallenge(req: Request, purpose: Ceremony, challenge: string): Promise<void> {
  await updateSessionState(req, (state) => {
    state.webauthn = { challenge, purpose, createdAt: Date.now() };
  });
}

/** The pending challenge of this ceremony, removed from the session: a response is checked once. */
export async function takeChallenge(req: Request, purpose: Ceremony): Promise<string | undefined> {
  return updateSessionState(req, (state) => {
    const pending = state.webauthn;
    delete state.webauthn;
    if (!pending || pending.purpose !== purpose || Date.now() - pending.createdAt > CHALLENGE_TTL_MS)
      return undefined;
    return pending.challenge;
  });
}

const base64url = (max: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]+={0,2}$/)
    .max(max);

/** A browser's answer to `navigator.credentials.create()`, as SimpleWebAuthn's browser part sends it. */
export const registrationResponseSchema = z.object({
  id: base64url(1400),
  rawId: base64url(1400),
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: base64url(8192),
    attestationObject: base64url(65_536),
    transports: z.array(z.string().max(32)).max(10).optional(),
    authenticatorData: base64url(65_536).optional(),
    publicKey: base64url(8192).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
  }),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: z.looseObject({}).default({}),
});

/** A browser's answer to `navigator.credentials.get()`. */
export const authenticationResponseSchema = z.object({
  id: base64url(1400),
  rawId: base64url(1400),
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: base64url(8192),
    authenticatorData: base64url(65_536),
    signature: base64url(8192),
    userHandle: base64url(256).optional(),
  }),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: z.looseObject({}).default({}),
});

const TRANSPORTS: readonly string[] = ['ble', 'hybrid', 'internal', 'nfc', 'usb'];
const transportsOf = (passkey: Passkey) =>
  passkey.transports.filter((transport): transport is AuthenticatorTransport =>
    TRANSPORTS.includes(transport),
  );

/** Options of a new passkey for this account (its existing ones excluded), the challenge kept. */
export async function startRegistration(
  req: Request,
  rp: RelyingParty,
  account: Account,
  existing: readonly Passkey[],
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    // The account's random id: the same for its passkeys, nothing personal.
    userID: new TextEncoder().encode(account.id),
    userName: account.email,
    userDisplayName: account.email,
    attestationType: 'none',
    timeout: TIMEOUT_MS,
    excludeCredentials: existing.map((passkey) => ({ id: passkey.id, transports: transportsOf(passkey) })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  });
  await keepChallenge(req, 'registration', options.challenge);
  return options;
}

/** The new passkey a registration response proves, or why not. */
export async function finishRegistration(
  rp: RelyingParty,
  response: z.output<typeof registrationResponseSchema>,
  challenge: string,
  account: Account,
  name: string,
): Promise<{ passkey: NewPasskey } | { refused: string }> {
  try {
    const { verified, registrationInfo } = await verifyRegistrationResponse({
      response: response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      // A possession factor: presence is required, verification (PIN, biometrics) welcome but not required.
      requireUserVerification: false,
    });
    if (!verified) return { refused: 'not_verified' };
    const { credential, credentialDeviceType, credentialBackedUp } = registrationInfo;
    return {
      passkey: {
        id: credential.id,
        accountId: account.id,
        publicKey: new Uint8Array(credential.publicKey),
        counter: credential.counter,
        transports: credential.transports ?? response.response.transports ?? [],
        name,
        deviceType: credentialDeviceType,
        backedUp: credentialBackedUp,
      },
    };
  } catch (error) {
    return { refused: error instanceof Error ? error.name : 'error' };
  }
}

/** Options to prove one of these passkeys, the challenge kept. */
export async function startAuthentication(
  req: Request,
  rp: RelyingParty,
  passkeys: readonly Passkey[],
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const options = await generateAuthenticationOptions({
    rpID: rp.id,
    allowCredentials: passkeys.map((passkey) => ({ id: passkey.id, transports: transportsOf(passkey) })),
    userVerification: 'preferred',
    timeout: TIMEOUT_MS,
  });
  await keepChallenge(req, 'authentication', options.challenge);
  return options;
}

/** The counter an authentication response proves with this passkey, or why not. */
export async function finishAuthentication(
  rp: RelyingParty,
  response: z.output<typeof authenticationResponseSchema>,
  challenge: string,
  passkey: Passkey,
): Promise<{ counter: number; userVerified: boolean } | { refused: string }> {
  try {
    const { verified, authenticationInfo } = await verifyAuthenticationResponse({
      response: response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      credential: {
        id: passkey.id,
        publicKey: new Uint8Array(passkey.publicKey),
        counter: passkey.counter,
        transports: transportsOf(passkey),
      },
      requireUserVerification: false,
    });
    if (!verified) return { refused: 'not_verified' };
    return { counter: authenticationInfo.newCounter, userVerified: authenticationInfo.userVerified };
  } catch (error) {
    return { refused: error instanceof Error ? error.name : 'error' };
  }
}
