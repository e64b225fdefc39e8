// The gateway end to end: real HTTP server, real Temporal dev server, real worker. Each test uses
// customers of its own, so tests share one system per file.
import { InterceptingCall, type Interceptor } from '@grpc/grpc-js';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientInterceptors } from '@loyalty/node-runtime';
import { startApi, startSystem, temporalAddress, uniqueId, type LoyaltySystem } from '../support/system.js';

let system: LoyaltySystem;
beforeAll(async () => {
  system = await startSystem();
});
afterAll(async () => {
  await system?.close();
});

const request: LoyaltySystem['request'] = (...args) => system.request(...args);

async function enrol(prefix = 'c', extra: Record<string, unknown> = {}): Promise<string> {
  const customerId = uniqueId(prefix);
  const reply = await request('POST', '/customers', { body: { customerId, name: `Customer ${customerId}`, ...extra } });
  expect(reply.status).toBe(201);
  return customerId;
}

function addPoints(customerId: string, points: number, options: { key?: string; as?: 'admin' | 'storefront'; reason?: string } = {}) {
  return request('POST', `/customers/${customerId}/points`, {
    body: { points, ...(options.reason ? { reason: options.reason } : {}) },
    as: options.as ?? (points < 0 ? 'admin' : 'storefront'),
    headers: options.key ? { 'idempotency-key': options.key } : {},
  });
}

describe('enrolment and reading', () => {
  it('enrols a customer, answers 201 with the new account and a Location, and reads it back', async () => {
    const customerId = uniqueId('enrol');
    const created = await request('POST', '/customers', { body: { customerId, name: 'Ada', email: 'ada@example.com' } });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/customers/${customerId}`);
    expect(created.body).toMatchObject({
      customerId,
      name: 'Ada',
      points: 0,
      accountActive: true,
      guests: [],
      tier: { ordinal: 0, name: 'Member', minimumPoints: 0, guestsAllowed: 0 },
    });
    const read = await request('GET', `/customers/${customerId}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
  });

  it('answers 409 to enrolling an existing customer and 404 for an unknown one, as problems', async () => {
    const customerId = await enrol();
    const again = await request('POST', '/customers', { body: { customerId, name: 'Again' } });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(again.body).toMatchObject({ status: 409, code: 'customer-exists' });
    const missing = await request('GET', `/customers/${uniqueId('nobody')}`);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ status: 404, code: 'customer-not-found' });
  });
});

