import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { workflowIdFor, type Command, type CommandResult, type Customer } from '@loyalty/contracts';
import { HttpProblem } from '../errors.js';
import { fingerprintOf } from '../gateway/fingerprint.js';
import type { CommandHeaders } from './schemas.js';

export interface CommandSpec<Body> {
  customerId: string;
  command: Command;
  /** Status of an applied command's answer. */
  status: 200 | 201;
  /** The answer's body, from the account after the command and the command's result. */
  present: (customer: Customer, result: CommandResult) => Body;
  /** A Location for an applied command's answer, when it created something addressable. */
  location?: (customer: Customer, result: CommandResult) => string;
}

/**
 * Where an earlier command's outcome can be read. The fingerprint of the request makes the answer
 * this request's own: if another request took the key first, it reads as a reused key.
 */
export function commandLocation(customerId: string, idempotencyKey: string, command?: Command): string {
  const path = `/customers/${encodeURIComponent(customerId)}/commands/${encodeURIComponent(idempotencyKey)}`;
  return command === undefined ? path : `${path}?fingerprint=${fingerprintOf(command)}`;
}

function prefersAsync(prefer: string | undefined): boolean {
  return prefer !== undefined && /(^|[,\s])respond-async\s*(;|,|$)/i.test(prefer);
}

/**
 * How every command route answers, in one place: applied → the route's success, rejected → the
 * catalogued problem, outcome not known yet (it waits on another actor, the deadline passed, or
 * it was asked for asynchronously) → 202 with a Location to poll, never a "retry later" that
 * would apply it twice. `Prefer: respond-async` hands the command over without waiting (a
 * signal). The idempotency key is the client's, or one made up here so that even a
 * fire-and-forget command can be looked up afterwards; it is echoed either way.
 */
export async function runCommand<Body>(
  request: FastifyRequest<{ Headers: CommandHeaders }>,
  reply: FastifyReply,
  spec: CommandSpec<Body>,
): Promise<Body | { status: 'pending'; idempotencyKey: string }> {
  const { gateway } = request.server;
  const idempotencyKey = request.headers['idempotency-key'] ?? randomUUID();
  const commandRequest = { customerId: spec.customerId, idempotencyKey, command: spec.command };
  request.workflowId = workflowIdFor(spec.customerId);
  reply.header('idempotency-key', idempotencyKey);

  const respondAsync = prefersAsync(request.headers.prefer);
  const { outcome, customer } = respondAsync ? await gateway.submit(commandRequest) : await gateway.execute(commandRequest);
  if (outcome.status === 'pending' || customer === undefined) {
    if (respondAsync) reply.header('preference-applied', 'respond-async');
    reply.code(202).header('location', commandLocation(spec.customerId, idempotencyKey, spec.command));
    return { status: 'pending' as const, idempotencyKey };
  }
  if (outcome.status === 'rejected') throw HttpProblem.fromRejection(outcome.rejection);
  if (spec.location) reply.header('location', spec.location(customer, outcome.result));
  reply.code(spec.status);
  return spec.present(customer, outcome.result);
}
