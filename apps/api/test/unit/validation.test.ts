import { beforeEach, describe, expect, it } from 'vitest';
import type { LoyaltyApp } from '../../src/app.js';
import { auth, buildTestApp, seedStandard, type FakeGateway } from './fake-gateway.js';

let app: LoyaltyApp;
let gateway: FakeGateway;
beforeEach(async () => {
  ({ app, gateway } = await buildTestApp());
  seedStandard(gateway);
});

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url, headers: { ...auth.admin, ...headers }, payload: payload as object });
const get = (url: string) => app.inject({ url, headers: auth.admin });

function expectValidationProblem(response: Awaited<ReturnType<typeof get>>, location?: string) {
  expect(response.statusCode, response.body).toBe(400);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = response.json();
  expect(problem).toMatchObject({ code: 'validation-failed', status: 400, type: 'urn:loyalty:problem:validation-failed' });
  if (location) expect(problem.errors[0].location).toBe(location);
}

describe('bodies are checked as written, never trimmed or coerced', () => {
  it('refuses unknown fields', async () => {
    expectValidationProblem(await post('/customers/42/points', { points: 5, bonus: 1 }), 'body');
    expectValidationProblem(await post('/customers', { customerId: 'x1', name: 'X', points: 100 }), 'body');
    expect(gateway.executed).toHaveLength(0);
  });

  it('refuses a number sent as a string', async () => {
    expectValidationProblem(await post('/customers/42/points', { points: '5' }), 'body/points');
  });

  it('refuses zero, fractions and amounts beyond a billion', async () => {
    for (const points of [0, 1.5, 1_000_000_001, -1_000_000_001]) {
      expectValidationProblem(await post('/customers/42/points', { points }));
    }
  });

  it('wants exactly one of points and tier in a gift', async () => {
    expectValidationProblem(await post('/customers/42/gifts', { guestId: 'g1', points: 5, tier: 1 }));
    expectValidationProblem(await post('/customers/42/gifts', { guestId: 'g1' }));
    expect((await post('/customers/42/gifts', { guestId: 'g1', tier: 1 })).statusCode).toBe(200);
  });

  it('refuses a tier gift that no host could ever give: Member, which every guest has, or the highest tier', async () => {
    for (const tier of [0, 4]) expectValidationProblem(await post('/customers/42/gifts', { guestId: 'g1', tier }), 'body');
    expect(gateway.executed).toHaveLength(0);
  });

  it('refuses a reward the catalogue does not have', async () => {
    expectValidationProblem(await post('/customers/42/redemptions', { rewardId: 'no-such-reward' }), 'body/rewardId');
    expect(gateway.executed).toHaveLength(0);
    expect((await post('/customers/42/redemptions', { rewardId: 'lounge-access' })).statusCode).toBe(201);
  });

  it('refuses malformed JSON and a missing body', async () => {
    const malformed = await app.inject({
      method: 'POST',
      url: '/customers/42/points',
      headers: { ...auth.admin, 'content-type': 'application/json' },
      payload: '{"points": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().code).toBe('validation-failed');
    expectValidationProblem(await app.inject({ method: 'POST', url: '/customers/42/points', headers: auth.admin }));
  });

  it('refuses a malformed email at enrolment', async () => {
    expectValidationProblem(await post('/customers', { customerId: 'x1', name: 'X', email: 'not-an-email' }), 'body/email');
  });
});

describe('paths, query strings and headers', () => {
  it('refuses a customer ID outside 1–64 of A-Z a-z 0-9 _ -', async () => {
    for (const id of ['bad%20id', 'x'.repeat(65), 'caf%C3%A9', 'a.b']) {
      expectValidationProblem(await get(`/customers/${id}`), 'params/customerId');
    }
  });

  it('reads numbers and booleans from query text', async () => {
    const response = await get('/customers?pageSize=1&active=true');
    expect(response.statusCode).toBe(200);
    expect(response.json().customers).toHaveLength(1);
    expect(response.json().next).toBe(`/customers?active=true&pageSize=1&pageToken=page-1`);
  });

  it('refuses bad filters', async () => {
    expectValidationProblem(await get('/customers?tier=Diamond'), 'querystring/tier');
    expectValidationProblem(await get('/customers?active=maybe'), 'querystring/active');
    expectValidationProblem(await get('/customers?pageSize=0'), 'querystring/pageSize');
    expectValidationProblem(await get('/customers?pageSize=ten'), 'querystring/pageSize');
    expectValidationProblem(await get('/customers?sort=name'), 'querystring');
    expectValidationProblem(await get('/customers/42/transactions?limit=201'), 'querystring/limit');
    expectValidationProblem(await get('/customers/42/transactions?beforeId=-1'), 'querystring/beforeId');
  });

  it('answers a forged page token with 400 invalid-page-token, not a 5xx', async () => {
    const response = await get('/customers?pageToken=forged');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'invalid-page-token', status: 400 });
  });

  it('refuses an idempotency key with spaces or over 255 characters', async () => {
    expectValidationProblem(await post('/customers/42/points', { points: 5 }, { 'idempotency-key': 'has space' }), 'headers/idempotency-key');
    expectValidationProblem(await post('/customers/42/points', { points: 5 }, { 'idempotency-key': 'k'.repeat(256) }));
  });
});
