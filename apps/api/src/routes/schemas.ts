import { Type, type Static, type TObject, type TProperties, type TSchema } from 'typebox';
import { CustomerIdSchema, IdempotencyKeySchema, type Customer } from '@loyalty/contracts';
import { problemResponses, type Problem, type ProblemCode } from '../errors.js';

/** Schemas of the HTTP surface that several routes share; the domain's own come from contracts. */

/** The shared Customer schema (added once in plugins/validation.ts), by reference. */
export const CustomerRef = Type.Unsafe<Customer>({ $ref: 'Customer#' });
export const ProblemRef = Type.Unsafe<Problem>({ $ref: 'Problem#' });

export const CustomerParamsSchema = Type.Object({ customerId: CustomerIdSchema }, { additionalProperties: false });
export type CustomerParams = Static<typeof CustomerParamsSchema>;

/** Headers of every command: both optional; see runCommand for what they do. */
export const CommandHeadersSchema = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      ...IdempotencyKeySchema,
      description:
        'Makes a retry safe: the same key answers the first outcome and changes nothing; the same key ' +
        'with a different body is a 422 (idempotency-key-reused). Without one the server makes one up ' +
        'and returns it in the Idempotency-Key response header.',
    }),
  ),
  prefer: Type.Optional(
    Type.String({
      description: '`respond-async` hands the command over durably and answers 202 at once, without waiting for its outcome.',
      examples: ['respond-async'],
    }),
  ),
});
export type CommandHeaders = Static<typeof CommandHeadersSchema>;

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

/** The 202 of every command: with Prefer: respond-async, or when the actor is still waiting on another. */
export const pendingResponse = jsonResponse(
  'Accepted but not finished: with Prefer: respond-async, or while the command waits on another account. ' +
    'Poll the Location for the outcome.',
  PendingCommandSchema,
  { location: true, idempotencyKey: true },
);

/**
 * A command route's body: the contract's command without its `type`, which the route implies, so
 * that the API and the actor check one definition.
 */
export function commandBody<Properties extends TProperties & { type: TSchema }>(
  command: TObject<Properties>,
  options: { description?: string; title?: string } = {},
) {
  const { type: _implied, ...fields } = command.properties;
  return Type.Object(fields as Omit<Properties, 'type'>, { additionalProperties: false, ...options });
}
