// A worker that dies after an activity did its work but before reporting it makes Temporal run
// the activity again. Gifts and invitations must survive that: the guest is credited once, the
// host debited once. Here the first attempt of each activity does the real work and then fails.
import { Context } from '@temporalio/activity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../src/activities/index.js';
import { execute, keyed, recordingNotifier, startHarness, status, uniqueId, type LoyaltyHarness } from '#test-support/loyalty-harness.js';

const notifier = recordingNotifier();
const attempts: Record<string, number[]> = { deliverGift: [], inviteGuest: [] };
let harness: LoyaltyHarness;

/** Runs the real activity, then fails its first attempt as a crash right after the work would. */
function crashingAfterWork<Args extends unknown[], Result>(name: string, activity: (...args: Args) => Promise<Result>) {
  return async (...args: Args): Promise<Result> => {
    const result = await activity(...args);
    const { attempt } = Context.current().info;
    attempts[name]!.push(attempt);
    if (attempt === 1) throw new Error(`worker lost after ${name} did its work`);
    return result;
  };
}

beforeAll(async () => {
  harness = await startHarness(notifier, {
    overrides: ({ client, taskQueue }) => {
      const real = createActivities({ notifier, client, taskQueue });
      return {
        activities: {
          ...real,
          deliverGift: crashingAfterWork('deliverGift', real.deliverGift),
          inviteGuest: crashingAfterWork('inviteGuest', real.inviteGuest),
        },
      };
    },
  });
});

afterAll(async () => {
  await harness?.close();
});

describe('activities retried after a crash', () => {
  it('invite once and move gifted points exactly once', async () => {
    const host = await harness.startCustomer({ points: 2000 });
    const guestId = uniqueId('guest');

    const invited = await execute(host, keyed('invite-1', { type: 'inviteGuest', guestId }));
    expect(invited.outcomes[0]).toMatchObject({ status: 'applied' });
    expect(attempts.inviteGuest).toEqual([1, 2]);
    const guest = harness.handleFor(guestId);
    expect(await status(guest)).toMatchObject({ points: 1000, tier: { name: 'Silver' }, invitedBy: host.customerId });

    const gift = await execute(host, keyed('gift-1', { type: 'gift', guestId, points: 300 }));
    expect(gift.outcomes[0]).toMatchObject({ status: 'applied' });
    expect(attempts.deliverGift).toEqual([1, 2]);
    expect((await status(host)).points).toBe(1700);
    expect((await status(guest)).points).toBe(1300);
    expect(notifier.of(guestId).filter((kind) => kind === 'giftReceived')).toHaveLength(1);
  });
});
