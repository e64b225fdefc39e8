// The production shape over HTTP, as openapi.yaml documents it: two API processes and two
// workers, compiled, as separate processes, on Temporal with PostgreSQL (test/system/global-setup.ts).
// Every request goes to one of the two APIs; what one API wrote, the other reads.
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import proto from '@temporalio/proto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, inject, it } from 'vitest';
import { SYSTEM_ADMIN_KEY, SYSTEM_STOREFRONT_KEY } from './global-setup.js';

const [apiA, apiB] = inject('systemApiUrls') as [string, string];
const run = randomUUID().slice(0, 8); // customer IDs of this run only

interface Reply {
  status: number;
  headers: Headers;
  body: any;
}

async function call(
  api: string,
  method: string,
  path: string,
  options: { body?: unknown; as?: 'admin' | 'storefront'; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const key = options.as === 'admin' ? SYSTEM_ADMIN_KEY : SYSTEM_STOREFRONT_KEY;
  const response = await fetch(`${api}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

const customerId = (label: string) => `sys-${run}-${label}`;

async function enrol(api: string, id: string): Promise<void> {
  const reply = await call(api, 'POST', '/customers', { body: { customerId: id, name: `Customer ${id}` } });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
}

async function addPoints(api: string, id: string, points: number, key: string): Promise<Reply> {
  return call(api, 'POST', `/customers/${id}/points`, { body: { points }, headers: { 'idempotency-key': key } });
}

/** Every page of a listing, following nextPageToken. */
async function listAll(api: string, query: string): Promise<{ customerId: string; tier: string; accountActive: boolean }[]> {
  const found = [];
  let pageToken: string | undefined;
  do {
    const token = pageToken ? `&pageToken=${encodeURIComponent(pageToken)}` : '';
    const reply = await call(api, 'GET', `/customers?${query}&pageSize=2${token}`, { as: 'admin' });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    found.push(...reply.body.customers);
    pageToken = reply.body.nextPageToken;
  } while (pageToken);
  return found;
}

describe('the production shape: 2 APIs and 2 workers from dist/ on Temporal with PostgreSQL', () => {
  it('answers ready on both API processes, with both workers polling the task queue', async () => {
    for (const api of [apiA, apiB]) {
      expect((await fetch(`${api}/readyz`)).status).toBe(200);
      expect((await fetch(`${api}/healthz`)).status).toBe(200);
    }
    const connection = await Connection.connect({ address: inject('systemTemporalAddress') });
    try {
      const pollers = await connection.workflowService.describeTaskQueue({
        namespace: 'default',
        taskQueue: { name: 'CustomerLoyaltyTaskQueue' },
        taskQueueType: proto.temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
      });
      // Each worker process has its own identity (pid@host).
      const identities = new Set((pollers.pollers ?? []).map((poller) => poller.identity));
      expect(identities.size).toBeGreaterThanOrEqual(2);
    } finally {
      await connection.close();
    }
  });

  it('enrols through one API and reads the same account through the other', async () => {
    const id = customerId('read');
    await enrol(apiA, id);
    const read = await call(apiB, 'GET', `/customers/${id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ customerId: id, points: 0, accountActive: true, tier: { name: 'Member' } });
    expect((await call(apiB, 'POST', '/customers', { body: { customerId: id, name: 'again' } })).status).toBe(409);
  });

  it('applies a command once when its retry reaches the other API process', async () => {
    const id = customerId('retry');
    await enrol(apiA, id);
    const first = await addPoints(apiA, id, 700, 'order-1');
    expect(first.status).toBe(200);
    const retry = await addPoints(apiB, id, 700, 'order-1');
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expect((await call(apiB, 'GET', `/customers/${id}`)).body).toMatchObject({ points: 700, tier: { name: 'Bronze' } });
    const outcome = await call(apiB, 'GET', `/customers/${id}/commands/order-1`);
    expect(outcome.body).toMatchObject({ status: 'applied', result: { entry: { delta: 700, balanceAfter: 700 } } });
    const reused = await call(apiA, 'POST', `/customers/${id}/points`, { body: { points: 1 }, headers: { 'idempotency-key': 'order-1' } });
    expect(reused.status).toBe(422);
    expect(reused.body).toMatchObject({ code: 'idempotency-key-reused' });
  });

  it('accepts a command asynchronously on one API and answers its outcome on the other', async () => {
    const id = customerId('async');
    await enrol(apiB, id);
    const accepted = await call(apiA, 'POST', `/customers/${id}/points`, {
      body: { points: 30 },
      headers: { 'idempotency-key': 'async-1', prefer: 'respond-async' },
    });
    expect(accepted.status).toBe(202);
    expect(accepted.headers.get('location')).toMatch(new RegExp(`^/customers/${id}/commands/async-1\\?fingerprint=`));
    await expect
      .poll(async () => (await call(apiB, 'GET', accepted.headers.get('location')!)).body?.status, { timeout: 20_000 })
      .toBe('applied');
  });

  it('invites a guest and gifts points across actors, each credited exactly once', async () => {
    const host = customerId('host');
    const guest = customerId('guest');
    await enrol(apiA, host);
    expect((await addPoints(apiA, host, 2_500, 'host-earn')).status).toBe(200); // Gold
    const invited = await call(apiB, 'POST', `/customers/${host}/guests`, { body: { guestId: guest }, headers: { 'idempotency-key': 'invite-1' } });
    expect(invited.status, JSON.stringify(invited.body)).toBe(201);
    // The guest is raised to the tier below the host's (Gold): Silver, with its minimum points.
    await expect.poll(async () => (await call(apiA, 'GET', `/customers/${guest}`)).body?.tier?.name, { timeout: 20_000 }).toBe('Silver');
    const before = (await call(apiA, 'GET', `/customers/${guest}`)).body.points as number;
    const gift = { body: { guestId: guest, points: 100 }, headers: { 'idempotency-key': 'gift-1' } };
    expect((await call(apiA, 'POST', `/customers/${host}/gifts`, gift)).status).toBe(200);
    expect((await call(apiB, 'POST', `/customers/${host}/gifts`, gift)).status).toBe(200); // the client's retry
    expect((await call(apiB, 'GET', `/customers/${host}`)).body.points).toBe(2_400);
    // The gift is delivered by an activity: it lands on the guest a moment later, once.
    await expect.poll(async () => (await call(apiA, 'GET', `/customers/${guest}`)).body.points, { timeout: 20_000 }).toBe(before + 100);
    const ledger = await call(apiB, 'GET', `/customers/${guest}/transactions?limit=10`);
    expect(ledger.body.entries.filter((entry: { kind: string }) => entry.kind === 'giftReceived')).toHaveLength(1);
  });

  it('lists and filters accounts through PostgreSQL visibility, page by page, on either API', async () => {
    const gold = [customerId('list-gold-1'), customerId('list-gold-2'), customerId('list-gold-3')];
    const closed = customerId('list-closed');
    for (const [index, id] of [...gold, closed].entries()) {
      const api = index % 2 ? apiB : apiA;
      await enrol(api, id);
      expect((await addPoints(api, id, 2_000, `earn-${id}`)).status).toBe(200);
    }
    expect((await call(apiB, 'DELETE', `/customers/${closed}`, { as: 'admin' })).status).toBe(200);

    const ours = (customers: { customerId: string }[]) =>
      customers.map((customer) => customer.customerId).filter((id) => id.startsWith(`sys-${run}-list-`)).sort();
    // Visibility is eventually consistent: poll until the upserts have reached PostgreSQL.
    await expect.poll(async () => ours(await listAll(apiA, 'tier=Gold&active=true')), { timeout: 30_000 }).toEqual(gold);
    await expect.poll(async () => ours(await listAll(apiB, 'tier=Gold&active=false')), { timeout: 30_000 }).toEqual([closed]);
    // The closed account's workflow may still be finishing (its farewell going out) and its row
    // changes then, so a listing taken meanwhile may see it on two pages: poll this one too.
    await expect.poll(async () => ours(await listAll(apiB, 'tier=Gold')), { timeout: 30_000 }).toEqual([...gold, closed].sort());
    const all = await listAll(apiB, 'tier=Gold');
    expect(all.find((customer) => customer.customerId === closed)).toMatchObject({ tier: 'Gold', accountActive: false });
  });

  it('shares one hot customer between both APIs and both workers without a 5xx, every point once', async () => {
    const id = customerId('hot');
    await enrol(apiA, id);
    const commands = 400;
    const concurrency = 20; // per API process
    const statuses = new Map<number, number>();
    let next = 0;
    const client = async (api: string) => {
      while (next < commands) {
        const n = next++;
        const reply = await addPoints(api, id, 1, `hot-${n}`);
        statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
        if (reply.status === 202) {
          // Accepted, still running after the synchronous wait: its outcome arrives at Location.
          await expect.poll(async () => (await call(api, 'GET', `/customers/${id}/commands/hot-${n}`)).body?.status, { timeout: 30_000 }).toBe('applied');
        }
      }
    };
    const started = Date.now();
    await Promise.all([apiA, apiB].flatMap((api) => Array.from({ length: concurrency }, () => client(api))));
    const seconds = (Date.now() - started) / 1000;
    console.log(`hot customer: ${commands} commands through 2 APIs in ${seconds.toFixed(1)} s (${Math.round(commands / seconds)}/s); statuses ${JSON.stringify(Object.fromEntries(statuses))}`);

    const serverErrors = [...statuses].filter(([status]) => status >= 500);
    expect(serverErrors).toEqual([]);
    expect([...statuses.keys()].every((status) => status === 200 || status === 202)).toBe(true);
    expect((await call(apiB, 'GET', `/customers/${id}`)).body.points).toBe(commands);
    // Each key's entry is in the ledger once: none lost, none doubled.
    const entries: { delta: number; idempotencyKey?: string; kind: string }[] = [];
    let page = await call(apiA, 'GET', `/customers/${id}/transactions?limit=100`);
    const balanceBeforeWindow = page.body.balanceBeforeWindow as number;
    for (;;) {
      entries.push(...page.body.entries);
      if (page.body.nextBeforeId === undefined) break;
      page = await call(apiA, 'GET', `/customers/${id}/transactions?limit=100&beforeId=${page.body.nextBeforeId}`);
    }
    expect(balanceBeforeWindow + entries.reduce((sum, entry) => sum + entry.delta, 0)).toBe(commands);
    const keys = entries.filter((entry) => entry.kind === 'points').map((entry) => entry.idempotencyKey);
    expect(new Set(keys).size).toBe(keys.length);
    // The actor keeps the latest 200 entries: all of them are this burst's, each key once.
    expect(keys.length).toBe(Math.min(commands, 200));
  });

  it('delivers signed webhooks from the workers and reads the delivery log from PostgreSQL visibility', async () => {
    // A receiver in this process; the workers (separate processes) post to it.
    const received: { headers: Record<string, string>; body: string }[] = [];
    const receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received.push({ headers: request.headers as Record<string, string>, body });
        response.statusCode = 204;
        response.end();
      });
    });
    receiver.listen(0, '127.0.0.1');
    await once(receiver, 'listening');
    try {
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
      const registered = await call(apiA, 'POST', '/webhooks/endpoints', { as: 'admin', body: { url, events: ['points.changed'] } });
      expect(registered.status, JSON.stringify(registered.body)).toBe(201);
      const { secret } = registered.body as { secret: string };
      const { endpointId } = registered.body.endpoint as { endpointId: string };
      // Each worker reads the endpoints at most once a second: events from now on reach this one.
      await sleep(1_500);

      const id = customerId('hooked');
      await enrol(apiB, id);
      expect((await addPoints(apiA, id, 75, `hook-${run}`)).status).toBe(200);
      await expect.poll(() => received.filter((delivery) => delivery.body.includes(id)).length, { timeout: 30_000 }).toBeGreaterThan(0);
      const delivery = received.find((candidate) => candidate.body.includes(id))!;
      const event = new Webhook(secret).verify(delivery.body, delivery.headers) as { type: string; data: { customerId: string; delta: number } };
      expect(event).toMatchObject({ type: 'points.changed', data: { customerId: id, delta: 75 } });

      // The log is read through the other API, from visibility on PostgreSQL.
      await expect
        .poll(async () => {
          const log = await call(apiB, 'GET', `/webhooks/endpoints/${endpointId}/deliveries?pageSize=50`, { as: 'admin' });
          expect(log.status, JSON.stringify(log.body)).toBe(200);
          return log.body.deliveries.find((entry: { eventId: string }) => entry.eventId === delivery.headers['webhook-id'])?.status;
        }, { timeout: 30_000 })
        .toBe('delivered');
      expect((await call(apiA, 'DELETE', `/webhooks/endpoints/${endpointId}`, { as: 'admin' })).status).toBe(204);
    } finally {
      receiver.close();
    }
  });
});
