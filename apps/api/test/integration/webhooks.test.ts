// Signed webhooks end to end: a real dev server, a real worker, the real API and a real receiver
// (node:http) that is down at first. Every event must arrive once it is up, each event ID answered
// 2xx once, every signature verifying with standardwebhooks, with both secrets across a rotation.
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_DELIVERY_WORKFLOW_TYPE, webhookDeliveryWorkflowId } from '@loyalty/contracts';
import { startSystem, uniqueId, type LoyaltySystem } from '../support/system.js';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  answered: number;
}

/** A receiver that answers 503 while `down`, and remembers every request and its answer. */
async function startReceiver() {
  const requests: Received[] = [];
  const state = { down: true };
  const server: Server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const answered = state.down ? 503 : 200;
      requests.push({ path: request.url ?? '', headers: request.headers, body, answered });
      response.statusCode = answered;
      response.end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = (path: string) => `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
  return {
    url,
    state,
    requests,
    async close() {
      server.close();
      await once(server, 'close');
    },
  };
}

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

let system: LoyaltySystem;
let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
  system = await startSystem({
    webhooks: {
      retry: { initialIntervalMs: 200, maximumIntervalMs: 1_000, giveUpAfterMs: 120_000, attemptTimeoutMs: 2_000 },
      endpointsCacheMs: 200,
    },
  });
});
afterAll(async () => {
  await system?.close();
  await receiver?.close();
});

const admin = { as: 'admin' as const };

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await sleep(250);
  }
}

describe('signed webhooks', () => {
  it('delivers every event once per ID after the receiver comes back, signed with both secrets across a rotation', async () => {
    // Two endpoints on one receiver, told apart by their paths: all events, and closings only.
    const all = await system.request('POST', '/webhooks/endpoints', {
      ...admin,
      body: { url: receiver.url('/all'), events: ['points.changed', 'tier.changed', 'guest.joined', 'gift.received', 'points.expiring', 'account.closed'] },
    });
    expect(all.status, JSON.stringify(all.body)).toBe(201);
    const closings = await system.request('POST', '/webhooks/endpoints', { ...admin, body: { url: receiver.url('/closings'), events: ['account.closed'] } });
    expect(closings.status).toBe(201);
    const firstSecret: string = all.body.secret;
    const endpointId: string = all.body.endpoint.endpointId;

    const host = uniqueId('host');
    const guest = uniqueId('guest');
    expect((await system.request('POST', '/customers', { body: { customerId: host, name: 'Hook Host' } })).status).toBe(201);
    expect((await system.request('POST', `/customers/${host}/points`, { body: { points: 600 } })).status).toBe(200);
    expect((await system.request('POST', `/customers/${host}/guests`, { body: { guestId: guest } })).status).toBe(201);
    expect((await system.request('POST', `/customers/${host}/gifts`, { body: { guestId: guest, points: 100 } })).status).toBe(200);
    expect((await system.request('DELETE', `/customers/${host}`, admin)).status).toBe(200);

    // While the receiver is down the log shows the deliveries being retried, with the receiver's answer.
    const retrying = await eventually(
      () => system.request('GET', `/webhooks/endpoints/${endpointId}/deliveries?pageSize=100`, admin),
      (reply) => reply.body.deliveries?.some((delivery: { attempts?: number }) => (delivery.attempts ?? 0) >= 2),
    );
    expect(retrying.status).toBe(200);
    expect(retrying.body.deliveries).toContainEqual(
      expect.objectContaining({ status: 'retrying', attempts: expect.any(Number), lastError: expect.stringContaining('503') }),
    );
    expect(receiver.requests.filter((request) => request.answered === 200)).toHaveLength(0);

    const rotated = await system.request('POST', `/webhooks/endpoints/${endpointId}/secret-rotations`, admin);
    expect(rotated.status).toBe(201);
    const secondSecret: string = rotated.body.secret;
    expect(secondSecret).not.toBe(firstSecret);
    await sleep(500); // past the worker's short endpoint cache, so retries sign with the new secret too
    receiver.state.down = false;

    // What should arrive, from the accounts themselves: a points.changed per ledger entry, and the rest.
    const ledger = async (customerId: string) =>
      (await system.request('GET', `/customers/${customerId}/transactions?limit=50`)).body.entries as Array<{ id: number }>;
    const expected = [
      ...(await ledger(host)).map((entry) => `${host} points.changed #${entry.id}`),
      ...(await ledger(guest)).map((entry) => `${guest} points.changed #${entry.id}`),
      `${host} tier.changed`,
      `${host} guest.joined`,
      `${host} account.closed`,
      `${guest} gift.received`,
    ].sort();
    expect(expected.filter((line) => line.includes('points.changed'))).toHaveLength(3); // +600, the gift out, the gift in

    const ours = (request: Received) => request.body.includes(host) || request.body.includes(guest);
    const describeEvent = (request: Received) => {
      const { type, data } = JSON.parse(request.body) as { type: string; data: { customerId: string; entryId?: number } };
      return `${data.customerId} ${type}${data.entryId === undefined ? '' : ` #${data.entryId}`}`;
    };
    // Every event to the first endpoint, and the closing to the second.
    await eventually(async () => receiver.requests.filter((request) => request.answered === 200 && ours(request)).length, (count) => count >= expected.length + 1);
    await sleep(1_000); // anything doubled would arrive now

    const deliveredOk = receiver.requests.filter((request) => request.answered === 200 && ours(request));
    const byPath = (path: string) => deliveredOk.filter((request) => request.path === path);
    const allDeliveries = byPath('/all');
    expect(allDeliveries.map(describeEvent).sort()).toEqual(expected);
    expect(byPath('/closings').map(describeEvent)).toEqual([`${host} account.closed`]);

    // Each event ID answered 2xx once per endpoint.
    const ids = allDeliveries.map((request) => request.headers['webhook-id']);
    expect(new Set(ids).size).toBe(ids.length);
    // The same ID every time it was tried: every failed attempt of an event carried one of these IDs.
    const triedIds = new Set(receiver.requests.filter((request) => ours(request) && request.path === '/all').map((r) => r.headers['webhook-id']));
    expect([...triedIds].sort()).toEqual([...ids].sort());

    // Delivered after the rotation, within the grace period: both secrets verify every delivery.
    for (const request of allDeliveries) {
      const headers = request.headers as Record<string, string>;
      expect(String(headers['webhook-signature']).split(' ')).toHaveLength(2);
      for (const secret of [firstSecret, secondSecret]) {
        const payload = new Webhook(secret).verify(request.body, headers) as { type: string; timestamp: string; data: unknown };
        expect(payload).toMatchObject({ type: expect.any(String), timestamp: expect.any(String), data: expect.any(Object) });
      }
    }

    // The log ends with every delivery delivered, the retried ones after more than one attempt.
    const log = await eventually(
      () => system.request('GET', `/webhooks/endpoints/${endpointId}/deliveries?pageSize=100`, admin),
      (reply) =>
        reply.body.deliveries.filter((delivery: { eventId: string; status: string }) => ids.includes(delivery.eventId) && delivery.status === 'delivered').length ===
        ids.length,
    );
    const ourLog = log.body.deliveries.filter((delivery: { eventId: string }) => ids.includes(delivery.eventId));
    expect(ourLog).toHaveLength(ids.length);
    for (const delivery of ourLog) expect(delivery).toMatchObject({ status: 'delivered', responseStatus: 200, attempts: expect.any(Number) });
    expect(Math.max(...ourLog.map((delivery: { attempts: number }) => delivery.attempts))).toBeGreaterThan(1);
  });

  it('answers an unknown endpoint with a 404 problem, a forged page token with a 400, and forgets a deleted endpoint', async () => {
    const unknown = await system.request('GET', '/webhooks/endpoints/ep_nobody/deliveries', admin);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'webhook-endpoint-not-found' });
    const created = await system.request('POST', '/webhooks/endpoints', { ...admin, body: { url: receiver.url('/gone'), events: ['tier.changed'] } });
    const { endpointId } = created.body.endpoint;
    const forged = await system.request('GET', `/webhooks/endpoints/${endpointId}/deliveries?pageToken=not-a-token`, admin);
    expect(forged.status).toBe(400);
    expect(forged.body).toMatchObject({ code: 'invalid-page-token' });
    const changed = await system.request('PATCH', `/webhooks/endpoints/${endpointId}`, { ...admin, body: { events: ['tier.changed', 'account.closed'] } });
    expect(changed.body).toMatchObject({ endpointId, events: ['tier.changed', 'account.closed'] });
    expect((await system.request('DELETE', `/webhooks/endpoints/${endpointId}`, admin)).status).toBe(204);
    expect((await system.request('GET', `/webhooks/endpoints/${endpointId}`, admin)).status).toBe(404);
    expect((await system.request('DELETE', `/webhooks/endpoints/${endpointId}`, admin)).status).toBe(404);
    const listed = await system.request('GET', '/webhooks/endpoints', admin);
    expect(listed.body.endpoints.map((endpoint: { endpointId: string }) => endpoint.endpointId)).not.toContain(endpointId);
  });

  it('gives a delivery up once its retries run out, and the log says why', async () => {
    const created = await system.request('POST', '/webhooks/endpoints', { ...admin, body: { url: 'http://127.0.0.1:1/nobody-listens', events: ['account.closed'] } });
    const { endpointId } = created.body.endpoint;
    const event = { id: `${uniqueId('c')}/notification-1`, type: 'account.closed' as const, timestamp: new Date().toISOString(), data: {} };
    // As the fan-out starts it, with retries that run out in two seconds.
    const delivery = await system.harness.client.workflow.start(WEBHOOK_DELIVERY_WORKFLOW_TYPE, {
      workflowId: webhookDeliveryWorkflowId(endpointId, event.id),
      taskQueue: system.harness.taskQueue,
      args: [{ endpointId, event, retry: { initialIntervalMs: 200, maximumIntervalMs: 500, giveUpAfterMs: 2_000, attemptTimeoutMs: 500 } }],
      memo: { eventId: event.id, eventType: event.type },
    });
    expect(await delivery.result()).toMatchObject({ status: 'givenUp', lastError: expect.stringContaining('fetch failed') });
    const log = await eventually(
      () => system.request('GET', `/webhooks/endpoints/${endpointId}/deliveries`, admin),
      (reply) => reply.body.deliveries?.[0]?.status === 'givenUp',
    );
    expect(log.body.deliveries).toEqual([
      expect.objectContaining({ eventId: event.id, eventType: 'account.closed', status: 'givenUp', lastError: expect.stringMatching(/Attempt \d+: fetch failed/) }),
    ]);
  });
});
