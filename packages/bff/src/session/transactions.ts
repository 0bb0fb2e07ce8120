import type { Transaction } from '../franceconnect/start-login.js';
import type { FranceConnectSessionState } from './session-data.js';

/** An authorization attempt left unfinished this long is forgotten. */
export const TRANSACTION_TTL_MS = 15 * 60 * 1000;
/** At most this many attempts pending in one browser (tabs); the oldest goes first. */
export const MAX_PENDING_TRANSACTIONS = 10;

function live(state: FranceConnectSessionState, now: number): Transaction[] {
  if (state.transactions === undefined) return [];
  return Object.values(state.transactions)
    .filter((transaction) => now - transaction.createdAt < TRANSACTION_TTL_MS && now >= transaction.createdAt)
    .sort((a, b) => a.createdAt - b.createdAt);
}

function keep(state: FranceConnectSessionState, transactions: Transaction[]): void {
  if (transactions.length === 0) delete state.transactions;
  else
    state.transactions = Object.fromEntries(
      transactions.map((transaction) => [transaction.state, transaction]),
    );
}

/** Adds an attempt, dropping expired ones and, beyond the limit, the oldest. */
export function addTransaction(
  state: FranceConnectSessionState,
  transaction: Transaction,
  now = Date.now(),
): void {
  const pending = live(state, now).filter((existing) => existing.state !== transaction.state);
  pending.push(transaction);
  keep(state, pending.slice(-MAX_PENDING_TRANSACTIONS));
}

/**
 * Removes and returns the attempt whose `state` this is: single use (a replayed `state` finds
 * nothing), expired attempts find nothing either.
 */
export function takeTransaction(
  state: FranceConnectSessionState,
  stateParameter: string,
  now = Date.now(),
): Transaction | undefined {
  const pending = live(state, now);
  const found = pending.find((transaction) => transaction.state === stateParameter);
  keep(
    state,
    pending.filter((transaction) => transaction !== found),
  );
  return found;
}

/** The attempts still pending, carried over when the session id changes at sign-in. */
export function pendingTransactions(state: FranceConnectSessionState, now = Date.now()): Transaction[] {
  return live(state, now);
}
