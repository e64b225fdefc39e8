import * as wf from '@temporalio/workflow';
import { Value } from 'typebox/value';
import {
  APPLICATION_FAILURE_TYPES,
  CommandBatchSchema,
  CustomerIdSchema,
  EnrolmentSchema,
  LedgerPageRequestSchema,
  TierOrdinalSchema,
  accountActiveSearchAttribute,
  addLoyaltyPointsSignal,
  cancelAccountSignal,
  ensureMinimumStatusSignal,
  executeCommandsUpdate,
  getCommandOutcomeQuery,
  getGuestsQuery,
  getLedgerQuery,
  getStatusQuery,
  inviteGuestSignal,
  submitCommandsSignal,
  tierSearchAttribute,
  type Command,
  type CommandBatch,
  type CommandBatchResult,
  type CommandEnvelope,
  type Customer,
  type CustomerLoyaltyInput,
  type Enrolment,
  type SettledOutcome,
} from '@loyalty/contracts';
import type { Static, TSchema } from 'typebox';
import type { createActivities } from '../activities/index.js';
import * as account from '../domain/account.js';
import { admit, findRecord, recall, recordPending, settleRecord } from '../domain/idempotency.js';
import { ledgerPage } from '../domain/ledger.js';
import type { AccountState } from '../domain/state.js';

type Activities = ReturnType<typeof createActivities>;

/** Notifications: about ten attempts over a few minutes, then given up (logged); never fatal. */
const { sendNotification } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 10 },
});

/**
 * Messages to other actors. A gift is retried until the guest gives a definite answer, because
 * giving up while not knowing whether the guest was credited could count points twice; the
 * guest deduplicates by gift ID, so retrying is always safe. An invitation gives up after an hour.
 */
const { deliverGift } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
const { inviteGuest } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '15 seconds',
  scheduleToCloseTimeout: '1 hour',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** What a run starts from: the enrolment, and from the second run on the state carried over. */
export interface CustomerLoyaltyRunInput extends CustomerLoyaltyInput {
  carried?: AccountState;
}

/**
 * One customer account: an actor that lives as long as the account. Handlers are thin: they
 * check the message's shape and hand it to the domain state machine (../domain), which owns
 * every rule of the program. The main loop does only lifecycle work: continue-as-new before
 * history grows large, and completion once the account is closed.
 */
export async function CustomerLoyaltyWorkflow(input: CustomerLoyaltyRunInput): Promise<Customer> {
  const state = input.carried ?? account.openAccount(validEnrolment(input), Date.now());

  // --- Reads -----------------------------------------------------------------------------------
  wf.setHandler(getStatusQuery, () => account.toCustomer(state));
  wf.setHandler(getGuestsQuery, () => [...state.guests]);
  wf.setHandler(getLedgerQuery, (request) => ledgerPage(state.ledger, checked(LedgerPageRequestSchema, request)));
  wf.setHandler(getCommandOutcomeQuery, (idempotencyKey) => {
    const record = findRecord(state, idempotencyKey);
    return record === undefined ? null : recall(state, record);
  });

  // --- Commands --------------------------------------------------------------------------------
  wf.setHandler(executeCommandsUpdate, runBatch, {
    // Runs before the update reaches history: a malformed batch costs nothing and changes nothing.
    validator: (batch) => {
      checked(CommandBatchSchema, batch);
    },
  });
  wf.setHandler(submitCommandsSignal, async (batch) => {
    if (!Value.Check(CommandBatchSchema, batch)) return ignoreMalformed('submitCommands', batch);
    await runBatch(batch);
  });

  // The reference implementations' fire-and-forget signals: same rules, no caller to answer.
  wf.setHandler(addLoyaltyPointsSignal, (points) =>
    signalled({ type: 'addPoints', points }, Number.isSafeInteger(points)),
  );
  wf.setHandler(inviteGuestSignal, (guestId) =>
    signalled({ type: 'inviteGuest', guestId }, Value.Check(CustomerIdSchema, guestId)),
  );
  wf.setHandler(ensureMinimumStatusSignal, (tier) =>
    signalled({ type: 'ensureMinimumStatus', tier }, Value.Check(TierOrdinalSchema, tier)),
  );
  wf.setHandler(cancelAccountSignal, () => signalled({ type: 'cancelAccount' }, true));

  // --- Side work that follows the state ----------------------------------------------------------
  void deliverNotifications(state).catch(unlessCancelled);
  void keepSearchAttributesCurrent(state).catch(unlessCancelled);

  // --- Lifecycle --------------------------------------------------------------------------------
  const historyLimit = input.continueAsNewAfterEvents;
  const historyIsLong = () =>
    wf.workflowInfo().continueAsNewSuggested ||
    (historyLimit !== undefined && wf.workflowInfo().historyLength >= historyLimit);

  await wf.condition(() => !state.accountActive || historyIsLong());
  // Never cut a handler short: an invitation or gift in flight finishes in this run.
  await wf.condition(wf.allHandlersFinished);

  if (!state.accountActive) {
    // Deliver the farewell (and anything before it) while the account can still be read.
    await wf.condition(() => state.outbox.length === 0 && wf.allHandlersFinished());
    return account.toCustomer(state);
  }
  // Notifications still in the outbox are sent again by the next run; their IDs stay the same.
  return await wf.continueAsNew<typeof CustomerLoyaltyWorkflow>({ ...input, carried: state });

  // --- Helpers, closing over this run's state ----------------------------------------------------

  async function runBatch(batch: CommandBatch): Promise<CommandBatchResult> {
    // Each command's checks and changes run in batch order up to its first wait on another
    // actor (an invitation, a gift); what follows such a wait lands after the later commands.
    const outcomes = await Promise.all(batch.commands.map(execute));
    return { outcomes, customer: account.toCustomer(state) };
  }

  async function execute(envelope: CommandEnvelope): Promise<SettledOutcome> {
    const admission = admit(state, envelope);
    if (admission.kind === 'conflict') return { status: 'rejected', rejection: admission.rejection };
    if (admission.kind === 'repeat') {
      const { record } = admission;
      await wf.condition(() => record.outcome.status !== 'pending' || !state.commands.includes(record));
      // A record dropped meanwhile held a "try again" outcome: this repeat is that retry.
      if (!state.commands.includes(record)) return execute(envelope);
      return recall(state, record).outcome as SettledOutcome;
    }
    recordPending(state, envelope, Date.now());
    const decision = await decide(envelope.command, envelope.idempotencyKey);
    const outcome: SettledOutcome = decision.ok
      ? { status: 'applied', result: decision.result }
      : { status: 'rejected', rejection: decision.rejection };
    settleRecord(state, envelope.idempotencyKey, outcome);
    return outcome;
  }

  async function decide(command: Command, idempotencyKey: string | undefined): Promise<account.Decision> {
    const now = Date.now();
    switch (command.type) {
      case 'addPoints':
        return account.addPoints(state, command, now, idempotencyKey);
      case 'ensureMinimumStatus':
        return account.ensureMinimumStatus(state, command.tier, now, {
          ...(command.reason === undefined ? {} : { reason: command.reason }),
          ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
        });
      case 'cancelAccount':
        return account.cancelAccount(state);
      case 'redeemReward':
        return account.redeemReward(state, command, now, idempotencyKey);
      case 'receiveGift':
        return account.receiveGift(state, command, now, idempotencyKey);
      case 'inviteGuest': {
        const plan = account.beginInvitation(state, command.guestId);
        if (!plan.ok) return plan;
        const outcome = await inviteGuest({
          hostId: state.customerId,
          guestId: plan.result.guestId,
          guestTier: plan.result.guestTier.ordinal,
        }).catch((error: unknown) => {
          wf.log.warn('Guest could not be reached', { guestId: command.guestId, error: String(error) });
          return 'guestUnreachable' as const;
        });
        return account.finishInvitation(state, plan.result.guestId, outcome);
      }
      case 'gift': {
        const plan = account.beginGift(state, command, now, idempotencyKey);
        if (!plan.ok) return plan;
        const { entry: _debit, ...gift } = plan.result;
        const delivery = await deliverGift({ ...gift, hostId: state.customerId });
        const asDecision: account.Decision =
          delivery.status === 'applied' ? { ok: true, result: delivery.result } : { ok: false, rejection: delivery.rejection };
        return account.finishGift(state, plan.result, asDecision, Date.now());
      }
    }
  }

  async function signalled(command: Command, wellFormed: boolean): Promise<void> {
    if (!wellFormed) return ignoreMalformed(command.type, command);
    const outcome = await execute({ command });
    if (outcome.status === 'rejected') {
      wf.log.warn('Signalled command refused', { command, rejection: outcome.rejection });
    }
  }
}

