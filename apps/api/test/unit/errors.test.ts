import { describe, expect, it, vi } from 'vitest';
import { FAILURE_CODES } from '@loyalty/contracts';
import { GATEWAY_ERROR_CODES, GatewayError } from '../../src/gateway/gateway.js';
import { HttpProblem, PROBLEM_CODES, type ProblemCode } from '../../src/errors.js';
import { auth, buildTestApp, seedStandard } from './fake-gateway.js';

/** The catalogue as the product defines it, written out independently of errors.ts. */
const EXPECTED: Record<ProblemCode, number> = {
  'invalid-command': 400,
  'account-closed': 409,
  'insufficient-points': 422,
  'guest-limit-reached': 422,
  'guest-already-invited': 409,
  'cannot-invite-self': 422,
  'guest-account-closed': 409,
  'not-your-guest': 403,
  'gift-tier-too-high': 422,
  'unknown-reward': 422,
  'reward-locked': 422,
  'idempotency-key-reused': 422,
  'peer-unavailable': 503,
  'peer-work-limit-reached': 429,
  'gift-tier-already-given': 422,
  'balance-limit-reached': 422,
  'not-before-too-far': 422,
  'scheduled-command-limit-reached': 422,
  'scheduled-command-not-found': 404,
  'command-already-run': 409,
  'command-cancelled': 409,
  'customer-not-found': 404,
  'customer-exists': 409,
  'invalid-page-token': 400,
  'webhook-endpoint-not-found': 404,
  'webhook-endpoint-limit-reached': 422,
  'too-many-requests': 429,
  'temporal-unavailable': 503,
  'validation-failed': 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  'method-not-allowed': 405,
  'request-timeout': 408,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  'headers-too-large': 431,
  'rate-limited': 429,
  'shutting-down': 503,
  'internal-error': 500,
};

const RETRYABLE = new Set([429, 503]);

function expectProblem(response: { statusCode: number; headers: Record<string, unknown>; json(): any }, code: ProblemCode) {
  expect(response.statusCode).toBe(EXPECTED[code]);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = response.json();
  expect(problem).toMatchObject({ type: `urn:loyalty:problem:${code}`, status: EXPECTED[code], code });
  expect(problem.title).toEqual(expect.any(String));
  expect(problem.detail).toEqual(expect.any(String));
  expect(problem.instance).toBe(`urn:uuid:${problem.requestId}`);
  expect(response.headers['x-request-id']).toBe(problem.requestId);
  if (RETRYABLE.has(EXPECTED[code])) expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  else expect(response.headers['retry-after']).toBeUndefined();
}

describe('the catalogue', () => {
  it.each(PROBLEM_CODES)('%s is rendered as its status and a full problem', async (code) => {
    const { app } = await buildTestApp({
      prepare: (app) =>
        app.get('/test/problem', { config: { access: 'public' } }, async () => {
          throw new HttpProblem(code, `a ${code} for testing`);
        }),
    });
    const response = await app.inject({ url: '/test/problem' });
    expectProblem(response, code);
    expect(response.json().detail).toBe(`a ${code} for testing`);
  });
});

describe('a rejection the gateway reports', () => {
  it.each(FAILURE_CODES)('%s', async (code) => {
    const { app, gateway } = await buildTestApp();
    seedStandard(gateway);
    vi.spyOn(gateway, 'execute').mockResolvedValue({
      outcome: { status: 'rejected', rejection: { code, detail: `the actor said ${code}` } },
      customer: await gateway.getCustomer('42'),
    });
    const response = await app.inject({ method: 'POST', url: '/customers/42/points', headers: auth.storefront, payload: { points: 5 } });
    expectProblem(response, code);
    expect(response.json().detail).toBe(`the actor said ${code}`);
  });
});

describe('errors from the gateway', () => {
  it.each(GATEWAY_ERROR_CODES)('%s', async (code) => {
    const { app, gateway } = await buildTestApp();
    vi.spyOn(gateway, 'getCustomer').mockRejectedValue(new GatewayError(code, `gateway says ${code}`, 7));
    const response = await app.inject({ url: '/customers/42', headers: auth.storefront });
    expectProblem(response, code);
    if (RETRYABLE.has(EXPECTED[code])) expect(response.headers['retry-after']).toBe('7');
  });

  it('does not pass a 5xx gateway message on to the client', async () => {
    const { app, gateway } = await buildTestApp();
    vi.spyOn(gateway, 'getCustomer').mockRejectedValue(
      new GatewayError('temporal-unavailable', '14 UNAVAILABLE: connect ECONNREFUSED 10.1.2.3:7233'),
    );
    const response = await app.inject({ url: '/customers/42', headers: auth.storefront });
    expect(response.statusCode).toBe(503);
    expect(response.body).not.toContain('ECONNREFUSED');
    expect(response.headers['retry-after']).toBe('2');
  });
});

describe('anything else', () => {
  it('is a 500 that shows nothing of the internals', async () => {
    const { app, gateway } = await buildTestApp();
    const secret = new Error('password=hunter2 at /srv/secret/path.ts:42');
    vi.spyOn(gateway, 'getCustomer').mockRejectedValue(secret);
    const response = await app.inject({ url: '/customers/42', headers: auth.storefront });
    expectProblem(response, 'internal-error');
    expect(response.body).not.toMatch(/hunter2|secret|path\.ts|stack/);
  });

  it('is a 500 also when a reply does not fit its schema', async () => {
    const { app, gateway } = await buildTestApp();
    vi.spyOn(gateway, 'getCustomer').mockResolvedValue({ customerId: '42' } as never);
    const response = await app.inject({ url: '/customers/42', headers: auth.storefront });
    expect(response.statusCode).toBe(500);
    expect(response.json().code).toBe('internal-error');
  });
});
