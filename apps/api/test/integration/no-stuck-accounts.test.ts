// The gateway's side of "no account ever gets stuck": over real HTTP, a real dev server and a real
// worker, an unknown outcome is a 202 to poll (never a "retry later" that would apply it twice),
// a same-key race tells the loser it lost, slow commands never delay quick ones, and accounts
// ended or paused by Temporal read as what they are.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { recordingNotifier, startHarness } from '#test-support/loyalty-harness.js';
import { pause, unpause } from '#test-support/peers.js';
import { startApi, startSystem, temporalAddress, uniqueId, type LoyaltySystem } from '../support/system.js';

let system: LoyaltySystem;
beforeAll(async () => {
  system = await startSystem();
});
afterAll(async () => {
  await system?.close();
});

const request: LoyaltySystem['request'] = (...args) => system.request(...args);

async function enrol(points = 0): Promise<string> {
  const customerId = uniqueId('c');
  const reply = await request('POST', '/customers', { body: { customerId, name: `Customer ${customerId}` } });
  expect(reply.status).toBe(201);
  if (points > 0) expect((await addPoints(customerId, points)).status).toBe(200);
  return customerId;
}

function addPoints(customerId: string, points: number, headers: Record<string, string> = {}) {
  return request('POST', `/customers/${customerId}/points`, { body: { points }, as: points < 0 ? 'admin' : 'storefront', headers });
}

async function pollUntilSettled(location: string) {
  return vi.waitFor(
    async () => {
      const reply = await request('GET', location);
      if (reply.status !== 200 || reply.body.status === 'pending') throw new Error(`still ${reply.status} ${reply.body?.status}`);
      return reply.body;
    },
    { timeout: 20_000, interval: 200 },
  );
}

describe('an outcome not known in time', () => {
  it('is a 202 with a Location, also for a key the gateway made up; a worker that comes later applies it once (row m)', async () => {
    const connection = await Connection.connect({ address: temporalAddress() });
    const taskQueue = `late-worker-${randomUUID()}`;
    const api = await startApi({ client: new Client({ connection }), taskQueue });
    try {
      const customerId = uniqueId('c');
      expect((await api.request('POST', '/customers', { body: { customerId, name: 'Ada' } })).status).toBe(201);
      const accepted = await api.request('POST', `/customers/${customerId}/points`, { body: { points: 40 } });
      expect(accepted.status).toBe(202);
      const location = accepted.headers.get('location')!;
      expect(location).toContain(`/customers/${customerId}/commands/${accepted.headers.get('idempotency-key')}`);

      // The worker arrives: the command Temporal held is applied, once.
      const late = await startHarness(recordingNotifier(), { overrides: { taskQueue } });
      try {
        await vi.waitFor(async () => expect((await api.request('GET', location)).body).toMatchObject({ status: 'applied' }), {
          timeout: 20_000,
          interval: 200,
        });
        expect((await api.request('GET', `/customers/${customerId}`)).body.points).toBe(40);
      } finally {
        await late.close();
      }
    } finally {
      await api.close();
      await connection.close();
    }
  });
});

describe('two asynchronous requests with one key and different bodies', () => {
  it('both are accepted, and the loser\u2019s poll says its key was taken (row n)', async () => {
    const customerId = await enrol();
    const key = uniqueId('race');
    const [first, second] = await Promise.all(
      [10, 20].map((points) => addPoints(customerId, points, { prefer: 'respond-async', 'idempotency-key': key })),
    );
    expect([first!.status, second!.status]).toEqual([202, 202]);
    const outcomes = await Promise.all([first!, second!].map((reply) => pollUntilSettled(reply.headers.get('location')!)));
    const statuses = outcomes.map((outcome) => outcome.status).sort();
    expect(statuses).toEqual(['applied', 'rejected']);
    const loser = outcomes.find((outcome) => outcome.status === 'rejected');
    expect(loser.problem).toMatchObject({ status: 422, code: 'idempotency-key-reused' });
    const winner = outcomes.find((outcome) => outcome.status === 'applied');
    expect((await request('GET', `/customers/${customerId}`)).body.points).toBe(winner.result.entry.delta);
  });
});

describe('a guest that does not answer', () => {
  it('slow commands never delay the answers of quick commands for the same customer (row o)', async () => {
    const hostId = await enrol(2000);
    const guestId = uniqueId('guest');
    expect((await request('POST', `/customers/${hostId}/guests`, { body: { guestId } })).status).toBe(201);
    const guest = system.harness.handleFor(guestId);
    await pause(system.harness.client, guest);
    try {
      const gifts = Array.from({ length: 3 }, () => request('POST', `/customers/${hostId}/gifts`, { body: { guestId, points: 10 } }));
      await new Promise((resolve) => setTimeout(resolve, 200));
      const started = Date.now();
      const quick = await Promise.all(Array.from({ length: 5 }, () => addPoints(hostId, 1)));
      expect(quick.map((reply) => reply.status)).toEqual([200, 200, 200, 200, 200]);
      expect(Date.now() - started).toBeLessThan(2_000);
      for (const gift of await Promise.all(gifts)) {
        expect(gift.status).toBe(202);
        expect(gift.headers.get('location')).toMatch(/\/commands\//);
      }
    } finally {
      await unpause(system.harness.client, guest);
    }
  });

  it('a paused account is unavailable (503 with Retry-After), never closed; its async commands wait for it (row k)', async () => {
    const customerId = await enrol(100);
    const handle = system.harness.handleFor(customerId);
    await pause(system.harness.client, handle);
    try {
      for (const reply of [await request('GET', `/customers/${customerId}`), await addPoints(customerId, 5)]) {
        expect(reply.status).toBe(503);
        expect(Number(reply.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(reply.body).toMatchObject({ code: 'temporal-unavailable' });
      }
      const queued = await addPoints(customerId, 7, { prefer: 'respond-async' });
      expect(queued.status).toBe(202);
      await unpause(system.harness.client, handle);
      expect(await pollUntilSettled(queued.headers.get('location')!)).toMatchObject({ status: 'applied' });
      expect((await request('GET', `/customers/${customerId}`)).body).toMatchObject({ points: 107, accountActive: true });
    } finally {
      await unpause(system.harness.client, handle).catch(() => undefined);
    }
  });
});

describe('an account ended by Temporal', () => {
  it.each(['terminated', 'cancelled'] as const)('reads as closed once %s, in reads and in listings (row l)', async (how) => {
    const customerId = await enrol(600);
    const handle = system.harness.handleFor(customerId);
    if (how === 'terminated') await handle.terminate('by an operator');
    else await handle.cancel();
    await vi.waitFor(async () => expect((await handle.describe()).status.name).not.toBe('RUNNING'), { timeout: 10_000 });

    expect((await request('GET', `/customers/${customerId}`)).body).toMatchObject({ customerId, points: 600, accountActive: false });
    const closed = await addPoints(customerId, 5);
    expect(closed.status).toBe(409);
    await vi.waitFor(
      async () => {
        const active = await request('GET', '/customers?active=true&pageSize=100', { as: 'admin' });
        expect(active.body.customers.map((customer: { customerId: string }) => customer.customerId)).not.toContain(customerId);
        const inactive = await request('GET', '/customers?active=false&pageSize=100', { as: 'admin' });
        expect(inactive.body.customers).toContainEqual(expect.objectContaining({ customerId, accountActive: false }));
      },
      { timeout: 10_000, interval: 250 },
    );
  });
});

