import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  CommandBatch,
  CommandBatchResult,
  CommandOutcomeRequest,
  CommandRecord,
  Customer,
  Enrolment,
  GiftDelivery,
  GiftReceipt,
  GiftReceiptRequest,
  Invitation,
  PointsExpiryPolicy,
  LedgerPage,
  LedgerPageRequest,
  ScheduledCommand,
} from './schemas.js';
import type {
  ChangeWebhookEndpoint,
  RegisterWebhookEndpoint,
  RotateWebhookSecret,
  WebhookEndpointRecord,
  WebhookEndpointRef,
} from './webhooks.js';

/**
 * Every message of the loyalty actor. No other file spells a message name: both the worker and
 * the gateway import these definitions. The first four signals and two queries are the wire
 * names of SPEC §2, shared with the reference implementations.
 */

/** Adds (or, when negative, removes) points. Fire-and-forget: a refused change is only logged. */
export const addLoyaltyPointsSignal = defineSignal<[points: number]>('addLoyaltyPoints');
export const inviteGuestSignal = defineSignal<[guestId: string]>('inviteGuest');
/** A host's invitation adds who invites, so that the guest is raised once per host however often it arrives. */
export const ensureMinimumStatusSignal = defineSignal<[tierOrdinal: number, invitation?: Invitation]>('ensureMinimumStatus');
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

/**
 * The outcome of an earlier keyed command, or null if the actor holds no record of that key.
 * Asked with a fingerprint that is not the recorded one, it answers that the key was reused
 * (an `idempotency-key-reused` rejection). A bare key is accepted too, for scripts.
 */
export const getCommandOutcomeQuery = defineQuery<CommandRecord | null, [request: CommandOutcomeRequest | string]>(
  'getCommandOutcome',
);

/** A host's actor delivering a gift to its guest's; answered from the guest's gift register. */
export const receiveGiftUpdate = defineUpdate<GiftReceipt, [delivery: GiftDelivery]>('receiveGift');

/** What a guest did with a host's gift, or null: how a host learns it from a guest that has closed. */
export const getGiftReceiptQuery = defineQuery<GiftReceipt | null, [request: GiftReceiptRequest]>('getGiftReceipt');

/** A page of the recent ledger window, newest first. */
export const getLedgerQuery = defineQuery<LedgerPage, [request: LedgerPageRequest]>('getLedger');

/** Workflow input as callers give it: the enrolment, plus knobs that tests and operators may set. */
export interface CustomerLoyaltyInput extends Enrolment {
  /** When the account was opened, as its enroller said: the account and the enrolment's answer agree. */
  enrolledAt?: string;
  /**
   * Continue-as-new once history reaches this many events, even before Temporal suggests it.
   * Tests set it low to cross many run boundaries quickly.
   */
  continueAsNewAfterEvents?: number;
  /** When this account's earned points expire; absent: never. Guests invited by it get the same. */
  pointsExpiry?: PointsExpiryPolicy;
}

/** Commands waiting for their `notBefore` time, the soonest first. */
export const getScheduledCommandsQuery = defineQuery<ScheduledCommand[]>('getScheduledCommands');

/** The webhook endpoint registry (webhookRegistryWorkflowId): every change is an update, reads a query. */
export const registerWebhookEndpointUpdate = defineUpdate<WebhookEndpointRecord, [request: RegisterWebhookEndpoint]>('registerWebhookEndpoint');
export const changeWebhookEndpointUpdate = defineUpdate<WebhookEndpointRecord, [request: ChangeWebhookEndpoint]>('changeWebhookEndpoint');
export const deleteWebhookEndpointUpdate = defineUpdate<void, [request: WebhookEndpointRef]>('deleteWebhookEndpoint');
export const rotateWebhookSecretUpdate = defineUpdate<WebhookEndpointRecord, [request: RotateWebhookSecret]>('rotateWebhookSecret');
export const getWebhookEndpointsQuery = defineQuery<WebhookEndpointRecord[]>('getWebhookEndpoints');
