import express from 'express';

/** Express's `trust proxy`: `true`/`false`, a hop count, addresses and subnets, or Express's names. */
export type TrustProxy = string | number | boolean;

/** `trust proxy` from its environment form: `true`/`false`, a hop count, or Express's address list. */
export function parseTrustProxy(value: TrustProxy): TrustProxy {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  if (trimmed === 'true' || trimmed === 'false') return trimmed === 'true';
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  return trimmed;
}

/**
 * Why Express would refuse this `trust proxy` value, or `undefined`. Express itself is asked (it
 * compiles the value when it is set), so that what passes here is exactly what it accepts.
 */
export function trustProxyProblem(value: unknown): string | undefined {
  const usage =
    'must be true, false, a number of proxies, or addresses and subnets separated by commas (loopback, linklocal, uniquelocal, 10.0.0.0/8…)';
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
    return `trust proxy ${usage}`;
  }
  const parsed = parseTrustProxy(value);
  if (typeof parsed === 'number' && (!Number.isInteger(parsed) || parsed < 0)) return `trust proxy ${usage}`;
  try {
    express().set('trust proxy', parsed);
    return undefined;
  } catch (error) {
    return `trust proxy ${usage} (${error instanceof Error ? error.message : String(error)})`;
  }
}
