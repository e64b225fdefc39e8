// The webhook routes' refusals and what they show, against the fake gateway; the real registry,
// deliveries and signatures are tested end to end in test/integration/webhooks.test.ts.
import { beforeEach, describe, expect, it } from 'vitest';
import type { LoyaltyApp } from '../../src/app.js';
import { auth, buildTestApp, seedStandard, type FakeGateway } from './fake-gateway.js';

let app: LoyaltyApp;
let gateway: FakeGateway;
beforeEach(async () => {
  ({ app, gateway } = await buildTestApp());
  seedStandard(gateway);
});

const send = (method: 'POST' | 'PATCH' | 'GET' | 'DELETE', url: string, payload?: unknown) =>
  app.inject({ method, url, headers: auth.admin, ...(payload === undefined ? {} : { payload: payload as object }) });

function expectProblem(response: Awaited<ReturnType<typeof send>>, status: number, code: string) {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.json()).toMatchObject({ status, code });
}

describe('webhook endpoints', () => {
  it('registers an endpoint and shows its secret only in that answer', async () => {
    const created = await send('POST', '/webhooks/endpoints', { url: 'http://localhost:9/hooks', events: ['points.changed', 'account.closed'] });
    expect(created.statusCode, created.body).toBe(201);
    const { endpoint, secret } = created.json();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(created.headers.location).toBe(`/webhooks/endpoints/${endpoint.endpointId}`);
    const read = await send('GET', `/webhooks/endpoints/${endpoint.endpointId}`);
    expect(read.json()).toMatchObject({ url: 'http://localhost:9/hooks', events: ['points.changed', 'account.closed'] });
    expect(read.body).not.toContain('whsec_');
    expect((await send('GET', '/webhooks/endpoints')).body).not.toContain('whsec_');
  });

  it.each([
    ['a URL of another scheme', { url: 'ftp://example.com/hooks', events: ['points.changed'] }],
    ['no URL at all', { url: 'not a url', events: ['points.changed'] }],
    ['an unknown event type', { url: 'https://example.com/hooks', events: ['points.stolen'] }],
    ['no events', { url: 'https://example.com/hooks', events: [] }],
    ['an event twice', { url: 'https://example.com/hooks', events: ['tier.changed', 'tier.changed'] }],
    ['a secret of its own', { url: 'https://example.com/hooks', events: ['tier.changed'], secret: 'whsec_AAAA' }],
  ])('refuses %s with a 400 problem', async (_case, body) => {
    const before = gateway.webhooks.endpoints.size;
    expectProblem(await send('POST', '/webhooks/endpoints', body), 400, 'validation-failed');
    expect(gateway.webhooks.endpoints.size).toBe(before);
  });

  it('refuses an empty change', async () => {
    expectProblem(await send('PATCH', '/webhooks/endpoints/ep_known', {}), 400, 'validation-failed');
  });

  it.each([
    ['GET', '/webhooks/endpoints/ep_unknown'],
    ['PATCH', '/webhooks/endpoints/ep_unknown'],
    ['DELETE', '/webhooks/endpoints/ep_unknown'],
    ['POST', '/webhooks/endpoints/ep_unknown/secret-rotations'],
    ['GET', '/webhooks/endpoints/ep_unknown/deliveries'],
  ] as const)('answers %s %s with a 404 problem', async (method, url) => {
    expectProblem(await send(method, url, method === 'PATCH' ? { events: ['tier.changed'] } : undefined), 404, 'webhook-endpoint-not-found');
  });

  it('answers a full registry with a 422 problem', async () => {
    const { GatewayError } = await import('../../src/gateway/gateway.js');
    gateway.webhooks.register = async () => {
      throw new GatewayError('webhook-endpoint-limit-reached', 'At most 50 webhook endpoints may be registered.');
    };
    expectProblem(await send('POST', '/webhooks/endpoints', { url: 'https://example.com/hooks', events: ['tier.changed'] }), 422, 'webhook-endpoint-limit-reached');
  });

  it('rotates a secret and says until when the previous one signs', async () => {
    const rotated = await send('POST', '/webhooks/endpoints/ep_known/secret-rotations');
    expect(rotated.statusCode).toBe(201);
    expect(rotated.json().secret).toMatch(/^whsec_/);
    expect(Date.parse(rotated.json().endpoint.previousSecretExpiresAt)).toBeGreaterThan(Date.now());
  });

  it('bounds the delivery log page and refuses a bigger one', async () => {
    gateway.webhooks.deliveryLog.set(
      'ep_known',
      Array.from({ length: 3 }, (_, index) => ({ eventId: `c1/notification-${index}`, eventType: 'points.changed' as const, status: 'delivered' as const, startedAt: '2026-01-01T00:00:00.000Z' })),
    );
    const first = await send('GET', '/webhooks/endpoints/ep_known/deliveries?pageSize=2');
    expect(first.json().deliveries).toHaveLength(2);
    const second = await send('GET', `/webhooks/endpoints/ep_known/deliveries?pageSize=2&pageToken=${first.json().nextPageToken}`);
    expect(second.json().deliveries).toHaveLength(1);
    expectProblem(await send('GET', '/webhooks/endpoints/ep_known/deliveries?pageSize=101'), 400, 'validation-failed');
  });
});
