// A notifier that always fails must never fail or block the actor (SPEC §4 Notifications).
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { temporal } from '@temporalio/proto';
import { execute, startHarness, status, type LoyaltyHarness } from '#test-support/loyalty-harness.js';

const EventType = temporal.api.enums.v1.EventType;
let attempts = 0;
let harness: LoyaltyHarness;

beforeAll(async () => {
  harness = await startHarness({
    async send() {
      attempts += 1;
      throw new Error('mail server down');
    },
  });
});

afterAll(async () => {
  await harness?.close();
});

it('keeps answering commands while its notifications fail and are retried', async () => {
  const customer = await harness.startCustomer();
  // The welcome and the promotion fail; Temporal retries them (1 s, then 2 s apart).
  const { customer: after } = await execute(customer, { type: 'addPoints', points: 600 });
  expect(after.tier.name).toBe('Bronze');
  await vi.waitFor(() => expect(attempts).toBeGreaterThanOrEqual(4), { timeout: 20_000, interval: 200 });

  // Still answering, with every command applied, while the retries go on.
  const { customer: later } = await execute(customer, { type: 'addPoints', points: 500 }, { type: 'redeemReward', rewardId: 'free-shipping' });
  expect(later).toMatchObject({ points: 1100, tier: { name: 'Silver' } });
  expect(await status(customer)).toEqual(later);

  const description = await customer.describe();
  expect(description.status.name).toBe('RUNNING');
  const history = await customer.fetchHistory();
  const types = (history.events ?? []).map((event) => event.eventType);
  expect(types).not.toContain(EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
  expect(types).not.toContain(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED);
});
