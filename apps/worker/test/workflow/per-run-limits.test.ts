// Temporal's per-run limits, scaled down on a dev server of this file's own so that a test reaches
// them in seconds: an account whose guest never answers keeps taking commands across many runs,
// its carried state stays within its byte budget, and a notifier outage costs nothing.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  CARRIED_STATE_BUDGET_BYTES,
  IDEMPOTENCY_RETENTION,
  MAX_NOTIFICATIONS_IN_FLIGHT,
  addLoyaltyPointsSignal,
  getCommandOutcomeQuery,
  searchAttributes,
} from '@loyalty/contracts';
import { startDevServer, type DevServer } from '../../../../scripts/lib/temporal-dev-server.js';
import type { Notifier } from '../../src/notifiers/notifier.js';
import {
  execute,
  keyed,
  recordingNotifier,
  startHarness,
  status,
  uniqueId,
  type CustomerHandle,
  type LoyaltyHarness,
} from '#test-support/loyalty-harness.js';
import { eventuallyOutcome, pause, retrying, unpause, workflowTaskFailures } from '#test-support/peers.js';

/** Temporal's limits at a fiftieth: the order in which they are met stays that of the real ones. */
const LIMITS = {
  'history.maxTotalUpdates': 40,
  'history.maximumSignalsPerExecution': 200,
  'limit.historyCount.suggestContinueAsNew': 80,
  'limit.historyCount.error': 400,
  'limit.numPendingActivities.error': 8,
};

let server: DevServer;
let harness: LoyaltyHarness;
let downNotifier: LoyaltyHarness;

beforeAll(async () => {
  server = await startDevServer({
    uiPort: false,
    searchAttributes: { ...searchAttributes },
    dynamicConfig: { ...LIMITS, 'frontend.WorkflowPauseEnabled': true },
  });
  harness = await startHarness(recordingNotifier(), { address: server.address });
  const down: Notifier = {
    async send() {
      throw new Error('the webhook is unreachable');
    },
  };
  downNotifier = await startHarness(down, { address: server.address });
}, 120_000);

afterAll(async () => {
  await harness?.close();
  await downNotifier?.close();
  await server?.stop();
});

/**
 * How long a gift may take to settle once its guest is back: the host retries the delivery with
 * backoff up to a minute apart (customer-loyalty.ts), so after a long pause the next try can be a
 * minute away.
 */
const GIFT_SETTLES_WITHIN_MS = 90_000;

/** A host with a guest that never answers (paused), and a points gift pending on it. */
async function hostWithPendingGift(): Promise<{ host: CustomerHandle; guest: CustomerHandle; giftKey: string }> {
  const host = await harness.startCustomer({ points: 2000 });
  const guest = harness.handleFor(uniqueId('guest'));
  const inviteKey = uniqueId('invite');
  await execute(host, keyed(inviteKey, { type: 'inviteGuest', guestId: guest.customerId }));
  await eventuallyOutcome(host, inviteKey, 'applied');
  await pause(harness.client, guest);
  const giftKey = uniqueId('gift');
  const { outcomes } = await execute(host, keyed(giftKey, { type: 'gift', guestId: guest.customerId, points: 100 }));
  expect(outcomes).toEqual([{ status: 'pending' }]);
  return { host, guest, giftKey };
}

async function runsOf(handle: CustomerHandle): Promise<number> {
  const { executions } = await harness.client.workflowService.listWorkflowExecutions({
    namespace: 'default',
    query: `WorkflowId = '${handle.workflowId}'`,
  });
  return executions?.length ?? 0;
}

