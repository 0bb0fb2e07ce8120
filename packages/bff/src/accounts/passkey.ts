/**
 * A passkey (a WebAuthn credential) a person registered on their account: a second factor of
 * possession (qualification #22). The service keeps only its public key.
 */
export interface Passkey {
  /** The credential id (base64url), unique across accounts. */
  id: string;
  accountId: string;
  /** The COSE public key. */
  publicKey: Uint8Array;
  /** The signature counter last seen (0 for authenticators that keep none). */
  counter: number;
  /** How the browser reaches it (`internal`, `hybrid`, `usb`…), as it said at registration. */
  transports: string[];
  /** The name the person gave it (« Téléphone de Marie »). */
  name: string;
  /** `multiDevice`: synced between the person's devices; `singleDevice`: bound to one. */
  deviceType: 'singleDevice' | 'multiDevice';
  backedUp: boolean;
  createdAt: Date;
  lastUsedAt: Date | null;
}

/** What a new passkey starts with. */
export type NewPasskey = Omit<Passkey, 'createdAt' | 'lastUsedAt'>;

/** What the browser sees of a passkey (`GET /api/passkeys`): never its key. */
export type PasskeyView = {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  /** Synced between devices. */
  synced: boolean;
};

export function passkeyViewOf(passkey: Passkey): PasskeyView {
  return {
    id: passkey.id,
    name: passkey.name,
    createdAt: passkey.createdAt.toISOString(),
    lastUsedAt: passkey.lastUsedAt?.toISOString() ?? null,
    synced: passkey.deviceType === 'multiDevice',
  };
}
