import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadApiConfig } from '../../src/config.js';
import type { LoyaltyGateway } from '../../src/gateway/gateway.js';

describe('GET /metrics', () => {
  it('counts requests and times them by route pattern and status, without a key', async () => {
    const app = buildApp({
      gateway: {} as LoyaltyGateway,
      config: loadApiConfig({ LOYALTY_API_KEYS: 'metrics-admin=admin' }),
    });
    const authorization = 'Bearer metrics-admin';
    await app.inject({ method: 'GET', url: '/tiers', headers: { authorization } });
    await app.inject({ method: 'GET', url: '/tiers', headers: { authorization } });
    await app.inject({ method: 'GET', url: '/tiers' });

    const reply = await app.inject({ method: 'GET', url: '/metrics' });
    expect(reply.statusCode).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^text\/plain/);
    expect(reply.body).toContain('http_request_duration_seconds_count{method="GET",route="/tiers",status_code="200"} 2');
    expect(reply.body).toContain('http_request_duration_seconds_count{method="GET",route="/tiers",status_code="401"} 1');
    expect(reply.body).toMatch(/http_request_duration_seconds_bucket\{le="0\.\d+",method="GET",route="\/tiers"/);
    expect(reply.body).toContain('process_cpu_user_seconds_total');
    await app.close();
  });
});