describe('points', () => {
  it('adds points, promotes at the thresholds and answers the ledger entry', async () => {
    const customerId = await enrol();
    const first = await addPoints(customerId, 100);
    expect(first.status).toBe(200);
    expect(first.body.customer).toMatchObject({ points: 100, tier: { name: 'Member' } });
    expect(first.body.entry).toMatchObject({ kind: 'points', delta: 100, balanceAfter: 100 });
    expect((await addPoints(customerId, 400)).body.customer.tier.name).toBe('Bronze');
    expect((await addPoints(customerId, 4500)).body.customer.tier.name).toBe('Platinum');
  });

  it('refuses a change below zero with 422 and a storefront removing points with 403', async () => {
    const customerId = await enrol();
    await addPoints(customerId, 50);
    const tooMuch = await addPoints(customerId, -60, { as: 'admin' });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body).toMatchObject({ code: 'insufficient-points' });
    const storefront = await addPoints(customerId, -10, { as: 'storefront' });
    expect(storefront.status).toBe(403);
    const demoted = await addPoints(customerId, -50, { as: 'admin' });
    expect(demoted.body.customer.points).toBe(0);
  });

  it('applies a retried request once and answers it alike; a different body with the key is 422', async () => {
    const customerId = await enrol();
    const key = uniqueId('order');
    const first = await addPoints(customerId, 600, { key, reason: 'order 1' });
    const retry = await addPoints(customerId, 600, { key, reason: 'order 1' });
    expect(retry.status).toBe(200);
    expect(retry.body.entry).toEqual(first.body.entry);
    expect(retry.body.customer.points).toBe(600);
    const misuse = await addPoints(customerId, 700, { key, reason: 'order 1' });
    expect(misuse.status).toBe(422);
    expect(misuse.body).toMatchObject({ code: 'idempotency-key-reused' });
    expect((await request('GET', `/customers/${customerId}`)).body.points).toBe(600);
  });

  it('answers 202 with a Location for Prefer: respond-async, and the outcome is readable there', async () => {
    const customerId = await enrol();
    const key = uniqueId('async');
    const accepted = await request('POST', `/customers/${customerId}/points`, {
      body: { points: 250 },
      headers: { prefer: 'respond-async', 'idempotency-key': key },
    });
    expect(accepted.status).toBe(202);
    const location = accepted.headers.get('location')!;
    expect(location).toMatch(new RegExp(`^/customers/${customerId}/commands/${key}\\?fingerprint=[\\w-]+$`));
    await expect
      .poll(async () => (await request('GET', location)).body, { timeout: 10_000 })
      .toMatchObject({ idempotencyKey: key, status: 'applied', result: { entry: { delta: 250, balanceAfter: 250 } } });
    expect((await request('GET', `/customers/${customerId}/commands/${uniqueId('unknown')}`)).status).toBe(404);
  });

  it('applies 50 simultaneous requests to one customer, each acknowledged and counted once', async () => {
    const customerId = await enrol();
    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, index) => addPoints(customerId, index + 1, { key: `burst-${index}` })),
    );
    const statuses = replies.map((reply) => reply.status);
    expect(statuses.every((status) => status === 200 || status === 429 || status === 503)).toBe(true);
    const acknowledged = replies.reduce((sum, reply, index) => sum + (reply.status === 200 ? index + 1 : 0), 0);
    expect(statuses.filter((status) => status === 200).length).toBe(50);
    expect((await request('GET', `/customers/${customerId}`)).body.points).toBe(acknowledged);
    const ledger = await request('GET', `/customers/${customerId}/transactions?limit=100`);
    const deltas = (ledger.body.entries as { delta: number }[]).reduce((sum, entry) => sum + entry.delta, 0);
    expect(deltas).toBe(acknowledged);
  });
});

