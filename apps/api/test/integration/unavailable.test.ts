// When Temporal or the worker does not answer, the gateway says so quickly — 503 with
// Retry-After within a few seconds — instead of hanging or answering 500.
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, temporalAddress, unreachableTemporal, uniqueId, type HttpClient } from '../support/system.js';

/** The deadlines are 3 s for reads and 5 s for a command (then a 1 s look at Temporal), which the client's retries keep; allow for a busy machine. */
const FEW_SECONDS_MS = 9_000;

async function timed<T>(call: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = Date.now();
  const result = await call();
  return { result, ms: Date.now() - started };
}

function expectUnavailable(reply: { status: number; headers: Headers; body: any }, ms: number) {
  expect(reply.status).toBe(503);
  expect(Number(reply.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(reply.body).toMatchObject({ status: 503, code: 'temporal-unavailable' });
  expect(ms).toBeLessThan(FEW_SECONDS_MS);
}

describe('with Temporal unreachable', () => {
  let api: HttpClient & { close(): Promise<void> };
  let temporal: Awaited<ReturnType<typeof unreachableTemporal>>;
  beforeAll(async () => {
    temporal = await unreachableTemporal();
    api = await startApi({ client: temporal.client, taskQueue: 'nobody-polls-this' });
  });
  afterAll(async () => {
    await api?.close();
    await temporal?.close();
  });

  it('answers reads, commands, enrolment and readiness with a quick 503', async () => {
    const customerId = uniqueId('c');
    for (const [method, path, body] of [
      ['GET', `/customers/${customerId}`, undefined],
      ['POST', `/customers/${customerId}/points`, { points: 5 }],
      ['POST', '/customers', { customerId, name: 'Ada' }],
      ['GET', '/readyz', undefined],
    ] as const) {
      const { result, ms } = await timed(() => api.request(method, path, { body }));
      expectUnavailable(result, ms);
    }
    expect((await api.request('GET', '/healthz', { as: 'none' })).status).toBe(200);
  });
});

describe('with no worker polling the task queue', () => {
  let api: HttpClient & { close(): Promise<void> };
  let connection: Connection;
  beforeAll(async () => {
    connection = await Connection.connect({ address: temporalAddress() });
    api = await startApi({ client: new Client({ connection }), taskQueue: `unpolled-${randomUUID()}` });
  });
  afterAll(async () => {
    await api?.close();
    await connection?.close();
  });

  it('is not ready; a command waits no longer than its deadline and answers 202, since a worker may take it later', async () => {
    const { result: ready, ms } = await timed(() => api.request('GET', '/readyz', { as: 'none' }));
    expectUnavailable(ready, ms);

    const customerId = uniqueId('c');
    const enrolled = await api.request('POST', '/customers', { body: { customerId, name: 'Ada' } });
    expect(enrolled.status).toBe(201);
    expect(enrolled.body).toMatchObject({ customerId, points: 0, accountActive: true });

    const { result: command, ms: commandMs } = await timed(() =>
      api.request('POST', `/customers/${customerId}/points`, { body: { points: 5 }, headers: { 'idempotency-key': 'k1' } }),
    );
    // Not a "retry later": Temporal holds the command, and a worker that comes takes it once.
    expect(command.status).toBe(202);
    expect(command.headers.get('location')).toMatch(new RegExp(`^/customers/${customerId}/commands/k1\\?fingerprint=`));
    expect(commandMs).toBeLessThan(FEW_SECONDS_MS);
    const { result: read, ms: readMs } = await timed(() => api.request('GET', `/customers/${customerId}`));
    expectUnavailable(read, readMs);
  });
});
