// The client's retry rules against a scripted fetch: each test says what the network answers, in
// order, and what the client must have sent. Against the real system: test/integration.
import { describe, expect, it } from 'vitest';
import { createLoyaltyClient, delayBefore, DEFAULT_RETRY } from '../../src/index.js';

type Scripted = Response | Error;

function scriptedNetwork(...answers: Scripted[]) {
  const sent: Request[] = [];
  const waits: number[] = [];
  const fetch = async (input: Request): Promise<Response> => {
    sent.push(input.clone());
    const next = answers.shift();
    if (!next) throw new Error('the test scripted no more answers');
    if (next instanceof Error) throw next;
    return next;
  };
  let keys = 0;
  const client = createLoyaltyClient({
    baseUrl: 'http://loyalty.test',
    apiKey: 'storefront-key',
    fetch: fetch as typeof globalThis.fetch,
    sleep: async (ms) => {
      waits.push(ms);
    },
    newIdempotencyKey: () => `key-${++keys}`,
  });
  return { client, sent, waits };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers } });
const problem = (status: number, code: string, headers: Record<string, string> = {}) => json(status, { type: `urn:loyalty:${code}`, title: code, status, code }, headers);
const applied = { entry: { id: 2, kind: 'points', delta: 100, balanceAfter: 100, at: '2026-12-01T00:00:00.000Z', idempotencyKey: 'key-1' } };

describe('a command', () => {
  it('carries one key, made for it, on every attempt, and retries 503, 429 and network failures', async () => {
    const { client, sent, waits } = scriptedNetwork(
      problem(503, 'temporal-unavailable', { 'retry-after': '2' }),
      new TypeError('fetch failed'),
      problem(429, 'rate-limited', { 'retry-after': '1' }),
      json(200, applied),
    );
    const answer = await client.addPoints('42', { points: 100, reason: 'order 1001' });
    expect(answer).toMatchObject({ status: 200, data: applied, attempts: 4, idempotencyKey: 'key-1' });
    expect(sent.map((request) => request.headers.get('idempotency-key'))).toEqual(['key-1', 'key-1', 'key-1', 'key-1']);
    expect(new Set(await Promise.all(sent.map((request) => request.text())))).toEqual(new Set(['{"points":100,"reason":"order 1001"}']));
    expect(sent.every((request) => request.headers.get('authorization') === 'Bearer storefront-key')).toBe(true);
    // Retry-After is honoured; the network failure, which names no wait, backs off.
    expect(waits[0]).toBe(2_000);
    expect(waits[1]).toBeGreaterThan(0);
    expect(waits[2]).toBe(1_000);
  });

  it('keeps the key the caller gives, and makes a new one for the next command', async () => {
    const { client, sent } = scriptedNetwork(json(200, applied), json(200, applied));
    await client.addPoints('42', { points: 100 }, { idempotencyKey: 'order-1001-points' });
    await client.addPoints('42', { points: 100 });
    expect(sent.map((request) => request.headers.get('idempotency-key'))).toEqual(['order-1001-points', 'key-1']);
  });

  it('answers a refusal at once, without retrying it', async () => {
    const { client, sent } = scriptedNetwork(problem(422, 'insufficient-points'));
    const answer = await client.redeem('42', { rewardId: 'free-shipping' });
    expect(answer).toMatchObject({ status: 422, problem: { code: 'insufficient-points' }, attempts: 1 });
    expect(sent).toHaveLength(1);
  });

  it('gives up after its attempts with the last answer, or the last network failure', async () => {
    const unavailable = Array.from({ length: DEFAULT_RETRY.attempts }, () => problem(503, 'temporal-unavailable'));
    const first = scriptedNetwork(...unavailable);
    expect(await first.client.addPoints('42', { points: 1 })).toMatchObject({ status: 503, attempts: DEFAULT_RETRY.attempts });
    const failures = Array.from({ length: DEFAULT_RETRY.attempts }, () => new TypeError('fetch failed'));
    const second = scriptedNetwork(...failures);
    await expect(second.client.addPoints('42', { points: 1 })).rejects.toThrow('fetch failed');
    expect(second.sent).toHaveLength(DEFAULT_RETRY.attempts);
  });

  it('asks for an early answer with respondAsync, and follows the 202 to its outcome', async () => {
    const location = '/customers/42/commands/key-1?fingerprint=abc';
    const pending = { idempotencyKey: 'key-1', commandType: 'addPoints', recordedAt: '2026-12-01T00:00:00.000Z', status: 'pending' };
    const { client, sent } = scriptedNetwork(
      json(202, { status: 'pending', idempotencyKey: 'key-1' }, { location }),
      json(200, pending),
      problem(503, 'temporal-unavailable'),
      json(200, { ...pending, status: 'applied', result: applied }),
    );
    const accepted = await client.addPoints('42', { points: 100 }, { respondAsync: true });
    expect(accepted).toMatchObject({ status: 202, location, idempotencyKey: 'key-1' });
    expect(sent[0]!.headers.get('prefer')).toBe('respond-async');
    const outcome = await client.settle(accepted);
    expect(outcome.data).toMatchObject({ status: 'applied', result: applied });
    expect(sent.slice(1).map((request) => new URL(request.url).pathname + new URL(request.url).search)).toEqual([location, location, location]);
  });
});

describe('the wait before a retry', () => {
  const retry = { ...DEFAULT_RETRY, maxDelayMs: 5_000 };
  it('is what Retry-After says, in seconds or as a date, never above the cap', () => {
    expect(delayBefore(2, new Response(null, { headers: { 'retry-after': '3' } }), retry)).toBe(3_000);
    expect(delayBefore(2, new Response(null, { headers: { 'retry-after': '60' } }), retry)).toBe(5_000);
    const soon = new Date(Date.now() + 2_000).toUTCString();
    expect(delayBefore(2, new Response(null, { headers: { 'retry-after': soon } }), retry)).toBeLessThanOrEqual(2_000);
  });

  it('grows with the attempts when the answer names none', () => {
    const second = delayBefore(2, undefined, retry);
    const fourth = delayBefore(4, undefined, retry);
    expect(second).toBeGreaterThanOrEqual(DEFAULT_RETRY.initialDelayMs / 2);
    expect(second).toBeLessThanOrEqual(DEFAULT_RETRY.initialDelayMs);
    expect(fourth).toBeGreaterThanOrEqual(DEFAULT_RETRY.initialDelayMs * 2);
  });
});
