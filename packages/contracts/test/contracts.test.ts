// What both apps and the reference implementations rely on: the tier table, the wire names and
// the schemas that decide what a message may carry.
import { describe, expect, it } from 'vitest';
import { Value } from 'typebox/value';
import type { TSchema } from 'typebox';
import {
  CommandBatchSchema,
  CustomerIdSchema,
  EnrolmentSchema,
  IdempotencyKeySchema,
  LedgerPageRequestSchema,
  MAX_COMMANDS_PER_BATCH,
  REWARDS,
  TIERS,
  TierOrdinalSchema,
  WORKFLOW_TYPE,
  DEFAULT_TASK_QUEUE,
  addLoyaltyPointsSignal,
  cancelAccountSignal,
  customerIdFromWorkflowId,
  ensureMinimumStatusSignal,
  getGuestsQuery,
  getStatusQuery,
  inviteGuestSignal,
  rewardById,
  tierByOrdinal,
  tierForPoints,
  workflowIdFor,
} from '../src/index.js';

describe('tiers (SPEC §3)', () => {
  it('match the table exactly', () => {
    expect(TIERS.map(({ ordinal, name, minimumPoints, guestsAllowed }) => [ordinal, name, minimumPoints, guestsAllowed])).toEqual([
      [0, 'Member', 0, 0],
      [1, 'Bronze', 500, 1],
      [2, 'Silver', 1000, 2],
      [3, 'Gold', 2000, 5],
      [4, 'Platinum', 5000, 10],
    ]);
  });

  it('derive from points at each threshold', () => {
    for (const tier of TIERS) {
      expect(tierForPoints(tier.minimumPoints)).toBe(tier);
      if (tier.ordinal > 0) expect(tierForPoints(tier.minimumPoints - 1).ordinal).toBe(tier.ordinal - 1);
    }
    expect(tierByOrdinal(5)).toBeUndefined();
  });

  it('unlock every reward at a real tier, free shipping from Bronze and lounge access from Gold', () => {
    for (const reward of REWARDS) expect(tierByOrdinal(reward.minimumTier)).toBeDefined();
    expect(rewardById('free-shipping')?.minimumTier).toBe(1);
    expect(rewardById('lounge-access')?.minimumTier).toBe(3);
    expect(new Set(REWARDS.map((reward) => reward.rewardId)).size).toBe(REWARDS.length);
  });
});

describe('wire names (SPEC §2)', () => {
  it('are exactly the reference implementation’s', () => {
    expect(WORKFLOW_TYPE).toBe('CustomerLoyaltyWorkflow');
    expect(DEFAULT_TASK_QUEUE).toBe('CustomerLoyaltyTaskQueue');
    expect(addLoyaltyPointsSignal.name).toBe('addLoyaltyPoints');
    expect(inviteGuestSignal.name).toBe('inviteGuest');
    expect(ensureMinimumStatusSignal.name).toBe('ensureMinimumStatus');
    expect(cancelAccountSignal.name).toBe('cancelAccount');
    expect(getStatusQuery.name).toBe('getStatus');
    expect(getGuestsQuery.name).toBe('getGuests');
  });

  it('map customer IDs to workflow IDs and back', () => {
    expect(workflowIdFor('42')).toBe('customer-42');
    expect(customerIdFromWorkflowId('customer-42')).toBe('42');
    expect(customerIdFromWorkflowId('other-42')).toBeUndefined();
  });
});

describe('schemas', () => {
  const cases: Array<[string, TSchema, unknown[], unknown[]]> = [
    ['customer ID', CustomerIdSchema, ['42', 'a_B-9', 'x'.repeat(64)], ['', 'x'.repeat(65), 'a b', 'é', 42]],
    ['tier ordinal', TierOrdinalSchema, [0, 4], [-1, 5, 1.5, '1']],
    ['idempotency key', IdempotencyKeySchema, ['abc-123', '!~'], ['', 'has space', 'x'.repeat(256)]],
    ['ledger page request', LedgerPageRequestSchema, [{ limit: 1 }, { limit: 200, beforeId: 3 }], [{ limit: 0 }, { limit: 201 }, {}, { limit: 5, extra: 1 }]],
    [
      'enrolment',
      EnrolmentSchema,
      [{ customerId: '1', name: 'A' }, { customerId: '1', name: 'A', email: 'a@example.com', points: 500, invitedBy: '2' }],
      [{ customerId: '1' }, { customerId: '1', name: '' }, { customerId: '1', name: 'A', points: -1 }, { customerId: '1', name: 'A', email: 'nope' }, { customerId: '1', name: 'A', extra: true }],
    ],
    [
      'command batch',
      CommandBatchSchema,
      [
        { commands: [{ command: { type: 'addPoints', points: -5 } }] },
        {
          commands: [
            { idempotencyKey: 'k1', fingerprint: 'f', command: { type: 'gift', guestId: 'g', points: 1 } },
            { command: { type: 'redeemReward', rewardId: 'free-shipping' } },
            { command: { type: 'ensureMinimumStatus', tier: 2, reason: 'support' } },
            { command: { type: 'cancelAccount' } },
            { command: { type: 'inviteGuest', guestId: 'g2' } },
          ],
          requestedAt: '2026-12-01T10:00:00.000Z',
        },
      ],
      [
        { commands: [] },
        { commands: Array.from({ length: MAX_COMMANDS_PER_BATCH + 1 }, () => ({ command: { type: 'cancelAccount' } })) },
        { commands: [{ command: { type: 'addPoints', points: 1.5 } }] },
        { commands: [{ command: { type: 'addPoints', points: 1, bonus: 2 } }] },
        { commands: [{ command: { type: 'teleport' } }] },
        { commands: [{ command: { type: 'inviteGuest', guestId: 'not valid' } }] },
        { commands: [{ command: { type: 'gift', guestId: 'g', points: 0 } }] },
        // A gift carries exactly one of points and tier.
        { commands: [{ command: { type: 'gift', guestId: 'g' } }] },
        { commands: [{ command: { type: 'gift', guestId: 'g', points: 1, tier: 1 } }] },
        { commands: [{ idempotencyKey: '', command: { type: 'cancelAccount' } }] },
        // Gifts reach a guest through its own gift register, never as a command anyone may send.
        { commands: [{ command: { type: 'receiveGift', giftId: 'h/gift-1', fromCustomerId: 'h', tier: 1 } }] },
        { commands: [{ command: { type: 'addPoints', points: 1_000_000_001 } }] },
      ],
    ],
  ];

  it.each(cases)('%s accepts good values and refuses bad ones', (_name, schema, good, bad) => {
    for (const value of good) expect(Value.Check(schema, value), JSON.stringify(value)).toBe(true);
    for (const value of bad) expect(Value.Check(schema, value), JSON.stringify(value)).toBe(false);
  });
});