describe('an account whose guest never answers', () => {
  it('keeps taking updates and signals through many runs past the per-run limits, and settles the gift once at the end (row c)', async () => {
    const { host, guest, giftKey } = await hostWithPendingGift();
    const updates = 3 * LIMITS['history.maxTotalUpdates'];
    const signals = 2 * LIMITS['history.maximumSignalsPerExecution'];
    for (let i = 0; i < updates; i += 1) {
      await retrying(() => execute(host, keyed(`update-${i}`, { type: 'addPoints', points: 1 })));
      if (i % 2 === 0) await retrying(() => host.signal(addLoyaltyPointsSignal, 1));
    }
    for (let i = 0; i < signals - updates / 2; i += 1) await retrying(() => host.signal(addLoyaltyPointsSignal, 1));
    await vi.waitFor(async () => expect((await status(host)).points).toBe(1900 + updates + signals), { timeout: 30_000, interval: 200 });
    expect(await runsOf(host)).toBeGreaterThanOrEqual(4);
    expect((await host.describe()).status.name).toBe('RUNNING');
    expect((await host.query(getCommandOutcomeQuery, { idempotencyKey: giftKey }))?.outcome).toEqual({ status: 'pending' });

    await unpause(harness.client, guest);
    await eventuallyOutcome(host, giftKey, 'applied', GIFT_SETTLES_WITHIN_MS);
    expect((await status(guest)).points).toBe(1000 + 100);
    expect((await status(host)).points).toBe(1900 + updates + signals);
    expect(await workflowTaskFailures(host)).toBe(0);
  }, 180_000);

  it('carries its state within the byte budget while 10,000 keyed commands with 255-character keys arrive (row b)', async () => {
    const { host, guest, giftKey } = await hostWithPendingGift();
    const keyOf = (i: number) => `${String(i).padStart(6, '0')}-`.padEnd(255, 'k');
    const total = 10_000;
    for (let batch = 0; batch < total / 100; batch += 1) {
      // The longest reasons too, in two-byte characters; a gateway-sized fingerprint.
      const commands = Array.from({ length: 100 }, (_, i) => ({
        idempotencyKey: keyOf(batch * 100 + i),
        fingerprint: `fingerprint-${batch * 100 + i}`.padEnd(32, 'f'),
        command: { type: 'addPoints' as const, points: 1, reason: 'é'.repeat(500) },
      }));
      await retrying(() => execute(host, ...commands));
    }
    expect((await status(host)).points).toBe(1900 + total);
    expect(await runsOf(host)).toBeGreaterThan(2);

    // What the latest run started from: the carried state, within its budget. Its first event
    // only: a run of these commands is megabytes of history, past the client's message limit.
    const { history } = await harness.client.workflowService.getWorkflowExecutionHistory({
      namespace: 'default',
      execution: { workflowId: host.workflowId },
      maximumPageSize: 1,
    });
    const carried = history?.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0]?.data?.length ?? 0;
    expect(carried).toBeGreaterThan(0);
    expect(carried).toBeLessThanOrEqual(CARRIED_STATE_BUDGET_BYTES + 1_024);
    // The pending gift is never forgotten; the most recent keys are all remembered.
    expect((await host.query(getCommandOutcomeQuery, { idempotencyKey: giftKey }))?.outcome).toEqual({ status: 'pending' });
    for (const i of [total - 1, total - IDEMPOTENCY_RETENTION.keepAtLeast]) {
      expect((await host.query(getCommandOutcomeQuery, { idempotencyKey: keyOf(i) }))?.outcome.status).toBe('applied');
    }
    await unpause(harness.client, guest);
    // The gift's key is the oldest of 10,001: once the gift settles, retention may forget its
    // record at the next continue-as-new. What must hold is that the guest got it once and the
    // host was not refunded.
    await vi.waitFor(async () => expect((await status(guest)).points).toBe(1000 + 100), { timeout: GIFT_SETTLES_WITHIN_MS, interval: 200 });
    expect((await status(host)).points).toBe(1900 + total);
  }, 180_000);
});

describe('a notifier that is down', () => {
  it('never blocks a command, keeps few sends in flight and stays clear of the pending-activity limit (row e)', async () => {
    const customer = await downNotifier.startCustomer({ points: 0 });
    // Forty promotions and demotions: forty notifications the notifier refuses.
    for (let round = 0; round < 20; round += 1) {
      const { outcomes } = await retrying(() =>
        execute(customer, keyed(`up-${round}`, { type: 'addPoints', points: 500 }), keyed(`down-${round}`, { type: 'addPoints', points: -500 })),
      );
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['applied', 'applied']);
      const pending = (await customer.describe()).raw.pendingActivities ?? [];
      expect(pending.length).toBeLessThanOrEqual(MAX_NOTIFICATIONS_IN_FLIGHT);
    }
    const { outcomes } = await execute(customer, keyed('close', { type: 'cancelAccount' }));
    expect(outcomes[0]).toMatchObject({ status: 'applied' });
    expect(await status(customer)).toMatchObject({ accountActive: false });
    expect(await workflowTaskFailures(customer)).toBe(0);
  });
});
