import type { Adapter, AdapterPayload } from 'oidc-provider';

interface Entry {
  payload: AdapterPayload;
  expiresAt: number;
}

/**
 * In-memory storage for one local FranceConnect (sessions, interactions, codes, tokens, grants). It is
 * private to each running instance, so that several can run in one process (tests), and it forgets
 * everything on restart, like FranceConnect's own Redis would on a flush.
 */
export class MemoryStore {
  readonly #entries = new Map<string, Entry>();
  readonly #grants = new Map<string, Set<string>>();

  /** oidc-provider's `adapter` option. */
  readonly adapterFactory = (model: string): Adapter => new MemoryAdapter(this, model);

  get(key: string): AdapterPayload | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.payload;
  }

  set(key: string, payload: AdapterPayload, expiresIn: number): void {
    this.#entries.set(key, { payload, expiresAt: Date.now() + expiresIn * 1000 });
    if (payload.grantId) {
      const keys = this.#grants.get(payload.grantId) ?? new Set<string>();
      keys.add(key);
      this.#grants.set(payload.grantId, keys);
    }
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  deleteGrant(grantId: string): void {
    for (const key of this.#grants.get(grantId) ?? []) this.#entries.delete(key);
    this.#grants.delete(grantId);
  }

  /** Drops expired entries (called on a timer so that a long-running instance does not grow). */
  sweep(): void {
    const now = Date.now();
    for (const [key, entry] of this.#entries) if (entry.expiresAt <= now) this.#entries.delete(key);
    for (const [grantId, keys] of this.#grants) {
      for (const key of keys) if (!this.#entries.has(key)) keys.delete(key);
      if (keys.size === 0) this.#grants.delete(grantId);
    }
  }
}

class MemoryAdapter implements Adapter {
  constructor(
    private readonly store: MemoryStore,
    private readonly model: string,
  ) {}

  #key(id: string): string {
    return `${this.model}:${id}`;
  }

  upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    this.store.set(this.#key(id), payload, expiresIn);
    if (payload.uid) this.store.set(`${this.model}:uid:${payload.uid}`, { jti: id }, expiresIn);
    if (payload.userCode)
      this.store.set(`${this.model}:userCode:${payload.userCode}`, { jti: id }, expiresIn);
    return Promise.resolve();
  }

  find(id: string): Promise<AdapterPayload | undefined> {
    return Promise.resolve(this.store.get(this.#key(id)));
  }

  findByUid(uid: string): Promise<AdapterPayload | undefined> {
    const pointer = this.store.get(`${this.model}:uid:${uid}`);
    return Promise.resolve(pointer?.jti ? this.store.get(this.#key(pointer.jti)) : undefined);
  }

  findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    const pointer = this.store.get(`${this.model}:userCode:${userCode}`);
    return Promise.resolve(pointer?.jti ? this.store.get(this.#key(pointer.jti)) : undefined);
  }

  consume(id: string): Promise<void> {
    const payload = this.store.get(this.#key(id));
    if (payload) payload.consumed = Math.floor(Date.now() / 1000);
    return Promise.resolve();
  }

  destroy(id: string): Promise<void> {
    this.store.delete(this.#key(id));
    return Promise.resolve();
  }

  revokeByGrantId(grantId: string): Promise<void> {
    this.store.deleteGrant(grantId);
    return Promise.resolve();
  }
}
