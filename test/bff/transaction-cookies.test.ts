import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import {
  MAX_PENDING_TRANSACTIONS,
  randomAlphanumeric,
  TRANSACTION_TTL_MS,
  TransactionCookies,
  type Transaction,
} from '@franceconnect-kit/bff';
import { freePort } from '../helpers/processes.js';
import { CookieAgent } from './helpers/cookie-agent.js';
import { startForgedPair } from './helpers/bff.js';
import { tamperLast } from './helpers/attempt.js';

// Pending authorization attempts live in signed cookies, one per attempt, until their callback.

const SECRET = 'transaction-cookie-secret-of-32-characters';

function attempt(createdAt = Date.now()): Transaction {
  return {
    state: randomAlphanumeric(),
    nonce: randomAlphanumeric(),
    returnTo: '/demarches',
    scopes: ['openid', 'given_name'],
    acr: 'eidas1',
    purpose: 'sign-in',
    createdAt,
  };
}

/** A real HTTP server exposing `add` and `take`, with the clock given by the test. */
async function harness(secrets: string[], secure = false) {
  const cookies = new TransactionCookies({ secrets, secure });
  const app = express();
  app.use(express.json());
  app.post('/add', (req, res) => {
    const body = req.body as { transaction: Transaction; now: number };
    cookies.add(req, res, body.transaction, body.now);
    res.end();
  });
  app.get('/take', (req, res) => {
    res.json({ found: cookies.take(req, res, req.query.state as string, Number(req.query.now)) ?? null });
  });
  const port = await freePort();
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(port, '127.0.0.1', () => resolve(listening));
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    cookies,
    add: (agent: CookieAgent, transaction: Transaction, now = transaction.createdAt) =>
      agent.fetch(`${url}/add`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ transaction, now }),
      }),
    take: async (agent: CookieAgent, state: string, now = Date.now()) => {
      const response = await agent.fetch(`${url}/take?state=${state}&now=${now}`);
      return ((await response.json()) as { found: Transaction | null }).found;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('transaction cookies', () => {
  let h: Awaited<ReturnType<typeof harness>>;
  before(async () => {
    h = await harness([SECRET]);
  });
  after(() => h.close());

  it('give back the attempt once, then never again (single use)', async () => {
    const agent = new CookieAgent();
    const transaction = attempt();
    await h.add(agent, transaction);
    assert.deepEqual(await h.take(agent, transaction.state), transaction);
    assert.equal(agent.cookies.size, 0, 'the cookie was cleared');
    assert.equal(await h.take(agent, transaction.state), null);
  });

  it('hold what the authorization URL already shows the browser, signed', async () => {
    const agent = new CookieAgent();
    const transaction = attempt();
    await h.add(agent, transaction);
    const [value = ''] = [...agent.cookies.values()];
    const [payload = '', signature = ''] = value.split('.');
    assert.deepEqual(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')), transaction);
    assert.match(signature, /^[A-Za-z0-9_-]{43}$/);
  });

  it('refuse a cookie whose content was changed, even re-encoded cleanly', async () => {
    const agent = new CookieAgent();
    const transaction = attempt();
    await h.add(agent, transaction);
    const name = h.cookies.nameOf(transaction.state);
    const [, signature = ''] = (agent.cookies.get(name) ?? '').split('.');
    const forged = { ...transaction, returnTo: '/ailleurs', purpose: 'link' };
    agent.cookies.set(name, `${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${signature}`);
    assert.equal(await h.take(agent, transaction.state), null);
  });

  it('refuse malformed values without failing', async () => {
    const transaction = attempt();
    const name = h.cookies.nameOf(transaction.state);
    for (const value of [
      '',
      '.',
      'x'.repeat(44),
      `${'x'.repeat(10)}.${'é'.repeat(43)}`,
      `e30.${'A'.repeat(43)}`,
    ]) {
      const agent = new CookieAgent();
      agent.cookies.set(name, value);
      assert.equal(await h.take(agent, transaction.state), null, JSON.stringify(value));
    }
  });

  it('refuse an altered cookie, and one moved under another attempt’s name', async () => {
    const agent = new CookieAgent();
    const [first, second] = [attempt(), attempt()];
    await h.add(agent, first);
    await h.add(agent, second);
    const [firstName, secondName] = [h.cookies.nameOf(first.state), h.cookies.nameOf(second.state)];
    const altered = agent.clone();
    altered.cookies.set(firstName, tamperLast(agent.cookies.get(firstName) ?? ''));
    assert.equal(await h.take(altered, first.state), null);
    const swapped = agent.clone();
    swapped.cookies.set(secondName, agent.cookies.get(firstName) ?? '');
    assert.equal(await h.take(swapped, second.state), null, 'a cookie is bound to its name');
  });

  it('refuse a state that only shares the cookie’s name prefix', async () => {
    const agent = new CookieAgent();
    const transaction = attempt();
    await h.add(agent, transaction);
    assert.equal(await h.take(agent, tamperLast(transaction.state)), null);
  });

  it('expire', async () => {
    const agent = new CookieAgent();
    const transaction = attempt(1_000_000);
    await h.add(agent, transaction);
    assert.equal(await h.take(agent.clone(), transaction.state, 1_000_000 + TRANSACTION_TTL_MS), null);
    assert.ok(await h.take(agent, transaction.state, 1_000_000 + TRANSACTION_TTL_MS - 1));
  });

  it('keep at most a few attempts per browser, dropping the oldest', async () => {
    const agent = new CookieAgent();
    const attempts = Array.from({ length: MAX_PENDING_TRANSACTIONS + 2 }, (_, i) => attempt(Date.now() + i));
    for (const transaction of attempts) await h.add(agent, transaction);
    assert.equal(agent.cookies.size, MAX_PENDING_TRANSACTIONS);
    assert.equal(await h.take(agent, attempts[0]?.state ?? ''), null);
    assert.ok(await h.take(agent, attempts.at(-1)?.state ?? ''));
  });

  it('open cookies sealed with a previous secret (rotation), not with an unknown one', async () => {
    const rotated = await harness(['the-new-secret-of-at-least-32-characters', SECRET]);
    const stranger = await harness(['another-service-secret-of-32-characters']);
    try {
      const agent = new CookieAgent();
      const transaction = attempt();
      await h.add(agent, transaction);
      assert.equal(await stranger.take(agent.clone(), transaction.state), null);
      assert.deepEqual(await rotated.take(agent, transaction.state), transaction);
    } finally {
      await rotated.close();
      await stranger.close();
    }
  });

  it('are HttpOnly, SameSite=Lax, Path=/, with a lifetime; __Host- and Secure on https', async () => {
    const secure = await harness([SECRET], true);
    try {
      const plain = new CookieAgent();
      await h.add(plain, attempt());
      const line = plain.setCookies.at(-1) ?? '';
      assert.match(line, /^bff_tx_[A-Za-z0-9]{16}=/);
      assert.match(line, /; HttpOnly/i);
      assert.match(line, /; SameSite=Lax/i);
      assert.match(line, /; Path=\//);
      assert.match(line, new RegExp(`; Max-Age=${TRANSACTION_TTL_MS / 1000}`));
      assert.doesNotMatch(line, /Domain=/i);
      const tls = new CookieAgent();
      await secure.add(tls, attempt());
      assert.match(tls.setCookies.at(-1) ?? '', /^__Host-bff_tx_[A-Za-z0-9]{16}=.*; Secure/i);
    } finally {
      await secure.close();
    }
  });
});

describe('starting a sign-in', () => {
  it('writes nothing on the server: no session, no session cookie, only the attempt’s cookie', async () => {
    const pair = await startForgedPair();
    try {
      for (let i = 0; i < 20; i++) {
        const response = await fetch(`${pair.app.url}/auth/login`, { redirect: 'manual' });
        assert.equal(response.status, 302);
        const cookies = response.headers.getSetCookie().map((line) => line.split('=')[0]);
        assert.deepEqual(
          cookies.map((name) => name?.replace(/[A-Za-z0-9]{16}$/, '…')),
          ['bff_tx_…'],
        );
      }
      const length = await new Promise<number>((resolve, reject) =>
        pair.app.bff.sessionStore.length?.((error, count) =>
          error ? reject(new Error('length failed', { cause: error })) : resolve(count ?? 0),
        ),
      );
      assert.equal(length, 0, 'anonymous sign-in starts filled the session store');
    } finally {
      await pair.close();
    }
  });
});
