// The typed client (packages/client) against the real system: a real dev server, a real worker,
// the real HTTP server. A connection that drops after the server has taken the command must not
// double it: the client's retry carries the same key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoyaltyClient } from '@loyalty/client';
import { storefront } from '../../../../packages/client/examples/storefront.js';
import { STOREFRONT_KEY, startSystem, uniqueId, type LoyaltySystem } from '../support/system.js';

let system: LoyaltySystem;
beforeAll(async () => {
  system = await startSystem();
});
afterAll(async () => {
  await system?.close();
});

/** A fetch whose first `drops` answers are lost on the way back, after the server has acted on the request. */
function droppingFetch(drops: number): typeof fetch {
  let left = drops;
  return async (input, init) => {
    const response = await fetch(input, init);
    if (left > 0) {
      left -= 1;
      await response.arrayBuffer();
      throw new TypeError('fetch failed (the answer was lost)');
    }
    return response;
  };
}

const client = (fetchImpl?: typeof fetch) =>
  createLoyaltyClient({ baseUrl: system.baseUrl, apiKey: STOREFRONT_KEY, retry: { initialDelayMs: 20 }, ...(fetchImpl ? { fetch: fetchImpl } : {}) });

describe('the typed client', () => {
  it('runs the README storefront example, twice, crediting each order once', async () => {
    const customerId = uniqueId('shopper');
    const lines: string[] = [];
    await storefront(client(), customerId, (line) => lines.push(line));
    await storefront(client(), customerId, (line) => lines.push(line));
    const customer = await client().getCustomer(customerId);
    expect(customer.data).toMatchObject({ points: 650, tier: { name: 'Bronze' } });
    expect(lines).toContain('review bonus: applied');
    // Scheduled for when order 1002's return window closes, once however often the script runs.
    expect(lines.filter((line) => line === 'order 1002 bonus: scheduled; 1 scheduled')).toHaveLength(2);
    const ledger = await client().listTransactions(customerId, { limit: 50 });
    expect(ledger.data!.entries.filter((entry) => entry.kind === 'points').map((entry) => entry.idempotencyKey).sort()).toEqual([
      'order-1001-points',
      'order-1002-points',
      'review-1001-bonus',
    ]);
  });

  it('retries a command whose answer was lost with the same key: applied once, answered as the first time', async () => {
    const customerId = uniqueId('c');
    expect((await client().enrol({ customerId, name: 'Lost Answers' })).status).toBe(201);
    const earned = await client(droppingFetch(2)).addPoints(customerId, { points: 120, reason: 'order 7' });
    expect(earned).toMatchObject({ status: 200, attempts: 3 });
    expect(earned.data!.customer.points).toBe(120);
    const ledger = await client().listTransactions(customerId);
    expect(ledger.data!.entries.filter((entry) => entry.kind === 'points')).toEqual([expect.objectContaining({ delta: 120, idempotencyKey: earned.idempotencyKey })]);
    const outcome = await client().getCommandOutcome(customerId, earned.idempotencyKey);
    expect(outcome.data).toMatchObject({ status: 'applied', result: { entry: { delta: 120 } } });
  });

  it('follows an accepted command to its outcome, and reads a refusal as the problem a sync call answers', async () => {
    const customerId = uniqueId('c');
    await client().enrol({ customerId, name: 'Async Shopper' });
    const accepted = await client().redeem(customerId, { rewardId: 'free-shipping' }, { respondAsync: true });
    expect(accepted).toMatchObject({ status: 202, location: expect.stringContaining(`/customers/${customerId}/commands/`) });
    const outcome = await client().settle(accepted);
    expect(outcome.data).toMatchObject({ status: 'rejected', problem: { code: 'reward-locked' } });
    const sync = await client().redeem(customerId, { rewardId: 'free-shipping' });
    expect(sync).toMatchObject({ status: 422, problem: { code: 'reward-locked' }, attempts: 1 });
  });
});
