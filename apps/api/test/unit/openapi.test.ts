import { describe, expect, it } from 'vitest';
import { HIGHEST_TIER, REWARDS } from '@loyalty/contracts';
import { buildTestApp } from './fake-gateway.js';
import { ROUTES } from './routes-table.js';

const { app } = await buildTestApp({ closeAfter: 'file' });
const response = await app.inject({ url: '/openapi.json' });
const document = response.json();

type Operation = {
  operationId: string;
  summary: string;
  tags: string[];
  security: unknown[];
  responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }>;
};
const operations: Array<{ method: string; path: string; operation: Operation }> = Object.entries(
  document.paths as Record<string, Record<string, Operation>>,
).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })));

describe('the OpenAPI document at /openapi.json', () => {
  it('is served without a key, as OpenAPI 3.1', () => {
    expect(response.statusCode).toBe(200);
    expect(document.openapi).toBe('3.1.0');
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('has every route, and nothing else', () => {
    expect(operations.map(({ method, path }) => `${method} ${path}`).sort()).toEqual(
      ROUTES.map(({ method, path }) => `${method} ${path}`).sort(),
    );
  });

  it('marks a query parameter required only when the API refuses a request without it', () => {
    // A default makes it optional: Fastify fills it in. Clients generated from the document
    // (packages/client) would otherwise demand it.
    const parameters = Object.values(document.paths as Record<string, Record<string, { parameters?: Array<{ in: string; name: string; required: boolean; schema: { default?: unknown } }> }>>)
      .flatMap((methods) => Object.values(methods))
      .flatMap((operation) => operation.parameters ?? [])
      .filter((parameter) => parameter.in === 'query');
    expect(parameters.length).toBeGreaterThan(0);
    expect(parameters.filter((parameter) => parameter.required && parameter.schema.default !== undefined).map((parameter) => parameter.name)).toEqual([]);
  });

  it.each(ROUTES)('$operationId documents every status it can answer', (route) => {
    const operation = document.paths[route.path][route.method.toLowerCase()] as Operation;
    expect(operation.operationId).toBe(route.operationId);
    expect(operation.summary).toEqual(expect.any(String));
    expect(operation.tags).toHaveLength(1);
    expect(Object.keys(operation.responses).map(Number).sort((a, b) => a - b)).toEqual([...route.statuses].sort((a, b) => a - b));
    expect(operation.security).toEqual(route.access === 'public' ? [] : [{ bearerAuth: [] }]);
    for (const [status, answer] of Object.entries(operation.responses)) {
      if (Number(status) >= 400) {
        expect(answer.content?.['application/problem+json']?.schema.$ref).toBe('#/components/schemas/Problem');
      }
    }
  });

  it('says what the validation of gifts and redemptions says: the rewards there are, the tiers a gift can give', () => {
    const bodyOf = (path: string) => document.paths[path].post.requestBody.content['application/json'].schema;
    expect(bodyOf('/customers/{customerId}/redemptions').properties.rewardId.enum).toEqual(REWARDS.map((reward) => reward.rewardId));
    const tierGift = bodyOf('/customers/{customerId}/gifts').anyOf.find((shape: { title: string }) => shape.title === 'TierGift');
    expect(tierGift.properties.tier).toMatchObject({ minimum: 1, maximum: HIGHEST_TIER.ordinal - 1 });
  });
});
