import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { auth, buildTestApp, seedStandard } from './fake-gateway.js';

/** Sends raw bytes to a listening app and reads the whole answer (the server closes the connection). */
function rawRequest(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' && answer ? resolve(answer) : reject(error)));
    socket.on('end', () => resolve(answer));
    socket.on('close', () => resolve(answer));
    socket.write(request);
  });
}

describe('HTTP edges', () => {
  it('answers 405 with Allow for a known path and an unsupported method', async () => {
    const { app } = await buildTestApp();
    const response = await app.inject({ method: 'PUT', url: '/customers/42' });
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe('DELETE, GET, HEAD, PATCH');
    expect(response.json()).toMatchObject({ code: 'method-not-allowed', status: 405 });
    const collection = await app.inject({ method: 'DELETE', url: '/customers' });
    expect(collection.headers.allow).toBe('GET, HEAD, POST');
  });

  it('answers 405 with Allow to methods no route has, such as QUERY, without reading a body first', async () => {
    const { app } = await buildTestApp();
    for (const url of ['/customers/42', '/healthz']) {
      // QUERY is a method with a body: Fastify would otherwise want a Content-Type before routing.
      const response = await app.inject({ method: 'QUERY', url, headers: auth.storefront });
      expect(response.statusCode, response.body).toBe(405);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json()).toMatchObject({ code: 'method-not-allowed', status: 405 });
    }
    const withBody = await app.inject({ method: 'QUERY', url: '/customers/42', headers: { 'content-type': 'text/plain' }, payload: 'x' });
    expect(withBody.statusCode).toBe(405);
    expect(withBody.headers.allow).toBe('DELETE, GET, HEAD, PATCH');
    const nowhere = await app.inject({ method: 'QUERY', url: '/nothing-here' });
    expect(nowhere.statusCode).toBe(404);
    expect(nowhere.json()).toMatchObject({ code: 'not-found' });
  });

  it('answers oversized request headers with a 431 problem', async () => {
    const { app } = await buildTestApp();
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    const answer = await rawRequest(port, `GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`);
    const [head = '', body = ''] = answer.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 431 /);
    expect(head).toMatch(/\r\ncontent-type: application\/problem\+json/i);
    expect(JSON.parse(body)).toMatchObject({ code: 'headers-too-large', status: 431, type: 'urn:loyalty:problem:headers-too-large' });
    // Any other request the HTTP parser refuses is a 400 problem.
    const garbled = await rawRequest(port, 'NOT HTTP AT ALL\r\n\r\n');
    expect(garbled).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(garbled.split('\r\n\r\n')[1] ?? '')).toMatchObject({ code: 'validation-failed', status: 400 });
  });

  it('answers HEAD wherever it answers GET, with the same status and no body', async () => {
    const { app, gateway } = await buildTestApp();
    seedStandard(gateway);
    const head = await app.inject({ method: 'HEAD', url: '/customers/42', headers: auth.storefront });
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe('');
    expect((await app.inject({ method: 'HEAD', url: '/customers/42' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'HEAD', url: '/healthz' })).statusCode).toBe(200);
  });

  it('answers a malformed URL with a 400 problem', async () => {
    const { app } = await buildTestApp();
    const response = await app.inject({ url: '/customers/%zz', headers: auth.storefront });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ code: 'validation-failed', status: 400 });
  });

  it('answers a 404 problem for an unknown path', async () => {
    const { app } = await buildTestApp();
    const response = await app.inject({ url: '/customers/42/nothing-here', headers: auth.admin });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ code: 'not-found', status: 404 });
  });

  it('answers 413 for a body over the limit', async () => {
    const { app, gateway } = await buildTestApp({ environment: { BODY_LIMIT_BYTES: '100' } });
    seedStandard(gateway);
    const response = await app.inject({
      method: 'POST',
      url: '/customers/42/points',
      headers: auth.storefront,
      payload: { points: 5, reason: 'x'.repeat(200) },
    });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ code: 'payload-too-large', status: 413 });
  });

  it('answers 415 for a body that is not JSON', async () => {
    const { app, gateway } = await buildTestApp();
    seedStandard(gateway);
    const response = await app.inject({
      method: 'POST',
      url: '/customers/42/points',
      headers: { ...auth.storefront, 'content-type': 'text/plain' },
      payload: 'points=5',
    });
    expect(response.statusCode).toBe(415);
    expect(response.json().code).toBe('unsupported-media-type');
  });

  it('limits requests per API key and role with a 429 and Retry-After, leaving probes alone', async () => {
    const { app, gateway } = await buildTestApp({ environment: { RATE_LIMIT_STOREFRONT_PER_MINUTE: '2', RATE_LIMIT_ADMIN_PER_MINUTE: '1' } });
    seedStandard(gateway);
    const get = (headers: Record<string, string>) => app.inject({ url: '/customers/42', headers });
    expect((await get(auth.storefront)).statusCode).toBe(200);
    expect((await get(auth.storefront)).statusCode).toBe(200);
    const limited = await get(auth.storefront);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(limited.json()).toMatchObject({ code: 'rate-limited', status: 429 });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // Another key has its own budget, its role's; health probes have none.
    expect((await get(auth.admin)).statusCode).toBe(200);
    expect((await get(auth.admin)).statusCode).toBe(429);
    for (let i = 0; i < 5; i++) expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
  });

  it('by default lets one storefront key send more than the old 6,000 a minute at once', async () => {
    const { app, gateway } = await buildTestApp();
    seedStandard(gateway);
    const replies = await Promise.all(Array.from({ length: 7_000 }, () => app.inject({ url: '/customers/42', headers: auth.storefront })));
    expect(replies.filter((reply) => reply.statusCode === 429)).toHaveLength(0);
  }, 60_000); // seven thousand requests in process take seconds on a busy machine

  it('answers 429 with Retry-After when a customer has too many commands in flight', async () => {
    const { app, gateway } = await buildTestApp();
    const { GatewayError } = await import('../../src/gateway/gateway.js');
    seedStandard(gateway);
    gateway.execute = async () => {
      throw new GatewayError('too-many-requests', 'busy', 2);
    };
    const response = await app.inject({ method: 'POST', url: '/customers/42/points', headers: auth.storefront, payload: { points: 1 } });
    expect(response.statusCode).toBe(429);
    expect(response.headers['retry-after']).toBe('2');
    expect(response.json().code).toBe('too-many-requests');
  });

  it('sends security headers, and CORS headers only when configured', async () => {
    const { app } = await buildTestApp();
    const plain = await app.inject({ url: '/healthz', headers: { origin: 'https://shop.example' } });
    expect(plain.headers['content-security-policy']).toContain("default-src 'none'");
    expect(plain.headers['x-content-type-options']).toBe('nosniff');
    expect(plain.headers['access-control-allow-origin']).toBeUndefined();
    const { app: withCors } = await buildTestApp({ environment: { CORS_ORIGINS: 'https://shop.example' } });
    const allowed = await withCors.inject({ url: '/healthz', headers: { origin: 'https://shop.example' } });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://shop.example');
    const preflight = await withCors.inject({
      method: 'OPTIONS',
      url: '/customers/42/points',
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-headers']).toContain('Idempotency-Key');
  });

  it('serves Swagger UI under its own content security policy', async () => {
    const { app } = await buildTestApp();
    const page = await app.inject({ url: '/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
  });
});
