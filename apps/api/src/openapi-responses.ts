import type { FastifySchema } from 'fastify';
import { Type, type TSchema } from 'typebox';
import { PROBLEM_CONTENT_TYPE, PROBLEM_KINDS, type ProblemCode } from './errors.js';

/**
 * How answers are documented in the OpenAPI document, in one place: success answers with their
 * headers, problem answers by code (from the one catalogue in errors.ts), the 202 of commands,
 * and what plugins add to every route they serve.
 */

export const PendingCommandSchema = Type.Object(
  {
    status: Type.Literal('pending'),
    idempotencyKey: Type.String(),
  },
  { additionalProperties: false, description: 'Accepted; the outcome is at the Location header.' },
);

const LocationHeader = { type: 'string', description: 'Where the resource, or the command\u2019s outcome, can be read.' };
const IdempotencyKeyHeader = { type: 'string', description: 'The idempotency key the command was recorded under.' };

/** A JSON success answer, documented with its headers. */
export function jsonResponse<Schema extends TSchema>(
  description: string,
  schema: Schema,
  headers: { location?: boolean; idempotencyKey?: boolean } = {},
) {
  return {
    description,
    ...(headers.location || headers.idempotencyKey
      ? {
          headers: {
            ...(headers.location ? { Location: LocationHeader } : {}),
            ...(headers.idempotencyKey ? { 'Idempotency-Key': IdempotencyKeyHeader } : {}),
          },
        }
      : {}),
    content: { 'application/json': { schema } },
  };
}

/** What any command can be refused with, besides its own rules' answers given as `extra`. */
export function commandProblemResponses(...extra: ProblemCode[]) {
  return problemResponses(
    'invalid-command',
    'customer-not-found',
    'account-closed',
    'idempotency-key-reused',
    'too-many-requests',
    'temporal-unavailable',
    ...extra,
  );
}

/** The 202 of every command: with Prefer: respond-async, while it waits on another actor, or until its time. */
export const pendingResponse = jsonResponse(
  'Accepted but not finished: with Prefer: respond-async, while the command waits on another account, ' +
    'or until its notBefore time. Poll the Location for the outcome.',
  PendingCommandSchema,
  { location: true, idempotencyKey: true },
);


/** A documented problem answer, referring to the shared Problem schema. */
export function problemResponse(description: string) {
  return { description, content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: 'Problem#' } } } };
}

/** Documented answers for the codes a route can give, one per status, titled by its codes. */
export function problemResponses(...codes: ProblemCode[]): Record<number, ReturnType<typeof problemResponse>> {
  const byStatus = new Map<number, string[]>();
  for (const code of codes) {
    const kind = PROBLEM_KINDS[code];
    byStatus.set(kind.status, [...(byStatus.get(kind.status) ?? []), `${kind.title} (${code})`]);
  }
  return Object.fromEntries([...byStatus].map(([status, titles]) => [status, problemResponse(titles.join(' · '))]));
}

/**
 * Adds problem answers to a route's documented responses, so that the OpenAPI document lists
 * every status a route can give, including those that plugins give for it.
 */
export function documentResponses(
  schema: FastifySchema | undefined,
  method: string | string[],
  codes: readonly ProblemCode[],
): void {
  if (!schema || (schema as { hide?: boolean }).hide) return;
  if ([method].flat().every((m) => m === 'HEAD')) return;
  const response = ((schema as { response?: Record<string, { description?: string }> }).response ??= {});
  for (const code of codes) {
    const { status, title } = PROBLEM_KINDS[code];
    const label = `${title} (${code})`;
    const existing = response[String(status)];
    if (!existing) response[String(status)] = problemResponse(label);
    else if (!existing.description?.includes(`(${code})`)) {
      existing.description = existing.description ? `${existing.description} · ${label}` : label;
    }
  }
}
