import type { Request, Response } from 'express';
import type { BffContext } from '../context.js';
import type { OutboundHealth } from './metrics.js';

/** A dependency the BFF checks for readiness: a store that answers `ping()`. */
export interface Dependency {
  kind: string;
  ping(): Promise<void>;
}

export interface ReadinessInput {
  ctx: BffContext;
  accountStore: Dependency | undefined;
  retrievedDataStore: { kind?: string; ping?(): Promise<void> } | undefined;
  franceconnect: OutboundHealth;
  /** True once the server was asked to stop: the load balancer must stop sending traffic. */
  draining: () => boolean;
  /** A ping not answered in this many milliseconds counts as down. */
  timeoutMs?: number;
}

type Check = { status: 'up' | 'down'; kind?: string };

async function check(dependency: Dependency, timeoutMs: number): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
  });
  try {
    await Promise.race([dependency.ping(), timeout]);
    return { status: 'up', kind: dependency.kind };
  } catch {
    return { status: 'down', kind: dependency.kind };
  } finally {
    clearTimeout(timer);
  }
}

/** `GET /livez`: 200 while the process serves HTTP at all (restart it otherwise). Checks nothing else. */
export function liveness() {
  return (_req: Request, res: Response): void => {
    res.json({ status: 'ok' });
  };
}

/**
 * `GET /readyz`: whether this instance should receive traffic. 503 when a store it needs does not
 * answer (`sessionStore`, `accountStore`, `retrievedDataStore`) or once it is stopping; FranceConnect
 * being unreachable is reported (`degraded`, 200): every instance shares it, and the BFF shows
 * « FranceConnect est indisponible » pages by itself, so taking instances out would only make it worse.
 */
export function readiness(input: ReadinessInput) {
  const timeoutMs = input.timeoutMs ?? 2000;
  return async (_req: Request, res: Response): Promise<void> => {
    const dataStore = input.retrievedDataStore;
    const [sessionStore, accountStore, retrievedDataStore] = await Promise.all([
      check(input.ctx.store, timeoutMs),
      input.accountStore ? check(input.accountStore, timeoutMs) : undefined,
      dataStore?.ping
        ? check(
            { kind: dataStore.kind ?? 'custom', ping: () => dataStore.ping?.() ?? Promise.resolve() },
            timeoutMs,
          )
        : dataStore
          ? ({ status: 'up', kind: dataStore.kind ?? 'memory' } satisfies Check)
          : undefined,
    ]);
    const franceconnect: Check = {
      status: input.franceconnect.lastOutcome === 'error' ? 'down' : 'up',
    };
    const checks = {
      sessionStore,
      ...(accountStore ? { accountStore } : {}),
      ...(retrievedDataStore ? { retrievedDataStore } : {}),
      franceconnect,
    };
    const storesDown = [sessionStore, accountStore, retrievedDataStore].some(
      (item) => item?.status === 'down',
    );
    const status = input.draining()
      ? 'stopping'
      : storesDown
        ? 'unavailable'
        : franceconnect.status === 'down'
          ? 'degraded'
          : 'ok';
    res.status(status === 'stopping' || status === 'unavailable' ? 503 : 200).json({ status, checks });
  };
}