describe('continue-as-new under fire', () => {
  it.each([
    ['with group commit', undefined],
    // Ten single-command updates in flight at once: updates often meet a run as it ends.
    ['one update per command', { maxBatchSize: 1, maxInFlightPerCustomer: 10 }],
  ])('answers every request of a long burst that crosses several runs, each applied once (%s)', async (_, groupCommit) => {
    const api = groupCommit
      ? await startApi({ client: system.harness.client, taskQueue: system.harness.taskQueue, groupCommit })
      : system;
    // A history limit this low makes the actor continue-as-new every few batches.
    const handle = await system.harness.startCustomer({ continueAsNewAfterEvents: 30 });
    const { customerId } = handle;
    const firstRunId = (await handle.describe()).runId;
    const send = (index: number) =>
      api.request('POST', `/customers/${customerId}/points`, { body: { points: 1 }, headers: { 'idempotency-key': `long-${index}` } });
    const replies = await Promise.all(Array.from({ length: 400 }, (_, index) => send(index)));
    // Retries of keys already applied, some while the next runs are being started.
    const retries = await Promise.all(Array.from({ length: 100 }, (_, index) => send(index * 4)));

    // An answer not known in time is a 202 to poll (never a "retry later" for a command that
    // may be applied); anything else not applied must be a clean "retry later", never an error.
    const unsettled = [...replies, ...retries].filter((reply) => reply.status !== 200);
    const refusals = unsettled.filter((reply) => reply.status !== 202);
    for (const refusal of refusals) {
      expect([429, 503]).toContain(refusal.status);
      expect(Number(refusal.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // ...and the product's own path, group commit, turns no request of this burst away. (A 202
    // is an answer: on a busy machine a batch can outlast the deadline; the loop below settles it.)
    if (!groupCommit) expect(refusals.map((reply) => reply.body)).toEqual([]);
    // A client that retries its refused requests with the same keys ends with each applied once.
    for (const [index, reply] of replies.entries()) {
      if (reply.status !== 200) await expect.poll(async () => (await send(index)).status, { timeout: 20_000 }).toBe(200);
    }
    // A read that meets a run boundary may be a 503 to retry.
    await expect.poll(async () => (await request('GET', `/customers/${customerId}`)).body.points, { timeout: 20_000 }).toBe(400);
    expect((await handle.describe()).runId).not.toBe(firstRunId);
    if (api !== system) await (api as Awaited<ReturnType<typeof startApi>>).close();
    // 500 requests and the retries of those refused: 30 s in CI, 40 s on a loaded machine.
  }, 120_000);

  it('answers every read of an account as its runs continue-as-new under it, never with an error', async () => {
    // A read asks the account's latest run; one that reaches a run just as it continues-as-new
    // is answered by the next run. (A read the boundary holds past the read deadline is a 503 to
    // retry, as for any read Temporal does not answer in time.)
    const { customerId } = await system.harness.startCustomer({ continueAsNewAfterEvents: 20 });
    const failedReads: string[] = [];
    let writing = true;
    let reads = 0;
    const readers = Array.from({ length: 4 }, async () => {
      while (writing) {
        const startedAt = Date.now();
        const read = await request('GET', `/customers/${customerId}`);
        reads += 1;
        const retryLater = read.status === 503 && Number(read.headers.get('retry-after')) > 0;
        if (read.status !== 200 && !retryLater) failedReads.push(`${read.status} after ${Date.now() - startedAt} ms: ${JSON.stringify(read.body)}`);
      }
    });
    let earned = 0;
    for (let batch = 0; batch < 60; batch += 1) {
      const replies = await Promise.all(Array.from({ length: 4 }, () => addPoints(customerId, 1)));
      earned += replies.filter((reply) => reply.status === 200).length;
    }
    writing = false;
    await Promise.all(readers);
    expect(failedReads).toEqual([]);
    expect(reads).toBeGreaterThan(100);
    await expect.poll(async () => (await request('GET', `/customers/${customerId}`)).body.points, { timeout: 20_000 }).toBe(earned);
  }, 90_000);

  it('sends a batch the ending run turned away on to the next run at once, not after an overload back-off', async () => {
    // The API's own client settings, and beneath its retries a record of every update attempt.
    const attempts: UpdateAttempt[] = [];
    const connection = await Connection.connect({ address: temporalAddress(), interceptors: [...clientInterceptors(), recordingUpdateAttempts(attempts)] });
    const api = await startApi({ client: new Client({ connection }), taskQueue: system.harness.taskQueue });
    try {
      const { customerId } = await system.harness.startCustomer({ continueAsNewAfterEvents: 30 });
      const turnedAway = () => attempts.filter((attempt) => /workflow is closing/i.test(attempt.details));
      // Closed-loop callers until a few batches met a run as it continued-as-new (bounded well
      // inside the test's timeout, so that never meeting one fails on the assertion below).
      const until = Date.now() + 30_000;
      let sent = 0;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (turnedAway().length < 3 && Date.now() < until) {
            sent += 1;
            expect([200, 202]).toContain((await api.request('POST', `/customers/${customerId}/points`, { body: { points: 1 } })).status);
          }
        }),
      );
      expect(turnedAway().length).toBeGreaterThanOrEqual(3);
      for (const refusal of turnedAway()) {
        const next = attempts.find((attempt) => attempt.updateId === refusal.updateId && attempt.startedAt >= refusal.endedAt);
        expect(next, `the batch ${refusal.updateId} was sent again`).toBeDefined();
        // The client's back-off for RESOURCE_EXHAUSTED starts at 1.7 s; the next run is there in milliseconds.
        expect(next!.startedAt - refusal.endedAt).toBeLessThan(500);
      }
      await expect.poll(async () => (await api.request('GET', `/customers/${customerId}`)).body.points, { timeout: 20_000 }).toBe(sent);
    } finally {
      await api.close();
      await connection.close();
    }
  });
});

interface UpdateAttempt {
  updateId: string;
  startedAt: number;
  endedAt: number;
  details: string;
}

