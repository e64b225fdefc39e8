// The actor on a real Temporal dev server, driven by the wire names of SPEC §2 and by the
// executeCommands update, with a real worker from createLoyaltyWorker.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WorkflowFailedError, WorkflowUpdateFailedError } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import {
  WORKFLOW_TYPE,
  accountActiveSearchAttribute,
  addLoyaltyPointsSignal,
  cancelAccountSignal,
  ensureMinimumStatusSignal,
  getCommandOutcomeQuery,
  getGuestsQuery,
  getLedgerQuery,
  inviteGuestSignal,
  submitCommandsSignal,
  tierSearchAttribute,
  workflowIdFor,
  type Customer,
  type CommandOutcome,
} from '@loyalty/contracts';
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

const notifier = recordingNotifier();
let harness: LoyaltyHarness;

beforeAll(async () => {
  harness = await startHarness(notifier);
});

afterAll(async () => {
  await harness?.close();
});

const startCustomer = (points = 0) => harness.startCustomer({ points });

/** Waits until the customer's status satisfies the expectation (signals are applied asynchronously). */
async function eventuallyStatus(handle: CustomerHandle, expected: Partial<Customer> | Record<string, unknown>): Promise<Customer> {
  return vi.waitFor(
    async () => {
      const customer = await status(handle);
      expect(customer).toMatchObject(expected);
      return customer;
    },
    { timeout: 15_000, interval: 100 },
  );
}

async function eventuallyNotified(customerId: string, kind: string): Promise<void> {
  await vi.waitFor(() => expect(notifier.of(customerId)).toContain(kind), { timeout: 15_000, interval: 100 });
}

/** The single outcome of a one-command update. */
async function outcomeOf(handle: CustomerHandle, ...args: Parameters<typeof execute> extends [unknown, ...infer R] ? R : never): Promise<CommandOutcome> {
  const { outcomes } = await execute(handle, ...args);
  expect(outcomes).toHaveLength(1);
  return outcomes[0]!;
}

/** A host at `points` whose invitation of `guestId` has gone through. */
async function hostWithGuest(points: number, guestId = uniqueId('g')): Promise<{ host: CustomerHandle; guest: CustomerHandle }> {
  const host = await startCustomer(points);
  expect(await outcomeOf(host, { type: 'inviteGuest', guestId })).toMatchObject({ status: 'applied', result: { guestId } });
  return { host, guest: harness.handleFor(guestId) };
}

describe('points and tiers', () => {
  it('enrols at Member with a welcome naming the tier', async () => {
    const customer = await startCustomer();
    expect(await status(customer)).toMatchObject({ customerId: customer.customerId, points: 0, accountActive: true, tier: { name: 'Member' } });
    await eventuallyNotified(customer.customerId, 'welcome');
  });

  it('addLoyaltyPoints +100 gives 100 points', async () => {
    const customer = await startCustomer();
    await customer.signal(addLoyaltyPointsSignal, 100);
    await eventuallyStatus(customer, { points: 100, tier: { name: 'Member' } });
  });

  it('+500 gives Bronze, through the signal and through the update', async () => {
    const bySignal = await startCustomer();
    await bySignal.signal(addLoyaltyPointsSignal, 500);
    await eventuallyStatus(bySignal, { points: 500, tier: { name: 'Bronze', ordinal: 1 } });
    await eventuallyNotified(bySignal.customerId, 'promotion');

    const byUpdate = await startCustomer();
    const { outcomes, customer } = await execute(byUpdate, { type: 'addPoints', points: 500 });
    expect(outcomes).toEqual([{ status: 'applied', result: { entry: expect.objectContaining({ delta: 500, balanceAfter: 500 }) } }]);
    expect(customer).toMatchObject({ points: 500, tier: { name: 'Bronze' } });
  });

  it('+5000 gives Platinum', async () => {
    const customer = await startCustomer();
    await customer.signal(addLoyaltyPointsSignal, 5000);
    await eventuallyStatus(customer, { points: 5000, tier: { name: 'Platinum', ordinal: 4 } });
  });

  it('a negative change demotes, and a change below zero is refused', async () => {
    const customer = await startCustomer(2500);
    await customer.signal(addLoyaltyPointsSignal, -1600);
    await eventuallyStatus(customer, { points: 900, tier: { name: 'Bronze' } });
    await eventuallyNotified(customer.customerId, 'demotion');

    await customer.signal(addLoyaltyPointsSignal, -901);
    expect(await outcomeOf(customer, { type: 'addPoints', points: -901 })).toMatchObject({
      status: 'rejected',
      rejection: { code: 'insufficient-points' },
    });
    // The update comes after the signal: both were refused and the balance is untouched.
    expect(await status(customer)).toMatchObject({ points: 900 });
  });

  it('ensureMinimumStatus raises a lower account and leaves a higher one alone', async () => {
    const low = await startCustomer(10);
    await low.signal(ensureMinimumStatusSignal, 3);
    await eventuallyStatus(low, { points: 2000, tier: { name: 'Gold' } });

    const high = await startCustomer(6000);
    await high.signal(ensureMinimumStatusSignal, 3);
    expect(await outcomeOf(high, { type: 'ensureMinimumStatus', tier: 2 })).toEqual({ status: 'applied', result: { tier: 4 } });
    expect(await status(high)).toMatchObject({ points: 6000 });
  });
});

