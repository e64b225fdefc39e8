// Expiring points through HTTP: an API configured with a policy enrols accounts with it, and
// when their time has passed (time-skipped) the customer and the ledger show what expired. Real HTTP server, real
// worker, Temporal's time-skipping test server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingNotifier, uniqueId } from '#test-support/loyalty-harness.js';
import { startTimeSkippingHarness, type TimeSkippingHarness } from '#test-support/time-skipping.js';
import { startApi } from '../support/system.js';

const DAY_MS = 24 * 60 * 60 * 1000;

let harness: TimeSkippingHarness;
let api: Awaited<ReturnType<typeof startApi>>;

beforeAll(async () => {
  harness = await startTimeSkippingHarness(recordingNotifier());
  api = await startApi({ client: harness.env.client, taskQueue: harness.taskQueue, pointsExpiry: { afterDays: 90, warningDays: 10 } });
}, 120_000);

afterAll(async () => {
  await api?.close();
  await harness?.close();
});

describe('an API with an expiry policy', () => {
  it('shows the points expiring next, and after their time an expiry entry that keeps the ledger adding up', async () => {
    const customerId = uniqueId('c');
    const created = await api.request('POST', '/customers', { body: { customerId, name: 'Ada' } });
    expect(created.status).toBe(201);
    expect(created.body.pointsExpiring).toBeUndefined(); // nothing to expire yet
    const first = await api.request('POST', `/customers/${customerId}/points`, { body: { points: 200 }, headers: { 'idempotency-key': 'earn-0' } });
    expect(first.status).toBe(200);
    const openedAt = Date.parse(first.body.entry.at);
    expect(first.body.customer?.pointsExpiring ?? (await api.request('GET', `/customers/${customerId}`)).body.pointsExpiring).toEqual({
      points: 200,
      at: new Date(openedAt + 90 * DAY_MS).toISOString(),
    });

    // The gateway dates commands by its own clock, which the test server does not move: these
    // earnings fall on the same day as the first, and join its lot.
    const earned = await api.request('POST', `/customers/${customerId}/points`, { body: { points: 50 }, headers: { 'idempotency-key': 'earn-1' } });
    expect(earned.status).toBe(200);
    const spent = await api.request('POST', `/customers/${customerId}/points`, { body: { points: -120 }, as: 'admin' });
    expect(spent.status).toBe(200);
    const read = await api.request('GET', `/customers/${customerId}`);
    expect(read.body).toMatchObject({ points: 130, pointsExpiring: { points: 130 } });
    expect(Date.parse(read.body.pointsExpiring.at)).toBeGreaterThanOrEqual(openedAt + 90 * DAY_MS);

    await harness.env.sleep(91 * DAY_MS);
    const after = await api.request('GET', `/customers/${customerId}`);
    expect(after.body.points).toBe(0);
    expect(after.body.pointsExpiring).toBeUndefined();
    const ledger = await api.request('GET', `/customers/${customerId}/transactions`);
    expect(ledger.status).toBe(200);
    const entries: Array<{ kind: string; delta: number }> = ledger.body.entries;
    expect(entries[0]).toMatchObject({ kind: 'expiry', delta: -130, balanceAfter: 0, at: read.body.pointsExpiring.at });
    expect(ledger.body.balanceBeforeWindow + entries.reduce((sum, entry) => sum + entry.delta, 0)).toBe(after.body.points);
  });
});
