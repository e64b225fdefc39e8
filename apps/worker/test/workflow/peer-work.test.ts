// Accounts that wait on each other, on a real dev server with a real worker: no account ever gets
// stuck, and no point is created or doubled, in every order of events between a host and a guest.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WorkflowFailedError, WorkflowUpdateFailedError } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import {
  addLoyaltyPointsSignal,
  ensureMinimumStatusSignal,
  executeCommandsUpdate,
  getGiftReceiptQuery,
  getLedgerQuery,
  receiveGiftUpdate,
  submitCommandsSignal,
  type Command,
  type CommandOutcome,
} from '@loyalty/contracts';
import { createActivities, type DeliverGiftRequest } from '../../src/activities/index.js';
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
import { eventuallyOutcome, firstActivityClosed, pause, unpause, workflowTaskFailures } from '#test-support/peers.js';

const notifier = recordingNotifier();
/** Deliveries that the next gift attempt should lose after delivering (an answer lost with its worker). */
const loseNextAnswer = { armed: false, then: async () => {} };
/**
 * A first delivery held on its way until released, and every void attempt held until that
 * delivery has reached the guest: the first delivery arrives first, however slow the worker is.
 */
const holdFirstDelivery = { armed: false, released: gate(), delivered: gate() };

/** A promise opened from outside (Node 20 has no Promise.withResolvers). */
function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}
let harness: LoyaltyHarness;

beforeAll(async () => {
  harness = await startHarness(notifier, {
    overrides: ({ client, taskQueue }) => {
      const real = createActivities({ notifier, client, taskQueue });
      return {
        activities: {
          ...real,
          async deliverGift(request: DeliverGiftRequest) {
            if (holdFirstDelivery.armed) {
              if (request.voidIfNew) {
                await holdFirstDelivery.delivered.opened;
              } else {
                holdFirstDelivery.armed = false;
                await holdFirstDelivery.released.opened;
                const delivered = await real.deliverGift(request);
                holdFirstDelivery.delivered.open();
                return delivered;
              }
            }
            const answer = await real.deliverGift(request);
            if (!loseNextAnswer.armed) return answer;
            loseNextAnswer.armed = false;
            await loseNextAnswer.then();
            throw new Error('the worker lost the answer');
          },
        },
      };
    },
  });
});

afterAll(async () => {
  await harness?.close();
});

async function outcomeOf(handle: CustomerHandle, command: Command, idempotencyKey = uniqueId('k')): Promise<CommandOutcome> {
  const { outcomes } = await execute(handle, keyed(idempotencyKey, command));
  return outcomes[0]!;
}

/** A host with `points` and a guest invited by it (the guest's actor made by the invitation). */
async function hostWithGuest(points: number, guestInput: { continueAsNewAfterEvents?: number } = {}) {
  const host = await harness.startCustomer({ points });
  const guest = guestInput.continueAsNewAfterEvents
    ? await harness.startCustomer(guestInput)
    : harness.handleFor(uniqueId('guest'));
  const key = uniqueId('invite');
  if ((await outcomeOf(host, { type: 'inviteGuest', guestId: guest.customerId }, key)).status === 'pending') {
    await eventuallyOutcome(host, key, 'applied');
  }
  return { host, guest };
}

const pointsOf = async (handle: CustomerHandle) => (await status(handle)).points;

