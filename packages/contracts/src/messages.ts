import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  CommandBatch,
  CommandBatchResult,
  CommandRecord,
  Customer,
  Enrolment,
  LedgerPage,
  LedgerPageRequest,
} from './schemas.js';

/**
 * Every message of the loyalty actor. No other file spells a message name: both the worker and
 * the gateway import these definitions. The first four signals and two queries are the wire
 * names of SPEC §2, shared with the reference implementations.
 */

/** Adds (or, when negative, removes) points. Fire-and-forget: a refused change is only logged. */
export const addLoyaltyPointsSignal = defineSignal<[points: number]>('addLoyaltyPoints');
export const inviteGuestSignal = defineSignal<[guestId: string]>('inviteGuest');
export const ensureMinimumStatusSignal = defineSignal<[tierOrdinal: number]>('ensureMinimumStatus');
export const cancelAccountSignal = defineSignal('cancelAccount');

export const getStatusQuery = defineQuery<Customer>('getStatus');
export const getGuestsQuery = defineQuery<string[]>('getGuests');

/**
 * The synchronous command path: a batch of commands, each with its own idempotency key and its
 * own outcome. The validator refuses malformed batches before they reach history; rules of the
 * program (not enough points, tier too low) come back as per-command rejections.
 */
export const executeCommandsUpdate = defineUpdate<CommandBatchResult, [batch: CommandBatch]>('executeCommands');

/** The asynchronous command path: the same batch, durably accepted now, applied in order later. */
export const submitCommandsSignal = defineSignal<[batch: CommandBatch]>('submitCommands');

/** The outcome of an earlier keyed command, or null if the actor holds no record of that key. */
export const getCommandOutcomeQuery = defineQuery<CommandRecord | null, [idempotencyKey: string]>(
  'getCommandOutcome',
);

/** A page of the recent ledger window, newest first. */
export const getLedgerQuery = defineQuery<LedgerPage, [request: LedgerPageRequest]>('getLedger');

/** Workflow input as callers give it: the enrolment, plus knobs that tests and operators may set. */
export interface CustomerLoyaltyInput extends Enrolment {
  /**
   * Continue-as-new once history reaches this many events, even before Temporal suggests it.
   * Tests set it low to cross many run boundaries quickly.
   */
  continueAsNewAfterEvents?: number;
}