describe('lifecycle', () => {
  it('cancelAccount makes the account inactive, completes the workflow, and the closed account still answers', async () => {
    const customer = await startCustomer(700);
    await customer.signal(cancelAccountSignal);
    const final = await customer.result();
    expect(final).toMatchObject({ customerId: customer.customerId, accountActive: false, points: 700 });
    expect((await customer.describe()).status.name).toBe('COMPLETED');
    expect(await status(customer)).toEqual(final);
    expect(notifier.of(customer.customerId)).toContain('accountClosed');
  });

  it('Temporal cancellation ends the workflow as cancelled', async () => {
    const customer = await startCustomer(100);
    await status(customer); // running and answering
    await customer.cancel();
    const failure = await customer.result().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    expect((failure as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
    expect((await customer.describe()).status.name).toBe('CANCELLED');
  });

  it('keeps LoyaltyTier and LoyaltyAccountActive current for visibility', async () => {
    const customer = await startCustomer(1000);
    const indexed = async () => (await customer.describe()).typedSearchAttributes;
    await vi.waitFor(async () => {
      const attributes = await indexed();
      expect(attributes.get(tierSearchAttribute)).toBe('Silver');
      expect(attributes.get(accountActiveSearchAttribute)).toBe(true);
    }, { timeout: 15_000, interval: 200 });

    await execute(customer, { type: 'addPoints', points: 1000 }, { type: 'cancelAccount' });
    await customer.result();
    const attributes = await indexed();
    expect(attributes.get(tierSearchAttribute)).toBe('Gold');
    expect(attributes.get(accountActiveSearchAttribute)).toBe(false);
  });
});

describe('invitations', () => {
  it('a Silver host invites a new guest, who starts active at Bronze with 500 points', async () => {
    const host = await startCustomer(1000);
    const guestId = uniqueId('g');
    await host.signal(inviteGuestSignal, guestId);
    await vi.waitFor(async () => expect(await host.query(getGuestsQuery)).toEqual([guestId]), { timeout: 15_000, interval: 100 });
    const guest = harness.handleFor(guestId);
    expect(await status(guest)).toMatchObject({ points: 500, accountActive: true, tier: { name: 'Bronze' }, invitedBy: host.customerId });
    await eventuallyNotified(host.customerId, 'guestInvited');
  });

  it('a Member cannot invite', async () => {
    const member = await startCustomer(100);
    expect(await outcomeOf(member, { type: 'inviteGuest', guestId: uniqueId('g') })).toMatchObject({
      status: 'rejected',
      rejection: { code: 'guest-limit-reached' },
    });
    await eventuallyNotified(member.customerId, 'guestLimitReached');
    expect(await member.query(getGuestsQuery)).toEqual([]);
  });

  it('a host at its limit cannot invite', async () => {
    const { host, guest } = await hostWithGuest(500); // Bronze: one guest
    expect(await outcomeOf(host, { type: 'inviteGuest', guestId: uniqueId('g') })).toMatchObject({
      status: 'rejected',
      rejection: { code: 'guest-limit-reached' },
    });
    expect(await host.query(getGuestsQuery)).toEqual([guest.customerId]);
  });

  it('inviting a closed guest is refused as guest-account-closed, and the host is told', async () => {
    const closed = await startCustomer();
    await closed.signal(cancelAccountSignal);
    await closed.result();
    const host = await startCustomer(1000);
    expect(await outcomeOf(host, { type: 'inviteGuest', guestId: closed.customerId })).toMatchObject({
      status: 'rejected',
      rejection: { code: 'guest-account-closed' },
    });
    await eventuallyNotified(host.customerId, 'guestAccountClosed');
    expect(await host.query(getGuestsQuery)).toEqual([]);
    expect(await status(closed)).toMatchObject({ accountActive: false, points: 0 });
  });

  it('inviting existing members raises them to at least the tier below the host, and changes nothing else', async () => {
    const low = await startCustomer(100);
    const high = await startCustomer(6000);
    const host = await startCustomer(2000); // Gold: guests become at least Silver
    const { outcomes } = await execute(host, { type: 'inviteGuest', guestId: low.customerId }, { type: 'inviteGuest', guestId: high.customerId });
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['applied', 'applied']);
    await eventuallyStatus(low, { points: 1000, tier: { name: 'Silver' }, name: `Customer ${low.customerId}`, accountActive: true });
    await eventuallyStatus(high, { points: 6000, tier: { name: 'Platinum' } });
    expect((await status(high)).invitedBy).toBeUndefined();
    // Both invitations of the batch run at once: guests are listed in the order they were reached.
    expect((await host.query(getGuestsQuery)).sort()).toEqual([low.customerId, high.customerId].sort());
  });

  it('ensureMinimumStatus arriving with the start of a new customer (signal-with-start) applies', async () => {
    const customerId = uniqueId('g');
    await harness.client.workflow.signalWithStart(WORKFLOW_TYPE, {
      workflowId: workflowIdFor(customerId),
      taskQueue: harness.taskQueue,
      args: [{ customerId, name: 'New guest' }],
      signal: ensureMinimumStatusSignal,
      signalArgs: [3],
    });
    await eventuallyStatus(harness.handleFor(customerId), { points: 2000, tier: { name: 'Gold' }, accountActive: true });
  });
});

describe('idempotency', () => {
  it('the same key twice gives the same outcome and applies once', async () => {
    const customer = await startCustomer();
    const command = keyed('earn-1', { type: 'addPoints', points: 100 });
    const first = await outcomeOf(customer, command);
    const second = await outcomeOf(customer, command);
    expect(second).toEqual(first);
    expect(await status(customer)).toMatchObject({ points: 100 });
    expect(await customer.query(getCommandOutcomeQuery, 'earn-1')).toMatchObject({ idempotencyKey: 'earn-1', outcome: first });
    expect(await customer.query(getCommandOutcomeQuery, 'never-used')).toBeNull();
  });

  it('the same key with a different body is refused as idempotency-key-reused', async () => {
    const customer = await startCustomer();
    await outcomeOf(customer, keyed('earn-1', { type: 'addPoints', points: 100 }));
    expect(await outcomeOf(customer, keyed('earn-1', { type: 'addPoints', points: 200 }))).toMatchObject({
      status: 'rejected',
      rejection: { code: 'idempotency-key-reused' },
    });
    expect(await status(customer)).toMatchObject({ points: 100 });
  });

  it('a batch answers each command on its own, in order', async () => {
    const customer = await startCustomer();
    const { outcomes, customer: after } = await execute(
      customer,
      keyed('b1', { type: 'addPoints', points: 300 }),
      keyed('b2', { type: 'addPoints', points: -400 }),
      keyed('b1', { type: 'addPoints', points: 300 }),
      { type: 'addPoints', points: 200 },
    );
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['applied', 'rejected', 'applied', 'applied']);
    expect(outcomes[2]).toEqual(outcomes[0]);
    expect(after.points).toBe(500);
  });

  it('submitCommands applies a batch later and keeps its outcome for getCommandOutcome', async () => {
    const customer = await startCustomer();
    const batch = { commands: [keyed('async-1', { type: 'addPoints', points: 250 }), keyed('async-2', { type: 'addPoints', points: -999 })] };
    await customer.signal(submitCommandsSignal, batch);
    await customer.signal(submitCommandsSignal, batch);
    await vi.waitFor(async () => expect(await customer.query(getCommandOutcomeQuery, 'async-2')).toMatchObject({ outcome: { status: 'rejected' } }), {
      timeout: 15_000,
      interval: 100,
    });
    expect(await customer.query(getCommandOutcomeQuery, 'async-1')).toMatchObject({ outcome: { status: 'applied', result: { entry: { delta: 250 } } } });
    expect(await status(customer)).toMatchObject({ points: 250 });
  });

  it('a malformed batch is refused by the validator before it reaches history', async () => {
    const customer = await startCustomer();
    const malformed = { type: 'addPoints', points: 1.5 } as never;
    const failure = await execute(customer, malformed).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((failure as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'InvalidInput', message: expect.stringMatching(/points/) });
    expect(await status(customer)).toMatchObject({ points: 0 });
  });
});