describe('a guest that does not answer', () => {
  it('a gift waits as pending without holding anything back, and settles once when the guest is back (rows b, k)', async () => {
    const { host, guest } = await hostWithGuest(2000);
    const guestPoints = await pointsOf(guest);
    await pause(harness.client, guest);
    const started = Date.now();
    expect(await outcomeOf(host, { type: 'gift', guestId: guest.customerId, points: 300 }, 'gift-paused')).toEqual({ status: 'pending' });
    expect(Date.now() - started).toBeLessThan(8_000);
    // The host keeps taking commands meanwhile, and does not refund a gift it cannot settle.
    expect(await outcomeOf(host, { type: 'addPoints', points: 5 })).toMatchObject({ status: 'applied' });
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await pointsOf(host)).toBe(1705);
    expect((await eventuallyOutcome(host, 'gift-paused', 'pending')).outcome).toEqual({ status: 'pending' });

    await unpause(harness.client, guest);
    await eventuallyOutcome(host, 'gift-paused', 'applied');
    expect(await pointsOf(host)).toBe(1705);
    expect(await pointsOf(guest)).toBe(guestPoints + 300);
  });

  it('a Temporal cancellation with a gift in flight ends the run as cancelled, the gift voided and refunded once (row a)', async () => {
    const { host, guest } = await hostWithGuest(2000);
    const guestPoints = await pointsOf(guest);
    await pause(harness.client, guest);
    expect(await outcomeOf(host, { type: 'gift', guestId: guest.customerId, points: 300 }, 'gift-then-cancel')).toEqual({ status: 'pending' });
    const cancelled = Date.now();
    await host.cancel();
    // The guest comes back within the few seconds a closing account gives its gifts, once no
    // attempt of the first delivery is still under way: one that reached the guest first would
    // have it taken (as consistent, but not the order of events this test is about).
    await vi.waitFor(async () => expect(await firstActivityClosed(host, 'deliverGift')).toBe(true), { timeout: 5_000, interval: 100 });
    await unpause(harness.client, guest);
    const ended = await host.result().catch((error: unknown) => error);
    expect(ended).toBeInstanceOf(WorkflowFailedError);
    expect((ended as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
    expect(Date.now() - cancelled).toBeLessThan(15_000);
    expect((await host.describe()).status.name).toBe('CANCELLED');
    expect(await status(host)).toMatchObject({ points: 2000, accountActive: false });
    expect((await eventuallyOutcome(host, 'gift-then-cancel', 'rejected')).outcome).toMatchObject({ rejection: { code: 'account-closed' } });
    // Voided for good: the delivery of the cancelled run, arriving late, credits nothing.
    expect(await pointsOf(guest)).toBe(guestPoints);
    expect(await guest.query(getGiftReceiptQuery, { fromCustomerId: host.customerId, giftNumber: 1 })).toEqual({ status: 'voided' });
    expect(await workflowTaskFailures(host)).toBe(0);
  });

  it('a first delivery that reaches the guest while a cancelled account closes is taken, counted once on both sides (row a)', async () => {
    const { host, guest } = await hostWithGuest(2000);
    const guestPoints = await pointsOf(guest);
    holdFirstDelivery.armed = true;
    expect(await outcomeOf(host, { type: 'gift', guestId: guest.customerId, points: 300 }, 'gift-lands-while-closing')).toEqual({ status: 'pending' });
    await host.cancel();
    holdFirstDelivery.released.open();
    await expect(host.result()).rejects.toBeInstanceOf(WorkflowFailedError);
    expect(await status(host)).toMatchObject({ points: 1700, accountActive: false });
    expect((await eventuallyOutcome(host, 'gift-lands-while-closing', 'applied')).outcome).toMatchObject({ status: 'applied' });
    expect(await pointsOf(guest)).toBe(guestPoints + 300);
    expect(await guest.query(getGiftReceiptQuery, { fromCustomerId: host.customerId, giftNumber: 1 })).toMatchObject({ status: 'credited' });
  });

  it('a Temporal cancellation with an invitation in flight closes the account within seconds (row a)', async () => {
    const host = await harness.startCustomer({ points: 1000 });
    const guest = await harness.startCustomer();
    await pause(harness.client, guest);
    expect(await outcomeOf(host, { type: 'inviteGuest', guestId: guest.customerId }, 'invite-then-cancel')).toEqual({ status: 'pending' });
    await host.cancel();
    await expect(host.result()).rejects.toBeInstanceOf(WorkflowFailedError);
    expect(await status(host)).toMatchObject({ accountActive: false, guests: [] });
    await unpause(harness.client, guest);
  });
});

describe('gifts are exactly once in every order of events', () => {
  it('a guest credited, then continued-as-new and closed before the host hears back, is not refunded as well (row f)', async () => {
    const { host, guest } = await hostWithGuest(2000, { continueAsNewAfterEvents: 12 });
    const guestPoints = await pointsOf(guest);
    const firstRun = (await guest.describe()).runId;
    loseNextAnswer.then = async () => {
      // Before the host's retry: the guest moves to a new run, then closes.
      for (let i = 0; i < 6; i += 1) await guest.signal(addLoyaltyPointsSignal, 1);
      await vi.waitFor(async () => expect((await guest.describe()).runId).not.toBe(firstRun), { timeout: 10_000 });
      await execute(guest, { type: 'cancelAccount' });
    };
    loseNextAnswer.armed = true;
    await outcomeOf(host, { type: 'gift', guestId: guest.customerId, points: 300 }, 'gift-lost-answer');
    await eventuallyOutcome(host, 'gift-lost-answer', 'applied');
    expect(await pointsOf(host)).toBe(1700);
    // The signals sent before the close count too, even those the next run took at its start.
    expect(await pointsOf(guest)).toBe(guestPoints + 6 + 300);
  });

  it('a guest that has seen more than 2,000 newer keys and a continue-as-new still knows the gift (row g)', async () => {
    const { host, guest } = await hostWithGuest(2000, { continueAsNewAfterEvents: 40 });
    expect(await outcomeOf(host, { type: 'gift', guestId: guest.customerId, points: 100 })).toMatchObject({ status: 'applied' });
    const before = await pointsOf(guest);
    for (let batch = 0; batch < 21; batch += 1) {
      const commands = Array.from({ length: 100 }, (_, i) => keyed(`traffic-${batch}-${i}`, { type: 'addPoints', points: 1 }));
      await vi.waitFor(() => execute(guest, ...commands), { timeout: 10_000, interval: 100 });
    }
    // A late attempt of the same delivery, as a retry of the host's activity would send it.
    const late = await guest.executeUpdate(receiveGiftUpdate, {
      args: [{ fromCustomerId: host.customerId, giftNumber: 1, settledBelow: 1, points: 100, sentAt: new Date().toISOString() }],
    });
    expect(late).toEqual({ status: 'credited' });
    expect(await pointsOf(guest)).toBe(before + 2100);
  });

  it('a client key equal to the host\u2019s next gift ID on the guest does not touch the gift (row h)', async () => {
    const { host, guest } = await hostWithGuest(2000);
    const before = await pointsOf(guest);
    await execute(guest, keyed(`${host.customerId}/gift-1`, { type: 'addPoints', points: 7 }));
    expect(await outcomeOf(host, { type: 'gift', guestId: guest.customerId, points: 50 })).toMatchObject({ status: 'applied' });
    expect(await pointsOf(guest)).toBe(before + 57);
    expect(await pointsOf(host)).toBe(1950);
  });

  it('a gift is never credited from anything but a host\u2019s delivery: receiveGift is refused as a command', async () => {
    const guest = await harness.startCustomer();
    const forged = { type: 'receiveGift', giftId: 'x/gift-1', fromCustomerId: 'x', points: 100 } as unknown as Command;
    await expect(execute(guest, forged)).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    expect(await pointsOf(guest)).toBe(0);
  });
});

describe('invitations and raises create points once', () => {
  it('a retried invitation raises the guest once, never again after it spent points (row i)', async () => {
    const { host, guest } = await hostWithGuest(1000); // Silver host: guest raised to Bronze, 500
    expect(await pointsOf(guest)).toBe(500);
    await execute(guest, { type: 'addPoints', points: -500 });
    // The invitation delivered again, exactly as a retry of the host's activity sends it.
    const activities = createActivities({ notifier, client: harness.client, taskQueue: harness.taskQueue });
    const again = await new MockActivityEnvironment().run(activities.inviteGuest, {
      hostId: host.customerId,
      guestId: guest.customerId,
      guestTier: 1,
    });
    expect(again).toBe('invited');
    await guest.signal(ensureMinimumStatusSignal, 1, { hostId: host.customerId });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await pointsOf(guest)).toBe(0);
  });

  it('two accounts that are each other\u2019s guests cannot mint points by raising and gifting back (row j)', async () => {
    const a = await harness.startCustomer({ points: 5000 });
    const b = await harness.startCustomer({ points: 600 });
    expect(await outcomeOf(a, { type: 'inviteGuest', guestId: b.customerId })).toMatchObject({ status: 'applied' }); // b raised to Gold
    expect(await outcomeOf(b, { type: 'inviteGuest', guestId: a.customerId })).toMatchObject({ status: 'applied' });
    expect(await pointsOf(b)).toBe(2000);
    const total = async () => (await pointsOf(a)) + (await pointsOf(b));
    const start = await total();
    for (let round = 0; round < 3; round += 1) {
      expect(await outcomeOf(b, { type: 'gift', guestId: a.customerId, points: 500 })).toMatchObject({ status: 'applied' });
      expect(await outcomeOf(a, { type: 'gift', guestId: b.customerId, tier: 3 })).toMatchObject({
        status: 'rejected',
        rejection: { code: 'gift-tier-already-given' },
      });
    }
    expect(await total()).toBe(start);
  });
});

