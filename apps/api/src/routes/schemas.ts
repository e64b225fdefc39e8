import { Type, type Static, type TObject, type TProperties, type TSchema } from 'typebox';
import { CustomerIdSchema, IdempotencyKeySchema, type Customer } from '@loyalty/contracts';
import type { Problem } from '../errors.js';

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


/**
 * A command route's body: the contract's command without its `type`, which the route implies, so
 * that the API and the actor check one definition.
 */
export function commandBody<Properties extends TProperties & { type: TSchema }>(
  command: TObject<Properties>,
  options: { description?: string; title?: string } = {},
) {
  const { type: _implied, ...fields } = command.properties;
  // "At least n properties" counted `type`, which the body does not carry.
  const { minProperties: counted } = command as { minProperties?: number };
  const minProperties = counted === undefined ? {} : { minProperties: counted - 1 };
  return Type.Object(fields as Omit<Properties, 'type'>, { additionalProperties: false, ...minProperties, ...options });
}
