// Expiring points on Temporal's time-skipping test server: a year passes in seconds, with the
// real worker and the actor's one timer for the next expiry.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  WORKFLOW_TYPE,
  getLedgerQuery,
  executeCommandsUpdate,
  getStatusQuery,
  submitCommandsSignal,
  workflowIdFor,
  type Command,
  type CustomerLoyaltyInput,
  type PointsExpiryPolicy,
} from '@loyalty/contracts';
import { recordingNotifier, uniqueId } from '#test-support/loyalty-harness.js';
import { sleepWhenIdle, startTimeSkippingHarness, type TimeSkippingHarness } from '#test-support/time-skipping.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const POLICY: PointsExpiryPolicy = { afterDays: 365, warningDays: 30 };

let harness: TimeSkippingHarness;
let env: TestWorkflowEnvironment;
let taskQueue: string;
const notifier = recordingNotifier();

beforeAll(async () => {
  harness = await startTimeSkippingHarness(notifier);
  ({ env, taskQueue } = harness);
}, 120_000);

afterAll(async () => {
  await harness?.close();
});

async function start(input: Partial<CustomerLoyaltyInput>) {
  const customerId = uniqueId('c');
  const handle = await env.client.workflow.start(WORKFLOW_TYPE, {
    workflowId: workflowIdFor(customerId),
    taskQueue,
    args: [{ customerId, name: `Customer ${customerId}`, ...input } satisfies CustomerLoyaltyInput],
  });
  return Object.assign(handle, { customerId });
}

const expiringNotices = (customerId: string) =>
  notifier.sent.filter((notification) => notification.customerId === customerId && notification.kind === 'pointsExpiring');

describe('a year of expiring points, time-skipped', () => {
  it('expires each lot’s unspent points on time, after a warning, across continue-as-new, and the ledger adds up', async () => {
    const customer = await start({ points: 300, pointsExpiry: POLICY, continueAsNewAfterEvents: 25 });
    const firstRunId = (await customer.describe()).runId;
    const enrolledAt = await env.currentTimeMs();
    // A model of the rule beside the actor: lots by earning time, spending from the oldest.
    const model: Array<{ earnedAt: number; points: number }> = [{ earnedAt: enrolledAt, points: 300 }];
    const spend = (points: number) => {
      let left = points;
      while (left > 0) {
        const taken = Math.min(model[0]!.points, left);
        model[0]!.points -= taken;
        left -= taken;
        if (model[0]!.points === 0) model.shift();
      }
    };

    for (let month = 1; month <= 11; month += 1) {
      await sleepWhenIdle(env, [customer], 30 * DAY_MS);
      const points = 100 * month;
      const result = await customer.executeUpdate(executeCommandsUpdate, {
        args: [{ commands: [{ idempotencyKey: `earn-${month}`, command: { type: 'addPoints', points, reason: `month ${month}` } }] }],
      });
      const entry = result.outcomes[0]?.status === 'applied' ? result.outcomes[0].result.entry : undefined;
      model.push({ earnedAt: Date.parse(entry!.at), points });
      if (month % 3 === 0) {
        // Spending by signal, the asynchronous path.
        await customer.signal(submitCommandsSignal, { commands: [{ command: { type: 'addPoints', points: -250 } satisfies Command }] });
        spend(250);
      }
    }
    await sleepWhenIdle(env, [customer], DAY_MS);
    const midYear = await customer.query(getStatusQuery);
    expect(midYear.points).toBe(model.reduce((sum, lot) => sum + lot.points, 0));
    expect(midYear.pointsExpiring).toEqual({ points: model[0]!.points, at: new Date(model[0]!.earnedAt + 365 * DAY_MS).toISOString() });
    // The first lot's warning, 30 days before it expires, and nothing expired yet.
    expect(expiringNotices(customer.customerId)).toEqual([]);
    await sleepWhenIdle(env, [customer], model[0]!.earnedAt + 336 * DAY_MS - (await env.currentTimeMs()));
    // Sent by an activity: the server's clock may have moved on before the worker ran it.
    await vi.waitFor(() =>
      expect(expiringNotices(customer.customerId).map((notice) => notice.details?.expiring)).toEqual([
        { points: model[0]!.points, at: new Date(model[0]!.earnedAt + 365 * DAY_MS).toISOString() },
      ]),
    );
    const early = await customer.query(getLedgerQuery, { limit: 200 });
    expect(early.entries.filter((entry) => entry.kind === 'expiry')).toEqual([]);

    // The rest of the year and more: every lot expires.
    await sleepWhenIdle(env, [customer], model.at(-1)!.earnedAt + 366 * DAY_MS - (await env.currentTimeMs()));
    const after = await customer.query(getStatusQuery);
    expect(after.points).toBe(0);
    expect(after.pointsExpiring).toBeUndefined();
    const ledger = await customer.query(getLedgerQuery, { limit: 200 });
    const entries = [...ledger.entries].reverse();
    expect(ledger.balanceBeforeWindow + entries.reduce((sum, entry) => sum + entry.delta, 0)).toBe(after.points);
    // One expiry per lot, of exactly what was left of it, when its 365 days were up.
    const expiries = entries.filter((entry) => entry.kind === 'expiry');
    expect(expiries.map((entry) => [entry.delta, entry.at])).toEqual(
      model.map((lot) => [-lot.points, new Date(lot.earnedAt + 365 * DAY_MS).toISOString()]),
    );
    // Warned of each lot, with what was left of it (the first one above, before anything expired).
    await vi.waitFor(() =>
      expect(expiringNotices(customer.customerId).map((notice) => notice.details?.expiring)).toEqual(
        model.map((lot) => ({ points: lot.points, at: new Date(lot.earnedAt + 365 * DAY_MS).toISOString() })),
      ),
    );
    // The account continued-as-new along the way, and the lots went with it.
    expect((await customer.describe()).runId).not.toBe(firstRunId);
  });

  it('gives a guest invited by the account the same policy, so the guest’s points expire too', async () => {
    const host = await start({ points: 2000, pointsExpiry: POLICY });
    const guestId = uniqueId('guest');
    const invited = await host.executeUpdate(executeCommandsUpdate, { args: [{ commands: [{ command: { type: 'inviteGuest', guestId } }] }] });
    expect(invited.outcomes[0]?.status).toBe('applied');
    const guest = env.client.workflow.getHandle(workflowIdFor(guestId));
    const welcomed = await guest.query(getStatusQuery);
    expect(welcomed.points).toBe(1000); // Silver, the tier below the host's Gold
    expect(welcomed.pointsExpiring?.points).toBe(1000);
    await sleepWhenIdle(env, [host, guest], 366 * DAY_MS);
    expect(await guest.query(getStatusQuery)).toMatchObject({ points: 0, tier: { name: 'Member' } });
    await vi.waitFor(() => expect(notifier.of(guestId)).toEqual(expect.arrayContaining(['pointsExpiring', 'demotion'])));
  });

  it('never expires the points of an account enrolled without a policy, and starts no timer for it', async () => {
    const customer = await start({ points: 700 });
    await customer.signal(submitCommandsSignal, { commands: [{ command: { type: 'addPoints', points: 50 } satisfies Command }] });
    await sleepWhenIdle(env, [customer], 800 * DAY_MS);
    const status = await customer.query(getStatusQuery);
    expect(status.points).toBe(750);
    expect(status.pointsExpiring).toBeUndefined();
    const history = await customer.fetchHistory();
    expect(history.events!.filter((event) => event.timerStartedEventAttributes)).toEqual([]);
  });
});