describe('no message can wedge an actor', () => {
  it('a signal or update whose payload cannot be decoded is ignored or refused; the account goes on (row d)', async () => {
    const customer = await harness.startCustomer({ points: 10 });
    const undecodable = { metadata: { encoding: new TextEncoder().encode('json/protobuf') }, data: new TextEncoder().encode('{"points":5}') };
    for (const signalName of [addLoyaltyPointsSignal.name, submitCommandsSignal.name]) {
      await harness.client.workflowService.signalWorkflowExecution({
        namespace: 'default',
        workflowExecution: { workflowId: customer.workflowId },
        signalName,
        input: { payloads: [undecodable] },
        identity: 'another-sdk',
      });
    }
    await expect(
      harness.client.workflowService.updateWorkflowExecution({
        namespace: 'default',
        workflowExecution: { workflowId: customer.workflowId },
        request: { meta: { updateId: uniqueId('u') }, input: { name: executeCommandsUpdate.name, args: { payloads: [undecodable] } } },
        waitPolicy: { lifecycleStage: 3 },
      }),
    ).resolves.toMatchObject({ outcome: { failure: expect.anything() } });
    expect(await outcomeOf(customer, { type: 'addPoints', points: 1 })).toMatchObject({ status: 'applied' });
    expect(await pointsOf(customer)).toBe(11);
    expect(await workflowTaskFailures(customer)).toBe(0);
  });

  it('the wire signal is held to the contract: a huge integer is ignored, never rounded into the balance (row q)', async () => {
    const customer = await harness.startCustomer({ points: 10 });
    await customer.signal(addLoyaltyPointsSignal, 2 ** 53 + 2);
    await customer.signal(addLoyaltyPointsSignal, 9e15);
    await customer.signal(addLoyaltyPointsSignal, 3);
    await vi.waitFor(async () => expect(await pointsOf(customer)).toBe(13), { timeout: 10_000 });
    await expect(execute(customer, { type: 'addPoints', points: 1e10 })).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    expect(await pointsOf(customer)).toBe(13);
  });
});

describe('what a client is told is what history says', () => {
  it('an entry\u2019s time is the accepted batch\u2019s, on this worker and on a fresh one that replays it (row r)', async () => {
    const own = await startHarness(notifier);
    const customer = await own.startCustomer();
    const requestedAt = '2026-06-01T12:00:00.000Z';
    await customer.signal(submitCommandsSignal, { commands: [keyed('timed', { type: 'addPoints', points: 4 })], requestedAt });
    const record = await eventuallyOutcome(customer, 'timed', 'applied');
    expect(record.recordedAt).toBe(requestedAt);
    const [entry] = (await customer.query(getLedgerQuery, { limit: 1 })).entries;
    expect(entry).toMatchObject({ delta: 4, at: requestedAt });
    await own.close();

    // A worker with nothing cached replays the history to answer.
    const fresh = await startHarness(notifier, { overrides: { taskQueue: own.taskQueue } });
    try {
      const [replayed] = (await fresh.handleFor(customer.customerId).query(getLedgerQuery, { limit: 1 })).entries;
      expect(replayed).toEqual(entry);
    } finally {
      await fresh.close();
    }
  });
});
