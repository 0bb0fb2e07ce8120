import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

/**
 * A passkey authenticator in software, for HTTP tests without a browser (the end-to-end tests use
 * Chromium's virtual authenticator): it answers `navigator.credentials.create()` and `.get()` options
 * the way a platform authenticator does (attestation `none`, ES256, a signature counter), so that the
 * BFF's SimpleWebAuthn checks run on real WebAuthn data. It can also misbehave on demand.
 */

type CborValue =
  number | string | Uint8Array | Map<number | string, CborValue> | { [key: string]: CborValue };

function head(major: number, length: number): Uint8Array {
  if (length < 24) return Uint8Array.of((major << 5) | length);
  if (length < 0x100) return Uint8Array.of((major << 5) | 24, length);
  if (length < 0x10000) return Uint8Array.of((major << 5) | 25, length >> 8, length & 0xff);
  const bytes = new Uint8Array(5);
  bytes[0] = (major << 5) | 26;
  new DataView(bytes.buffer).setUint32(1, length);
  return bytes;
}

/** The CBOR subset WebAuthn needs: integers, byte and text strings, maps. */
function cbor(value: CborValue): Uint8Array {
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === 'string') {
    const bytes = new TextEncoder().encode(value);
    return Buffer.concat([head(3, bytes.length), bytes]);
  }
  if (value instanceof Uint8Array) return Buffer.concat([head(2, value.length), value]);
  const entries = value instanceof Map ? [...value] : Object.entries(value);
  return Buffer.concat([
    head(5, entries.length),
    ...entries.flatMap(([key, item]) => [cbor(key), cbor(item)]),
  ]);
}

const b64u = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64url');
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();

export interface CreationOptions {
  challenge: string;
  rp: { id?: string; name: string };
  user: { id: string };
}

export interface RequestOptions {
  challenge: string;
  rpId?: string;
  allowCredentials?: Array<{ id: string }>;
}

interface Credential {
  id: Buffer;
  privateKey: KeyObject;
  userHandle: string;
  counter: number;
}

export class SoftAuthenticator {
  readonly #credentials: Credential[] = [];
  readonly #origin: string;

  /** `origin`: the page the ceremonies happen on (the BFF's public URL). */
  constructor(origin: string) {
    this.#origin = origin;
  }

  /** The credential ids it holds (base64url). */
  get ids(): string[] {
    return this.#credentials.map((credential) => b64u(credential.id));
  }

  #clientData(type: 'webauthn.create' | 'webauthn.get', challenge: string, origin: string): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
  }

  /** The answer to `navigator.credentials.create({ publicKey: options })`. */
  create(options: CreationOptions, { origin = this.#origin }: { origin?: string } = {}) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const credential: Credential = {
      id: randomBytes(32),
      privateKey,
      userHandle: options.user.id,
      counter: 0,
    };
    this.#credentials.push(credential);
    const coseKey = new Map<number, CborValue>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, Buffer.from(jwk.x ?? '', 'base64url')],
      [-3, Buffer.from(jwk.y ?? '', 'base64url')],
    ]);
    const rpId = options.rp.id ?? new URL(origin).hostname;
    const length = Buffer.alloc(2);
    length.writeUInt16BE(credential.id.length);
    const authData = Buffer.concat([
      sha256(rpId),
      Uint8Array.of(0x01 | 0x04 | 0x40), // user present, user verified, attested credential data
      Buffer.alloc(4), // counter 0
      Buffer.alloc(16), // AAGUID
      length,
      credential.id,
      cbor(coseKey),
    ]);
    const attestationObject = cbor({ fmt: 'none', attStmt: {}, authData });
    return {
      id: b64u(credential.id),
      rawId: b64u(credential.id),
      type: 'public-key',
      response: {
        clientDataJSON: b64u(this.#clientData('webauthn.create', options.challenge, origin)),
        attestationObject: b64u(attestationObject),
        transports: ['internal'],
      },
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
    };
  }

  /**
   * The answer to `navigator.credentials.get({ publicKey: options })` with the first credential the
   * options allow (or `credentialId`), its counter incremented.
   */
  get(
    options: RequestOptions,
    { origin = this.#origin, credentialId }: { origin?: string; credentialId?: string } = {},
  ) {
    const allowed = options.allowCredentials?.map((entry) => entry.id);
    const credential = this.#credentials.find((candidate) =>
      credentialId !== undefined
        ? b64u(candidate.id) === credentialId
        : allowed === undefined || allowed.includes(b64u(candidate.id)),
    );
    if (!credential) throw new Error('no credential for these options');
    credential.counter++;
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(credential.counter);
    const rpId = options.rpId ?? new URL(origin).hostname;
    const authenticatorData = Buffer.concat([sha256(rpId), Uint8Array.of(0x01 | 0x04), counter]);
    const clientDataJSON = this.#clientData('webauthn.get', options.challenge, origin);
    const signature = sign(
      'sha256',
      Buffer.concat([authenticatorData, sha256(clientDataJSON)]),
      credential.privateKey,
    );
    return {
      id: b64u(credential.id),
      rawId: b64u(credential.id),
      type: 'public-key',
      response: {
        clientDataJSON: b64u(clientDataJSON),
        authenticatorData: b64u(authenticatorData),
        signature: b64u(signature),
        userHandle: credential.userHandle,
      },
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
    };
  }
}
