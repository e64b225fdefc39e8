import { beforeEach, describe, expect, it } from 'vitest';
import type { LoyaltyApp } from '../../src/app.js';
import { auth, buildTestApp, seedStandard, type FakeGateway } from './fake-gateway.js';
import { ROUTES } from './routes-table.js';

type Caller = keyof typeof auth;

function expectedStatus(access: string, caller: Caller, ok: number): number {
  if (access === 'public') return ok;
  if (caller === 'none' || caller === 'wrong') return 401;
  if (access === 'admin' && caller === 'storefront') return 403;
  return ok;
}

describe.each(ROUTES)('$method $url ($access)', (route) => {
  let app: LoyaltyApp;
  let gateway: FakeGateway;
  beforeEach(async () => {
    ({ app, gateway } = await buildTestApp());
    seedStandard(gateway);
  });

  it.each(['none', 'wrong', 'storefront', 'admin'] as const)('with %s key', async (caller) => {
    const response = await app.inject({
      method: route.method,
      url: route.url,
      headers: auth[caller],
      ...(route.body === undefined ? {} : { payload: route.body as object }),
    });
    const expected = expectedStatus(route.access, caller, route.ok);
    expect(response.statusCode, response.body).toBe(expected);
    if (expected === 401) {
      expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="loyalty"/);
      expect(response.json()).toMatchObject({ code: 'unauthorized', status: 401 });
      if (caller === 'wrong') expect(response.headers['www-authenticate']).toContain('error="invalid_token"');
    }
    if (expected === 403) expect(response.json()).toMatchObject({ code: 'forbidden', status: 403 });
    // A refused caller never reaches the actors.
    if (expected >= 400) expect(gateway.executed).toHaveLength(0);
  });
});

describe('keys', () => {
  it('accepts the scheme in any case and refuses other schemes', async () => {
    const { app, gateway } = await buildTestApp();
    seedStandard(gateway);
    const lower = await app.inject({ url: '/customers/42', headers: { authorization: 'bearer storefront-secret-key' } });
    expect(lower.statusCode).toBe(200);
    const basic = await app.inject({ url: '/customers/42', headers: { authorization: 'Basic c3RvcmVmcm9udA==' } });
    expect(basic.statusCode).toBe(401);
    const prefix = await app.inject({ url: '/customers/42', headers: { authorization: 'Bearer storefront-secret' } });
    expect(prefix.statusCode).toBe(401);
  });

  it('serves everyone as admin only when auth is switched off explicitly', async () => {
    const { app, gateway } = await buildTestApp({ environment: { LOYALTY_AUTH_DISABLED: 'true' } });
    seedStandard(gateway);
    const response = await app.inject({ method: 'GET', url: '/customers' });
    expect(response.statusCode).toBe(200);
  });

  it('never writes a key into the logs', async () => {
    const lines: string[] = [];
    const { pino } = await import('pino');
    const logger = pino({ level: 'trace' }, { write: (line: string) => lines.push(line) });
    const { buildApp } = await import('../../src/app.js');
    const { FakeGateway, testConfig, ADMIN_KEY, STOREFRONT_KEY } = await import('./fake-gateway.js');
    const gateway = new FakeGateway();
    seedStandard(gateway);
    const app = buildApp({ gateway, config: testConfig(), logger });
    await app.inject({ url: '/customers/42', headers: auth.storefront });
    await app.inject({ url: '/customers', headers: auth.storefront });
    await app.inject({ url: '/customers/42', headers: auth.wrong });
    await app.close();
    const log = lines.join('');
    expect(log).toContain('storefront-key-2');
    expect(log).toContain('"workflowId":"customer-42"');
    expect(log).not.toContain(STOREFRONT_KEY);
    expect(log).not.toContain(ADMIN_KEY);
    expect(log).not.toContain('not-a-key');
  });
});