describe('gifts', () => {
  it('a points gift debits the host and credits the guest exactly once, even when sent twice with the same key', async () => {
    const { host, guest } = await hostWithGuest(1000);
    const gift = keyed('gift-1', { type: 'gift', guestId: guest.customerId, points: 200 });
    const [first, second] = await Promise.all([outcomeOf(host, gift), outcomeOf(host, gift)]);
    expect(first).toMatchObject({ status: 'applied', result: { guestId: guest.customerId } });
    expect(second).toEqual(first);
    expect(await outcomeOf(host, gift)).toEqual(first);
    expect(await status(host)).toMatchObject({ points: 800 });
    expect(await status(guest)).toMatchObject({ points: 700 });
    await eventuallyNotified(guest.customerId, 'giftReceived');
  });

  it('a gift to someone who is not a guest is refused', async () => {
    const host = await startCustomer(2000);
    const stranger = await startCustomer(0);
    expect(await outcomeOf(host, { type: 'gift', guestId: stranger.customerId, points: 10 })).toMatchObject({
      status: 'rejected',
      rejection: { code: 'not-your-guest' },
    });
    expect(await status(host)).toMatchObject({ points: 2000 });
    expect(await status(stranger)).toMatchObject({ points: 0 });
  });

  it('a tier gift raises the guest at most to the tier below the host', async () => {
    const { host, guest } = await hostWithGuest(2000); // Gold host, Silver guest
    expect(await outcomeOf(host, { type: 'gift', guestId: guest.customerId, tier: 3 })).toMatchObject({
      status: 'rejected',
      rejection: { code: 'gift-tier-too-high' },
    });
    // Invited at Bronze by a Silver host that has since become Platinum: it may raise the guest to Gold.
    const { host: platinum, guest: raised } = await hostWithGuest(1000);
    await outcomeOf(platinum, { type: 'addPoints', points: 4000 });
    expect(await outcomeOf(platinum, { type: 'gift', guestId: raised.customerId, tier: 3 })).toMatchObject({ status: 'applied' });
    expect(await status(raised)).toMatchObject({ tier: { name: 'Gold' } });
    // Raising creates points, so a host raises a guest to a tier once.
    expect(await outcomeOf(platinum, { type: 'gift', guestId: raised.customerId, tier: 3 })).toMatchObject({
      status: 'rejected',
      rejection: { code: 'gift-tier-already-given' },
    });
  });

  it('a gift to a guest who closed the account is returned to the host', async () => {
    const { host, guest } = await hostWithGuest(1000);
    await guest.signal(cancelAccountSignal);
    await guest.result();
    expect(await outcomeOf(host, { type: 'gift', guestId: guest.customerId, points: 300 })).toMatchObject({
      status: 'rejected',
      rejection: { code: 'guest-account-closed' },
    });
    expect(await status(host)).toMatchObject({ points: 1000 });
  });
});

