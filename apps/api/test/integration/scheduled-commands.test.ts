// Commands that run later, over real HTTP, a real dev server and a real worker: `notBefore` on
// POST points is accepted now, visible and cancellable until its time, and applied by the actor
// at that time exactly once, also when the account has continued-as-new in between.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSystem, uniqueId, type LoyaltySystem } from '../support/system.js';

let system: LoyaltySystem;
beforeAll(async () => {
  system = await startSystem();
});
afterAll(async () => {
  await system?.close();
});

const request: LoyaltySystem['request'] = (...args) => system.request(...args);

async function enrol(): Promise<string> {
  const customerId = uniqueId('c');
  expect((await request('POST', '/customers', { body: { customerId, name: `Customer ${customerId}` } })).status).toBe(201);
  return customerId;
}

const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

function schedule(customerId: string, key: string, points: number, notBefore: string, reason?: string) {
  return request('POST', `/customers/${customerId}/points`, {
    body: { points, notBefore, ...(reason === undefined ? {} : { reason }) },
    headers: { 'idempotency-key': key },
  });
}

const outcomeOf = (customerId: string, key: string) => request('GET', `/customers/${customerId}/commands/${key}`);
/** The balance, read again while a read meets a run boundary (a 503 to retry, as a client would). */
const balanceOf = async (customerId: string) => {
  let read = await request('GET', `/customers/${customerId}`);
  for (const until = Date.now() + 10_000; read.status === 503 && Date.now() < until; ) read = await request('GET', `/customers/${customerId}`);
  // A failed read names its status and problem, not just a missing balance.
  expect(read.status, JSON.stringify(read.body)).toBe(200);
  return read.body.points as number;
};

describe('a command with notBefore', () => {
  it('is accepted at once, reads pending until its time, and is applied then exactly once, across continue-as-new', async () => {
    // A history limit this low makes the actor continue-as-new every few commands (a run's first
    // events are already about 15: a patch marker and a search-attribute upsert per marker).
    const handle = await system.harness.startCustomer({ continueAsNewAfterEvents: 40 });
    const { customerId } = handle;
    const firstRunId = (await handle.describe()).runId;
    // Far enough off for the 40 earns below, each a few runs' worth of history at this limit.
    const notBefore = inSeconds(40);

    const started = Date.now();
    const accepted = await schedule(customerId, 'return-window-1', 250, notBefore, 'Order 1001: return window closed');
    expect(accepted.status).toBe(202);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(accepted.headers.get('location')).toContain(`/customers/${customerId}/commands/return-window-1`);
    // A retry of the same request is answered the same, at once, and schedules nothing more.
    const retried = await schedule(customerId, 'return-window-1', 250, notBefore, 'Order 1001: return window closed');
    expect(retried.status).toBe(202);
    // The same key for another request is refused, as for every command.
    expect((await schedule(customerId, 'return-window-1', 999, notBefore)).body.code).toBe('idempotency-key-reused');

    const waiting = await outcomeOf(customerId, 'return-window-1');
    expect(waiting.body).toMatchObject({ status: 'pending', notBefore, commandType: 'addPoints' });
    const listed = await request('GET', `/customers/${customerId}/scheduled-commands`);
    expect(listed.status).toBe(200);
    expect(listed.body.commands).toEqual([
      expect.objectContaining({ idempotencyKey: 'return-window-1', command: expect.objectContaining({ points: 250, notBefore }) }),
    ]);

    // Other traffic meanwhile carries the account through several runs before the bonus is due.
    for (let index = 0; index < 40; index += 1) {
      const reply = await request('POST', `/customers/${customerId}/points`, { body: { points: 1 }, headers: { 'idempotency-key': `earn-${index}` } });
      expect(reply.status).toBe(200);
    }
    expect((await handle.describe()).runId).not.toBe(firstRunId);
    expect(await balanceOf(customerId)).toBe(40);

    await expect.poll(async () => (await outcomeOf(customerId, 'return-window-1')).body.status, { timeout: 55_000, interval: 250 }).toBe('applied');
    const applied = (await outcomeOf(customerId, 'return-window-1')).body;
    // Applied as of its time, which every replay gives alike.
    expect(applied.result.entry).toMatchObject({ delta: 250, at: notBefore, reason: 'Order 1001: return window closed' });
    expect(await balanceOf(customerId)).toBe(290);
    expect((await request('GET', `/customers/${customerId}/scheduled-commands`)).body.commands).toEqual([]);
    // A retry after it ran answers the applied outcome and changes nothing.
    expect((await schedule(customerId, 'return-window-1', 250, notBefore, 'Order 1001: return window closed')).status).toBe(200);
    const bonuses = (await request('GET', `/customers/${customerId}/transactions?limit=200`)).body.entries.filter(
      (entry: { idempotencyKey?: string }) => entry.idempotencyKey === 'return-window-1',
    );
    expect(bonuses).toHaveLength(1);
    expect(await balanceOf(customerId)).toBe(290);
  }, 100_000);

  it('can be cancelled until its time: it never runs, and its outcome says so', async () => {
    const customerId = await enrol();
    expect((await schedule(customerId, 'anniversary', 500, inSeconds(3600))).status).toBe(202);

    const cancelled = await request('DELETE', `/customers/${customerId}/commands/anniversary`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.cancelled).toMatchObject({ idempotencyKey: 'anniversary', command: { points: 500 } });
    const outcome = (await outcomeOf(customerId, 'anniversary')).body;
    expect(outcome).toMatchObject({ status: 'rejected', problem: { code: 'command-cancelled', status: 409 } });
    expect((await request('GET', `/customers/${customerId}/scheduled-commands`)).body.commands).toEqual([]);

    // Cancelling again, cancelling what has run and cancelling what was never scheduled.
    expect((await request('DELETE', `/customers/${customerId}/commands/anniversary`)).body).toMatchObject({ status: 409, code: 'command-cancelled' });
    expect((await request('POST', `/customers/${customerId}/points`, { body: { points: 5 }, headers: { 'idempotency-key': 'now' } })).status).toBe(200);
    expect((await request('DELETE', `/customers/${customerId}/commands/now`)).body).toMatchObject({ status: 409, code: 'command-already-run' });
    expect((await request('DELETE', `/customers/${customerId}/commands/never`)).body).toMatchObject({ status: 404, code: 'scheduled-command-not-found' });
    expect(await balanceOf(customerId)).toBe(5);
  });

  it('is withdrawn when the account closes, and a time already passed applies at once', async () => {
    const customerId = await enrol();
    expect((await schedule(customerId, 'past', 30, new Date(Date.now() - 60_000).toISOString())).status).toBe(200);
    expect((await schedule(customerId, 'later', 70, inSeconds(3600))).status).toBe(202);
    expect((await request('DELETE', `/customers/${customerId}`, { as: 'admin' })).status).toBe(200);
    await expect
      .poll(async () => (await outcomeOf(customerId, 'later')).body.problem?.code, { timeout: 10_000 })
      .toBe('account-closed');
    expect(await balanceOf(customerId)).toBe(30);
  });

  it('is refused beyond how far ahead an account schedules', async () => {
    const customerId = await enrol();
    const tooFar = new Date(Date.now() + 2 * 365 * 86_400_000).toISOString();
    expect((await schedule(customerId, 'too-far', 10, tooFar)).body).toMatchObject({ status: 422, code: 'not-before-too-far' });
    expect((await schedule(customerId, 'bad-time', 10, 'next tuesday')).status).toBe(400);
  });
});