/** Sends what the outbox holds, each notification once per run, without ever blocking the actor. */
async function deliverNotifications(state: AccountState): Promise<void> {
  // In-memory only: a new run starts with nothing in flight and sends the carried outbox again.
  const sending = new Set<string>();
  for (;;) {
    await wf.condition(() => state.outbox.some((notification) => !sending.has(notification.id)));
    for (const notification of state.outbox.filter((n) => !sending.has(n.id))) {
      sending.add(notification.id);
      sendNotification(notification)
        .catch((error: unknown) =>
          wf.log.warn('Notification given up', { notificationId: notification.id, error: String(error) }),
        )
        .finally(() => {
          account.removeFromOutbox(state, notification.id);
          sending.delete(notification.id);
        });
    }
  }
}

/** Keeps the tier and active flag searchable, upserting only when they change. */
async function keepSearchAttributesCurrent(state: AccountState): Promise<void> {
  const indexed = wf.workflowInfo().typedSearchAttributes;
  let tier = indexed.get(tierSearchAttribute);
  let active = indexed.get(accountActiveSearchAttribute);
  for (;;) {
    await wf.condition(() => tier !== account.currentTier(state).name || active !== state.accountActive);
    tier = account.currentTier(state).name;
    active = state.accountActive;
    wf.upsertSearchAttributes([
      { key: tierSearchAttribute, value: tier },
      { key: accountActiveSearchAttribute, value: active },
    ]);
  }
}

function validEnrolment(input: CustomerLoyaltyInput): Enrolment {
  const { continueAsNewAfterEvents: _tuning, ...enrolment } = input;
  return checked(EnrolmentSchema, enrolment);
}

/** Throws a non-retryable InvalidInput failure naming the first problem, or returns the value. */
function checked<T extends TSchema>(schema: T, value: unknown): Static<T> {
  if (Value.Check(schema, value)) return value;
  const [first] = Value.Errors(schema, value);
  throw wf.ApplicationFailure.nonRetryable(
    first ? `${first.instancePath || 'input'} ${first.message}` : 'invalid input',
    APPLICATION_FAILURE_TYPES.invalidInput,
  );
}

/**
 * The background loops end when the workflow is cancelled. Left unhandled, that rejection fails
 * every workflow task and the cancelled workflow never closes; any other error still does so.
 */
function unlessCancelled(error: unknown): void {
  if (!wf.isCancellation(error)) throw error;
}

function ignoreMalformed(message: string, payload: unknown): void {
  wf.log.warn('Malformed message ignored', { message, payload });
}