describe('rewards and ledger', () => {
  it('a locked reward is refused; an unlocked one is recorded', async () => {
    const customer = await startCustomer(600);
    expect(await outcomeOf(customer, { type: 'redeemReward', rewardId: 'lounge-access' })).toMatchObject({
      status: 'rejected',
      rejection: { code: 'reward-locked' },
    });
    expect(await outcomeOf(customer, { type: 'redeemReward', rewardId: 'free-shipping' })).toMatchObject({
      status: 'applied',
      result: { rewardId: 'free-shipping', entry: { kind: 'rewardUsed', delta: 0 } },
    });
    expect(await status(customer)).toMatchObject({ points: 600 });
  });

  it('pages the ledger newest first', async () => {
    const customer = await startCustomer(5);
    await execute(customer, ...[1, 2, 3, 4].map((points) => ({ type: 'addPoints' as const, points })));
    const first = await customer.query(getLedgerQuery, { limit: 3 });
    expect(first.entries.map((entry) => entry.delta)).toEqual([4, 3, 2]);
    expect(first).toMatchObject({ totalEntries: 5, balanceBeforeWindow: 0, nextBeforeId: 3 });
    const second = await customer.query(getLedgerQuery, { limit: 3, beforeId: first.nextBeforeId! });
    expect(second.entries.map((entry) => [entry.kind, entry.delta])).toEqual([['points', 1], ['opening', 5]]);
    expect(second.nextBeforeId).toBeUndefined();
  });
});