/** Records each UpdateWorkflowExecution attempt that reaches the wire: its update ID, times and answer. */
function recordingUpdateAttempts(attempts: UpdateAttempt[]): Interceptor {
  const { UpdateWorkflowExecutionRequest } = temporal.api.workflowservice.v1;
  return (options, nextCall) => {
    if (!options.method_definition.path.endsWith('/UpdateWorkflowExecution')) return new InterceptingCall(nextCall(options));
    const attempt: UpdateAttempt = { updateId: '', startedAt: Date.now(), endedAt: 0, details: '' };
    return new InterceptingCall(nextCall(options), {
      start(metadata, listener, next) {
        next(metadata, {
          onReceiveStatus(status, nextStatus) {
            attempts.push({ ...attempt, endedAt: Date.now(), details: status.details });
            nextStatus(status);
          },
        });
      },
      sendMessage(message: Uint8Array, next) {
        attempt.updateId = UpdateWorkflowExecutionRequest.decode(message).request?.meta?.updateId ?? '';
        next(message);
      },
    });
  };
}

describe('guests and gifts', () => {
  async function silverHost(): Promise<string> {
    const host = await enrol('host');
    await addPoints(host, 1000);
    return host;
  }

  it('lets a Silver host invite a new guest, who starts at Bronze with 500 points', async () => {
    const host = await silverHost();
    const guest = uniqueId('guest');
    const invited = await request('POST', `/customers/${host}/guests`, { body: { guestId: guest } });
    expect(invited.status).toBe(201);
    expect(invited.body.customer.guests).toEqual([guest]);
    const guestAccount = await request('GET', `/customers/${guest}`);
    expect(guestAccount.body).toMatchObject({ points: 500, tier: { name: 'Bronze' }, accountActive: true, invitedBy: host });
    expect((await request('GET', `/customers/${host}/guests`)).body).toMatchObject({ guests: [guest] });
  });

  it('refuses an invitation the tier does not allow (422) and one to a closed account (409)', async () => {
    const member = await enrol('member');
    const refused = await request('POST', `/customers/${member}/guests`, { body: { guestId: uniqueId('guest') } });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'guest-limit-reached' });

    const host = await silverHost();
    const closed = await enrol('closed');
    expect((await request('DELETE', `/customers/${closed}`, { as: 'admin' })).status).toBe(200);
    await expect.poll(async () => (await request('POST', `/customers/${host}/guests`, { body: { guestId: closed } })).body, {
      timeout: 10_000,
    }).toMatchObject({ status: 409, code: 'guest-account-closed' });
  });

  it('moves gifted points from host to guest exactly once, and refuses gifts to strangers', async () => {
    const host = await silverHost();
    const guest = uniqueId('guest');
    await request('POST', `/customers/${host}/guests`, { body: { guestId: guest } });
    const key = uniqueId('gift');
    const gift = () =>
      request('POST', `/customers/${host}/gifts`, { body: { guestId: guest, points: 200 }, headers: { 'idempotency-key': key } });
    const [first, second] = await Promise.all([gift(), gift()]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect((await request('GET', `/customers/${host}`)).body.points).toBe(800);
    expect((await request('GET', `/customers/${guest}`)).body.points).toBe(700);

    const stranger = await enrol('stranger');
    const refused = await request('POST', `/customers/${host}/gifts`, { body: { guestId: stranger, points: 10 } });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'not-your-guest' });
  });
});

