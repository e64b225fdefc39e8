import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { LoyaltyApp } from '../../src/app.js';
import { auth, buildTestApp, seedStandard, type FakeGateway } from './fake-gateway.js';

let app: LoyaltyApp;
let gateway: FakeGateway;
beforeEach(async () => {
  ({ app, gateway } = await buildTestApp());
  seedStandard(gateway);
});

const addPoints = (points: number, headers: Record<string, string> = {}, as: keyof typeof auth = 'storefront') =>
  app.inject({ method: 'POST', url: '/customers/42/points', headers: { ...auth[as], ...headers }, payload: { points } });

describe('adding points', () => {
  it('answers the account and its ledger entry, under the key given', async () => {
    const response = await addPoints(100, { 'idempotency-key': 'order-1' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['idempotency-key']).toBe('order-1');
    expect(response.json()).toMatchObject({ customer: { customerId: '42', points: 2600 }, entry: { delta: 100, balanceAfter: 2600 } });
    expect(gateway.executed[0]).toMatchObject({ customerId: '42', idempotencyKey: 'order-1', command: { type: 'addPoints', points: 100 } });
  });

  it('makes a key up when the client sends none, and says which', async () => {
    const response = await addPoints(5);
    const key = response.headers['idempotency-key'];
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    expect(gateway.executed[0]?.idempotencyKey).toBe(key);
  });

  it('lets a storefront key add 1 to 1,000,000 and nothing else', async () => {
    expect((await addPoints(1_000_000)).statusCode).toBe(200);
    for (const points of [-1, 1_000_001]) {
      const response = await addPoints(points);
      expect(response.statusCode).toBe(403);
      expect(response.json().code).toBe('forbidden');
    }
    expect(gateway.executed).toHaveLength(1);
  });

  it('lets an admin key adjust downwards, and answers the gateway\u2019s insufficient-points rejection with 422', async () => {
    expect((await addPoints(-500, {}, 'admin')).json().customer.points).toBe(2000);
    const refused = await addPoints(-1_000_000, {}, 'admin');
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('insufficient-points');
  });

  it('answers 202 with a Location when asked to respond asynchronously', async () => {
    const response = await addPoints(5, { prefer: 'respond-async', 'idempotency-key': 'a/b_c?' });
    expect(response.statusCode).toBe(202);
    expect(response.headers['preference-applied']).toBe('respond-async');
    expect(response.headers.location).toMatch(/^\/customers\/42\/commands\/a%2Fb_c%3F\?fingerprint=[\w-]+$/);
    expect(response.json()).toEqual({ status: 'pending', idempotencyKey: 'a/b_c?' });
    expect(gateway.submitted).toHaveLength(1);
    expect(gateway.executed).toHaveLength(0);
    const outcome = await app.inject({ url: response.headers.location as string, headers: auth.storefront });
    expect(outcome.statusCode).toBe(200);
    expect(outcome.json()).toMatchObject({ idempotencyKey: 'a/b_c?', status: 'pending', commandType: 'addPoints' });
  });

  it('passes the Location\u2019s fingerprint to the outcome lookup, so a key another request took reads as its own answer', async () => {
    const response = await addPoints(5, { prefer: 'respond-async', 'idempotency-key': 'k-async' });
    const lookup = vi.spyOn(gateway, 'getCommand');
    await app.inject({ url: response.headers.location as string, headers: auth.storefront });
    const fingerprint = new URL(response.headers.location as string, 'http://x').searchParams.get('fingerprint');
    expect(lookup).toHaveBeenCalledWith('42', 'k-async', fingerprint);
  });

  it('answers 202 with a Location when the gateway reports the command still pending', async () => {
    vi.spyOn(gateway, 'execute').mockResolvedValue({ outcome: { status: 'pending' } });
    const response = await addPoints(5, { 'idempotency-key': 'slow-1' });
    expect(response.statusCode).toBe(202);
    expect(response.headers.location).toMatch(/^\/customers\/42\/commands\/slow-1\?fingerprint=/);
    expect(response.headers['preference-applied']).toBeUndefined();
    expect(response.json()).toEqual({ status: 'pending', idempotencyKey: 'slow-1' });
  });
});

describe('command outcomes', () => {
  it('shows an applied command with its result', async () => {
    await addPoints(7, { 'idempotency-key': 'k-applied' });
    const response = await app.inject({ url: '/customers/42/commands/k-applied', headers: auth.storefront });
    expect(response.json()).toMatchObject({ status: 'applied', commandType: 'addPoints', result: { entry: { delta: 7 } } });
  });

  it('shows a rejected command with the problem a synchronous call would have had', async () => {
    await addPoints(-1_000_000, { 'idempotency-key': 'k-rejected' }, 'admin');
    const response = await app.inject({ url: '/customers/42/commands/k-rejected', headers: auth.storefront });
    expect(response.json()).toMatchObject({
      status: 'rejected',
      problem: { code: 'insufficient-points', status: 422, type: 'urn:loyalty:problem:insufficient-points' },
    });
  });

  it('is a 404 problem for a key the customer does not hold', async () => {
    const response = await app.inject({ url: '/customers/42/commands/never-sent', headers: auth.storefront });
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('not-found');
  });
});

describe('the other commands', () => {
  it('invites a guest: 201 with the guest\u2019s Location', async () => {
    const response = await app.inject({ method: 'POST', url: '/customers/42/guests', headers: auth.storefront, payload: { guestId: 'g2' } });
    expect(response.statusCode).toBe(201);
    expect(response.headers.location).toBe('/customers/g2');
    expect(response.json()).toMatchObject({ guestId: 'g2', customer: { guests: ['g1', 'g2'] } });
  });

  it('turns gift, redemption, status and cancellation requests into gateway commands', async () => {
    const send = (method: 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
      app.inject({ method, url, headers: auth.admin, ...(payload ? { payload } : {}) });
    expect((await send('POST', '/customers/42/gifts', { guestId: 'g1', tier: 2 })).statusCode).toBe(200);
    expect((await send('POST', '/customers/42/redemptions', { rewardId: 'lounge-access' })).statusCode).toBe(201);
    expect((await send('PUT', '/customers/42/status', { tier: 4, reason: 'VIP' })).statusCode).toBe(200);
    const cancelled = await send('DELETE', '/customers/42');
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json().accountActive).toBe(false);
    expect(gateway.executed.map((request) => request.command)).toEqual([
      { type: 'gift', guestId: 'g1', tier: 2 },
      { type: 'redeemReward', rewardId: 'lounge-access' },
      { type: 'ensureMinimumStatus', tier: 4, reason: 'VIP' },
      { type: 'cancelAccount' },
    ]);
  });
});

describe('enrolment and reads', () => {
  it('enrols with 201 and a Location, and refuses the same ID twice', async () => {
    const created = await app.inject({ method: 'POST', url: '/customers', headers: auth.storefront, payload: { customerId: 'c-7', name: 'Ada', email: 'ada@example.com' } });
    expect(created.statusCode).toBe(201);
    expect(created.headers.location).toBe('/customers/c-7');
    const again = await app.inject({ method: 'POST', url: '/customers', headers: auth.storefront, payload: { customerId: 'c-7', name: 'Ada' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('customer-exists');
  });

  it('pages through transactions with nextBeforeId and a next link', async () => {
    for (const points of [1, 2, 3]) await addPoints(points);
    const first = await app.inject({ url: '/customers/42/transactions?limit=2', headers: auth.storefront });
    expect(first.json()).toMatchObject({ nextBeforeId: 2, next: '/customers/42/transactions?beforeId=2&limit=2', totalEntries: 3 });
    expect(first.json().entries.map((entry: { delta: number }) => entry.delta)).toEqual([3, 2]);
    const second = await app.inject({ url: first.json().next, headers: auth.storefront });
    expect(second.json().entries.map((entry: { delta: number }) => entry.delta)).toEqual([1]);
    expect(second.json().next).toBeUndefined();
  });

  it('serves the tier table and the reward catalogue', async () => {
    const tiers = await app.inject({ url: '/tiers', headers: auth.storefront });
    expect(tiers.json().tiers.map((tier: { name: string }) => tier.name)).toEqual(['Member', 'Bronze', 'Silver', 'Gold', 'Platinum']);
    const rewards = await app.inject({ url: '/rewards', headers: auth.storefront });
    expect(rewards.json().rewards).toContainEqual(expect.objectContaining({ rewardId: 'lounge-access', minimumTier: 3 }));
  });

  it('is ready only when the gateway is', async () => {
    expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200);
    vi.spyOn(gateway, 'checkReady').mockRejectedValue(new Error('no poller seen'));
    const response = await app.inject({ url: '/readyz' });
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBeDefined();
    expect(response.body).not.toContain('poller');
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
  });
});