describe('rewards, status, ledger and closing', () => {
  it('refuses a locked reward with 422 and records an unlocked one in the ledger', async () => {
    const customerId = await enrol();
    const catalogue = await request('GET', '/rewards');
    expect(catalogue.status).toBe(200);
    const locked = await request('POST', `/customers/${customerId}/redemptions`, { body: { rewardId: 'free-shipping' } });
    expect(locked.status).toBe(422);
    expect(locked.body).toMatchObject({ code: 'reward-locked' });
    await addPoints(customerId, 500);
    const used = await request('POST', `/customers/${customerId}/redemptions`, { body: { rewardId: 'free-shipping' } });
    expect(used.status).toBe(201);
    const ledger = await request('GET', `/customers/${customerId}/transactions`);
    expect(ledger.body.entries[0]).toMatchObject({ kind: 'rewardUsed', delta: 0, rewardId: 'free-shipping' });
  });

  it('raises the tier for an admin and refuses the storefront', async () => {
    const customerId = await enrol();
    expect((await request('PUT', `/customers/${customerId}/status`, { body: { tier: 3 } })).status).toBe(403);
    const raised = await request('PUT', `/customers/${customerId}/status`, { body: { tier: 3 }, as: 'admin' });
    expect(raised.status).toBe(200);
    expect(raised.body).toMatchObject({ points: 2000, tier: { name: 'Gold' } });
  });

  it('closes an account: final state answered and still readable, no more points, no re-enrolment', async () => {
    const customerId = await enrol();
    await addPoints(customerId, 120);
    const closed = await request('DELETE', `/customers/${customerId}`, { as: 'admin' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ accountActive: false, points: 120 });
    await expect.poll(async () => (await system.harness.handleFor(customerId).describe()).status.name, { timeout: 10_000 }).toBe(
      'COMPLETED',
    );
    expect((await request('GET', `/customers/${customerId}`)).body).toMatchObject({ accountActive: false, points: 120 });
    const more = await addPoints(customerId, 10);
    expect(more.status).toBe(409);
    expect(more.body).toMatchObject({ code: 'account-closed' });
    const again = await request('POST', '/customers', { body: { customerId, name: 'Again' } });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'account-closed' });
  });

  it('lists customers by tier through Temporal visibility', async () => {
    const customerId = await enrol('listed');
    await addPoints(customerId, 2000);
    await expect
      .poll(
        async () => {
          const page = await request('GET', '/customers?tier=Gold&active=true&pageSize=100', { as: 'admin' });
          return (page.body.customers as { customerId: string }[]).map((customer) => customer.customerId);
        },
        { timeout: 15_000 },
      )
      .toContain(customerId);
    expect((await request('GET', '/customers?pageToken=not-a-token', { as: 'admin' })).status).toBe(400);
  });
});

describe('profiles', () => {
  it('changes name and email like every command; reads and listings show the new name, in the next runs too', async () => {
    // Started without the gateway (no memo at all), and continued-as-new every few batches.
    const handle = await system.harness.startCustomer({ continueAsNewAfterEvents: 30 });
    const { customerId } = handle;
    const firstRunId = (await handle.describe()).runId;
    const patch = (body: unknown, key: string) => request('PATCH', `/customers/${customerId}`, { body, headers: { 'idempotency-key': key } });

    const changed = await patch({ name: 'Ada Byron', email: 'ada@byron.example' }, 'profile-1');
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ customerId, name: 'Ada Byron', email: 'ada@byron.example' });
    expect((await patch({ name: 'Ada Byron', email: 'ada@byron.example' }, 'profile-1')).body).toEqual(changed.body);
    expect((await patch({ name: 'Someone Else' }, 'profile-1')).body).toMatchObject({ code: 'idempotency-key-reused' });
    expect((await patch({}, 'profile-2')).status).toBe(400);
    expect((await patch({ email: 'not an address' }, 'profile-3')).status).toBe(400);

    for (let index = 0; index < 12; index += 1) expect((await addPoints(customerId, 500)).status).toBe(200);
    await expect.poll(async () => (await handle.describe()).runId, { timeout: 15_000 }).not.toBe(firstRunId);
    expect((await request('GET', `/customers/${customerId}`)).body).toMatchObject({ name: 'Ada Byron', email: 'ada@byron.example', tier: { name: 'Platinum' } });
    await expect
      .poll(
        async () => {
          const page = await request('GET', '/customers?tier=Platinum&pageSize=100', { as: 'admin' });
          return (page.body.customers as { customerId: string; name?: string }[]).find((customer) => customer.customerId === customerId);
        },
        { timeout: 15_000 },
      )
      .toEqual({ customerId, name: 'Ada Byron', tier: 'Platinum', accountActive: true });
  });
});

describe('health', () => {
  it('is alive and ready while Temporal and a worker answer', async () => {
    expect((await request('GET', '/healthz', { as: 'none' })).status).toBe(200);
    expect((await request('GET', '/readyz', { as: 'none' })).status).toBe(200);
  });
});
