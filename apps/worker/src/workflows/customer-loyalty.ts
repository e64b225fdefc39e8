import * as wf from '@temporalio/workflow';
import {
  APPLICATION_FAILURE_TYPES,
  CommandBatchSchema,
  CommandOutcomeRequestSchema,
  CustomerIdSchema,
  EnrolmentSchema,
  GiftDeliverySchema,
  GiftReceiptRequestSchema,
  IdempotencyKeySchema,
  INVITATION_GIVE_UP_MS,
  InvitationSchema,
  LedgerPageRequestSchema,
  MESSAGES_PER_RUN,
  NAME_MEMO_FIELD,
  PEER_ANSWER_WAIT_MS,
  PointsDeltaSchema,
  PointsExpiryPolicySchema,
  TierOrdinalSchema,
  accountActiveSearchAttribute,
  addLoyaltyPointsSignal,
  cancelAccountSignal,
  ensureMinimumStatusSignal,
  executeCommandsUpdate,
  getCommandOutcomeQuery,
  getGiftReceiptQuery,
  getGuestsQuery,
  getLedgerQuery,
  getScheduledCommandsQuery,
  getStatusQuery,
  inviteGuestSignal,
  receiveGiftUpdate,
  submitCommandsSignal,
  tierSearchAttribute,
  type Command,
  type CommandBatch,
  type CommandBatchResult,
  type CommandEnvelope,
  type CommandOutcome,
  type CommandRecord,
  type Customer,
  type CustomerLoyaltyInput,
  type Enrolment,
  type PointsExpiryPolicy,
  type SettledOutcome,
  pointsExpiryPolicyProblem,
} from '@loyalty/contracts';
import { check } from '@loyalty/contracts/checks';
import { checked } from './checked.js';
import type { DeliverGiftRequest, GiftDeliveryAnswer, createActivities } from '../activities/index.js';
import * as account from '../domain/account.js';
import { acceptMinimumStatus, giftReceipt, receiveGift, receiveLegacyGift, type LegacyReceiveGiftCommand } from '../domain/gift-register.js';
import { admit, fitToBudget, outcomeFor, recall, recordPending, settleRecord } from '../domain/idempotency.js';
import { ledgerPage } from '../domain/ledger.js';
import * as schedule from '../domain/schedule.js';
import type { AccountState, GiftWork, InvitationWork, PeerWork } from '../domain/state.js';
import { publishOutbox, type OutboxPublishing } from './outbox.js';

type Activities = ReturnType<typeof createActivities>;

/**
 * Workflow code before this marker waited for other actors inside its handlers. Histories of such
 * runs replay with `patched()` false up to the point where this code first handled a message, and
 * every divergence below is guarded by it. Once no run older than the marker is left, the old
 * branches go (deprecatePatch, then removal).
 */
const PEER_WORK_IN_STATE = 'peer-work-in-state';
const current = () => wf.patched(PEER_WORK_IN_STATE);

/**
 * Workflow code before this marker started sending notifications in the very task that continues
 * as new: those activities were abandoned with the run, and the next run sent them again.
 */
const NOTIFICATIONS_WAIT_FOR_NEXT_RUN = 'notifications-wait-for-next-run';

/**
 * Runs of workflow code before this marker sent each notification in an activity of its own and
 * had no balance-change events. A run decides once, at its start: with the marker it records a
 * `pointsChanged` notification per ledger entry and publishes the outbox in batches (./outbox.ts);
 * replays of earlier histories, which lack the marker, keep the old way.
 */
const OUTBOX_IN_BATCHES = 'outbox-in-batches';

/**
 * Runs of workflow code before this marker fanned out webhook events in a local activity. Temporal
 * can hand a local activity's result to the workflow a task after the one that recorded it (when
 * that task also answered a query), while a replay hands it over in the recording task; what the
 * account did on the result, and in that extra activation, then happens elsewhere or not at all in
 * a replay, and the account fails on whichever worker replays it. Nor do they publish events to
 * no one any more while a reading of the registry says nobody subscribes (see ./outbox.ts for
 * why). A run decides once, at its start: with the marker it fans out every event, in an ordinary
 * activity, whose result is in history.
 */
const FAN_OUT_IN_ACTIVITY = 'fan-out-in-activity';

/**
 * Runs of workflow code before this marker fanned out as many batches of webhook events at once as
 * they had batches in flight: on a busy account, a fan-out activity, and a workflow task for its
 * result, for nearly every command. A run decides once, at its start: with the marker it keeps one
 * fan-out in flight, and what arrives meanwhile goes out together in the next (./outbox.ts).
 */
const ONE_FAN_OUT_AT_A_TIME = 'one-fan-out-at-a-time';

/**
 * Runs of workflow code before this marker began a batch of their outbox as soon as it could go,
 * in the middle of the answers of the workflow task that filled it; where a fan-out's result came
 * in the same activation as the task's updates (a worker picking the account up afresh) or in one
 * of its own (a replay), its command fell in different places, and such histories did not replay.
 * A run decides once, at its start: with the marker it begins a batch only once the task has run
 * all it set off (./outbox.ts).
 */
const OUTBOX_AFTER_EACH_TASK = 'outbox-after-each-task';

/**
 * Runs of workflow code before this marker awaited each command of a batch, a promise per command
 * and more per batch. The SDK captures a stack trace for every promise a workflow makes, which made
 * those promises the largest part of a busy account's workflow task. A run decides once, at its
 * start: with the marker a command that settles at once (most do) is answered without a promise,
 * and a batch of such commands answers its update or ends its signal in the same call; replays of
 * earlier histories, which lack the marker, keep every promise, so their commands are emitted in the
 * order they were.
 */
const COMMANDS_SETTLE_AT_ONCE = 'commands-settle-at-once';

/** How long a run that is ending waits for the batches of its outbox in flight (see the main loop). */
const RUN_END_WAITS_FOR_PUBLISHING_MS = 10_000;

/**
 * A gift is retried until the guest gives a definite answer, because giving up while not knowing
 * whether the guest was credited could count points twice; the guest keeps a register by gift
 * number, so retrying is always safe.
 */
const { deliverGift } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
/** When the account is closing by Temporal cancellation: one short, bounded chance to settle. */
const { deliverGift: settleGiftBeforeClosing } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '3 seconds',
  scheduleToCloseTimeout: '8 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '2 seconds' },
});
const inviteGuestWithin = (remainingMs: number) =>
  wf.proxyActivities<Activities>({
    startToCloseTimeout: '15 seconds',
    scheduleToCloseTimeout: Math.max(1_000, remainingMs),
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
  }).inviteGuest;

/** What a run starts from: the enrolment, and from the second run on the state carried over. */
export interface CustomerLoyaltyRunInput extends CustomerLoyaltyInput {
  carried?: AccountState;
}

/**
 * One customer account: an actor that lives as long as the account. Handlers are thin: they
 * check the message's shape and hand it to the domain state machine (../domain), which owns
 * every rule of the program. No handler waits on another actor for long: gifts and invitations
 * are work in the account's state, driven by `drivePeerWork` and carried across continue-as-new
 * until they settle. The main loop does only lifecycle work: continue-as-new before history grows
 * large, completion once the account is closed, and a clean end on Temporal cancellation.
 */
export async function CustomerLoyaltyWorkflow(input: CustomerLoyaltyRunInput): Promise<Customer> {
  const batched = wf.patched(OUTBOX_IN_BATCHES);
  const atOnce = wf.patched(COMMANDS_SETTLE_AT_ONCE);
  const fanOutInActivity = wf.patched(FAN_OUT_IN_ACTIVITY);
  const oneFanOutAtATime = fanOutInActivity && wf.patched(ONE_FAN_OUT_AT_A_TIME);
  const afterEachTask = oneFanOutAtATime && wf.patched(OUTBOX_AFTER_EACH_TASK);
  const state = input.carried
    ? account.upgradeCarried(input.carried)
    : account.openAccount(validEnrolment(input), enrolmentTime(input), {
        pointsExpiry: validExpiryPolicy(input),
        announcesPointChanges: batched,
      });
  if (batched) state.announcesPointChanges = true;
  else delete state.announcesPointChanges;
  /** Handlers waiting for a piece of peer work to settle, and its outcome once it has. */
  const waiters = new Map<string, CommandOutcome | undefined>();
  const received = { updates: 0, signals: 0 };
  /** Set once the run is ending: handlers still waiting on a peer answer "pending" at once. */
  let leaving = false;

  // --- Reads -----------------------------------------------------------------------------------
  wf.setHandler(getStatusQuery, () => account.toCustomer(state));
  wf.setHandler(getGuestsQuery, () => [...state.guests]);
  wf.setHandler(getLedgerQuery, (request) => ledgerPage(state.ledger, checked(LedgerPageRequestSchema, request)));
  wf.setHandler(getCommandOutcomeQuery, (request) =>
    outcomeFor(state, typeof request === 'string' ? checked(IdempotencyKeySchema, request) : checked(CommandOutcomeRequestSchema, request)),
  );
  wf.setHandler(getGiftReceiptQuery, (request) => giftReceipt(state, checked(GiftReceiptRequestSchema, request)));
  wf.setHandler(getScheduledCommandsQuery, () => [...state.scheduled]);

  // --- Commands --------------------------------------------------------------------------------
  // Messages that reached this run before it started (those sent while the previous run was
  // continuing-as-new) are handed over as each handler is registered, one message name after the
  // other. Signals go first: a sender may have been told that a signal was taken before it sent
  // an update that is still waiting here, never the other way round (an update answers only once
  // it has run). Earlier code registered the updates first; its histories replay that way.
  if (current()) {
    registerSignals();
    registerUpdates();
  } else {
    registerUpdates();
    registerSignals();
  }

  function registerUpdates(): void {
    wf.setHandler(
      executeCommandsUpdate,
      atOnce
        ? (batch) => {
            received.updates += 1;
            return runBatch(batch, { waitForPeers: true });
          }
        : async (batch) => {
            received.updates += 1;
            return runBatchAwaitingEach(batch, { waitForPeers: true });
          },
      {
        // Runs before the update reaches history: a malformed batch costs nothing and changes nothing.
        validator: (batch) => {
          checked(CommandBatchSchema, batch);
        },
      },
    );
    wf.setHandler(
      receiveGiftUpdate,
      (delivery) => {
        received.updates += 1;
        return receiveGift(state, delivery, Date.now());
      },
      { validator: (delivery) => void checked(GiftDeliverySchema, delivery) },
    );
  }

  function registerSignals(): void {
    wf.setHandler(
      submitCommandsSignal,
      atOnce
        ? (batch) => {
            received.signals += 1;
            if (!check(CommandBatchSchema, batch)) return ignoreMalformed('submitCommands', batch);
            const result = runBatch(batch, { waitForPeers: false });
            // Still running while a command waits: the run does not continue-as-new under it.
            return result instanceof Promise ? result.then(() => undefined) : undefined;
          }
        : async (batch) => {
            received.signals += 1;
            if (!check(CommandBatchSchema, batch)) return ignoreMalformed('submitCommands', batch);
            await runBatchAwaitingEach(batch, { waitForPeers: false });
          },
    );
    // The reference implementations' fire-and-forget signals: same rules, no caller to answer.
    wf.setHandler(addLoyaltyPointsSignal, (points) =>
      signalled({ type: 'addPoints', points }, check(PointsDeltaSchema, points)),
    );
    wf.setHandler(inviteGuestSignal, (guestId) =>
      signalled({ type: 'inviteGuest', guestId }, check(CustomerIdSchema, guestId)),
    );
    wf.setHandler(ensureMinimumStatusSignal, async (tier, invitation) => {
      if (invitation === undefined) return signalled({ type: 'ensureMinimumStatus', tier }, check(TierOrdinalSchema, tier));
      received.signals += 1;
      if (!check(TierOrdinalSchema, tier) || !check(InvitationSchema, invitation)) {
        return ignoreMalformed('ensureMinimumStatus', [tier, invitation]);
      }
      acceptMinimumStatus(state, tier, invitation, Date.now());
    });
    wf.setHandler(cancelAccountSignal, () => signalled({ type: 'cancelAccount' }, true));
  }

  // --- Side work that follows the state ----------------------------------------------------------
  // When this run should continue-as-new (the main loop below does it), the side work may ask too.
  const historyLimit = input.continueAsNewAfterEvents;
  const runIsLong = () =>
    wf.workflowInfo().continueAsNewSuggested ||
    (historyLimit !== undefined && wf.workflowInfo().historyLength >= historyLimit) ||
    received.updates >= MESSAGES_PER_RUN.updates ||
    received.signals >= MESSAGES_PER_RUN.signals;
  // A run about to continue-as-new leaves its outbox to the next run instead of starting sends it would abandon.
  const notificationsWaitForNextRun = wf.patched(NOTIFICATIONS_WAIT_FOR_NEXT_RUN);
  const runEnding = () => notificationsWaitForNextRun && state.accountActive && runIsLong();
  const outbox = publishOutbox(state, runEnding, outboxPublishingOf({ batched, fanOutInActivity, oneFanOutAtATime, afterEachTask }), current);
  void outbox.done.catch(unlessCancelled);
  void keepSearchAttributesCurrent(state).catch(unlessCancelled);
  void keepNameMemoCurrent(state).catch(unlessCancelled);
  void drivePeerWork().catch(unlessCancelled);
  void expirePointsWhenDue(state).catch(unlessCancelled);
  void runScheduledCommands().catch(unlessCancelled);

  // --- Lifecycle --------------------------------------------------------------------------------

  try {
    await wf.condition(() => !state.accountActive || runIsLong());
  } catch (error) {
    if (wf.isCancellation(error) && current()) await closeOnCancellation();
    throw error;
  }
  leaving = true;
  // What is being published finishes in this run, rather than going out again from the next (a
  // message twice), unless it takes long; nothing new starts meanwhile.
  if (fanOutInActivity && !outbox.idle()) await wf.condition(outbox.idle, RUN_END_WAITS_FOR_PUBLISHING_MS);
  // Handlers are short (none waits on a peer past PEER_ANSWER_WAIT_MS), so this never waits long.
  await wf.condition(wf.allHandlersFinished);

  if (!state.accountActive) {
    schedule.withdrawAll(state, { code: 'account-closed', detail: 'The account closed before the command\u2019s time.' });
    // Deliver the farewell (and anything before it), and settle gifts still on their way.
    await wf.condition(() => state.outbox.length === 0 && state.peerWork.length === 0 && wf.allHandlersFinished());
    return account.toCustomer(state);
  }
  // Notifications and peer work carry over with the same IDs; the next run resumes them.
  fitToBudget(state);
  // The memo, which listings read, goes with it as the name now is.
  const continueAsNew = wf.makeContinueAsNewFunc<typeof CustomerLoyaltyWorkflow>({ memo: { [NAME_MEMO_FIELD]: state.name } });
  return await continueAsNew({ ...input, carried: state });

  // --- Helpers, closing over this run's state ----------------------------------------------------

  /**
   * Each command's checks and changes run in batch order; one that waits on another actor answers
   * within PEER_ANSWER_WAIT_MS, settled or pending. The result comes at once unless a command waits.
   */
  function runBatch(batch: CommandBatch, options: { waitForPeers: boolean }): CommandBatchResult | Promise<CommandBatchResult> {
    const at = batchTime(batch);
    const outcomes = batch.commands.map((envelope) => executeAtOnce(envelope, at, options));
    const settled = (all: CommandOutcome[]) => ({ outcomes: all, customer: account.toCustomer(state) });
    return outcomes.some((outcome) => outcome instanceof Promise) ? Promise.all(outcomes).then(settled) : settled(outcomes as CommandOutcome[]);
  }

  /** How runs before COMMANDS_SETTLE_AT_ONCE ran a batch: a promise per command, awaited together. */
  async function runBatchAwaitingEach(batch: CommandBatch, options: { waitForPeers: boolean }): Promise<CommandBatchResult> {
    const at = batchTime(batch);
    const outcomes = await Promise.all(batch.commands.map((envelope) => execute(envelope, at, options)));
    return { outcomes, customer: account.toCustomer(state) };
  }

  /** A command's outcome, without a promise unless it waits: a repeat of one still pending, or a peer's answer. */
  function executeAtOnce(envelope: CommandEnvelope, at: number, options: { waitForPeers: boolean }): CommandOutcome | Promise<CommandOutcome> {
    const admission = admit(state, envelope);
    if (admission.kind === 'new') return executeNew(envelope, at, options);
    if (admission.kind === 'conflict') return { status: 'rejected', rejection: admission.rejection };
    const { record } = admission;
    return record.outcome.status === 'pending' && waitsForRepeat(record, options) ? execute(envelope, at, options) : recall(state, record).outcome;
  }

  async function execute(envelope: CommandEnvelope, at: number, options: { waitForPeers: boolean }): Promise<CommandOutcome> {
    const admission = admit(state, envelope);
    if (admission.kind === 'conflict') return { status: 'rejected', rejection: admission.rejection };
    if (admission.kind === 'repeat') {
      const { record } = admission;
      const settledOrDropped = () => record.outcome.status !== 'pending' || !state.commands.includes(record);
      if (record.outcome.status === 'pending') {
        if (!current()) await wf.condition(settledOrDropped);
        else if (waitsForRepeat(record, options)) await waitBriefly(settledOrDropped);
      }
      // A record dropped meanwhile held a "try again" outcome: this repeat is that retry.
      if (!state.commands.includes(record)) return execute(envelope, at, options);
      return recall(state, record).outcome;
    }
    const { command, idempotencyKey } = envelope;
    if (!current() && (command.type === 'gift' || command.type === 'inviteGuest')) {
      recordPending(state, envelope, at);
      return settleLocally(idempotencyKey, await legacyPeerDecision(command, at, idempotencyKey));
    }
    return executeNew(envelope, at, options);
  }

  /** A command not seen before (or whose key is new): recorded pending, then decided or begun. */
  function executeNew(envelope: CommandEnvelope, at: number, options: { waitForPeers: boolean }): CommandOutcome | Promise<CommandOutcome> {
    recordPending(state, envelope, at);
    const { command, idempotencyKey } = envelope;
    if (command.type === 'gift' || command.type === 'inviteGuest') {
      const begun =
        command.type === 'gift'
          ? account.beginGift(state, command, at, idempotencyKey)
          : account.beginInvitation(state, command.guestId, at, idempotencyKey);
      if (!begun.ok) return settleLocally(idempotencyKey, begun);
      return options.waitForPeers ? awaitPeerWork(begun.result) : { status: 'pending' };
    }
    if (schedule.runsLater(command, at)) {
      const scheduled = schedule.schedule(state, command, idempotencyKey, at);
      return scheduled.ok ? { status: 'pending' } : settleLocally(idempotencyKey, scheduled);
    }
    return settleLocally(idempotencyKey, decide(command, at, idempotencyKey));
  }

  function settleLocally(idempotencyKey: string | undefined, decision: account.Decision): SettledOutcome {
    const outcome = asOutcome(decision);
    settleRecord(state, idempotencyKey, outcome);
    return outcome;
  }

  function decide(command: Command | LegacyReceiveGiftCommand, at: number, idempotencyKey: string | undefined): account.Decision {
    switch (command.type) {
      case 'addPoints':
        return account.addPoints(state, command, at, idempotencyKey);
      case 'ensureMinimumStatus':
        return account.ensureMinimumStatus(state, command.tier, at, account.optional({ reason: command.reason, idempotencyKey }));
      case 'cancelAccount':
        return account.cancelAccount(state);
      case 'updateProfile':
        return account.updateProfile(state, command);
      case 'redeemReward':
        return account.redeemReward(state, command, at, idempotencyKey);
      case 'cancelScheduledCommand':
        return schedule.cancelScheduled(state, command);
      case 'receiveGift':
        // Only in histories of earlier code; the update validator refuses it from anyone now.
        return receiveLegacyGift(state, command, at, idempotencyKey);
      case 'gift':
      case 'inviteGuest':
        throw new TypeError(`${command.type} waits on another actor`);
    }
  }

  /** Waits a short while for a piece of peer work to settle; the command answers pending after that. */
  async function awaitPeerWork(work: PeerWork): Promise<CommandOutcome> {
    waiters.set(work.id, undefined);
    await waitBriefly(() => waiters.get(work.id) !== undefined);
    const outcome = waiters.get(work.id) ?? { status: 'pending' };
    waiters.delete(work.id);
    return outcome;
  }

  /**
   * Not cancellable: a handler waiting when the account is cancelled gets the outcome the
   * cancellation settles, instead of failing. Ends as soon as the run is ending.
   */
  function waitBriefly(done: () => boolean): Promise<boolean> {
    return wf.CancellationScope.nonCancellable(() => wf.condition(() => done() || leaving, PEER_ANSWER_WAIT_MS));
  }

  /** Takes every piece of peer work to another actor, each once per run, until it settles. */
  async function drivePeerWork(): Promise<void> {
    const running = new Set<string>();
    for (;;) {
      await wf.condition(() => state.peerWork.some((work) => !work.inline && !running.has(work.id)));
      for (const work of state.peerWork.filter((candidate) => !candidate.inline && !running.has(candidate.id))) {
        running.add(work.id);
        void drive(work)
          .catch(unlessCancelled)
          .finally(() => running.delete(work.id));
      }
    }
  }

  /**
   * Runs each scheduled command once its time has come, with one durable timer for the soonest.
   * With nothing scheduled it waits without a timer, so histories of earlier code replay as they
   * were. A command runs as of its `notBefore` time, which is in its history for every replay.
   */
  async function runScheduledCommands(): Promise<void> {
    for (;;) {
      const dueAt = schedule.nextDueAt(state);
      if (dueAt === undefined) {
        await wf.condition(() => state.scheduled.length > 0);
        continue;
      }
      const wait = dueAt - Date.now();
      if (wait > 0) {
        await wf.condition(() => schedule.nextDueAt(state) !== dueAt, wait);
        continue;
      }
      for (const { idempotencyKey, command } of schedule.takeDue(state, Date.now())) {
        settleLocally(idempotencyKey, decide(command, Date.parse(command.notBefore), idempotencyKey));
      }
    }
  }

  async function drive(work: PeerWork): Promise<void> {
    if (work.kind === 'gift') {
      const answer = await deliverGift(giftRequest(work, { voidIfNew: !state.accountActive }));
      settleGift(work, answer);
      return;
    }
    const remaining = Date.parse(work.startedAt) + INVITATION_GIVE_UP_MS - Date.now();
    const outcome = await inviteGuestWithin(remaining)({
      hostId: state.customerId,
      guestId: work.guestId,
      guestTier: work.guestTier,
      // A guest's points expire as its host's do; a host without a policy sends what it always sent.
      ...account.optional({ pointsExpiry: state.pointsExpiry?.policy }),
    }).catch(
      (error: unknown) => {
        if (wf.isCancellation(error)) throw error;
        wf.log.warn('Guest could not be reached; invitation given up', { guestId: work.guestId, error: String(error) });
        return 'guestUnreachable' as const;
      },
    );
    settlePeerWork(work, account.finishInvitation(state, work, outcome));
  }

  function giftRequest(work: GiftWork, { voidIfNew }: { voidIfNew: boolean }): DeliverGiftRequest {
    const inFlight = account.peerWorkOf(state, 'gift').map((gift) => gift.giftNumber);
    return {
      giftId: work.id,
      hostId: state.customerId,
      guestId: work.guestId,
      giftNumber: work.giftNumber,
      settledBelow: Math.min(state.nextGiftNumber, ...inFlight),
      sentAt: work.startedAt,
      ...account.optional({ points: work.points, tier: work.tier }),
      ...(voidIfNew ? { voidIfNew } : {}),
    };
  }

  function settleGift(work: GiftWork, answer: GiftDeliveryAnswer): void {
    if (!state.peerWork.includes(work)) return; // settled already, by the other of two deliveries
    const { receipt } = answer;
    const taken = receipt.status === 'credited';
    const rejection = receipt.status === 'refused' ? receipt.rejection : closedBeforeDelivery(work);
    settlePeerWork(work, account.finishGift(state, work, taken ? { taken } : { taken, rejection }, Date.parse(answer.answeredAt)));
  }

  function settlePeerWork(work: PeerWork, decision: account.Decision): void {
    const outcome = asOutcome(decision);
    settleRecord(state, work.idempotencyKey, outcome);
    if (waiters.has(work.id)) waiters.set(work.id, outcome);
  }

  /**
   * Temporal cancellation: the account closes within seconds. Invitations in flight are dropped;
   * each gift in flight is asked once more of its guest, to be taken or voided for good, and the
   * host refunded for what was voided. A gift whose guest does not answer in those seconds stays
   * in the final state as unsettled (logged): refunding it blind could count it twice.
   */
  async function closeOnCancellation(): Promise<void> {
    await wf.CancellationScope.nonCancellable(async () => {
      leaving = true;
      state.accountActive = false;
      for (const work of account.peerWorkOf(state, 'invitation')) {
        settlePeerWork(work, account.finishInvitation(state, work, 'hostClosed'));
      }
      await Promise.all(
        account.peerWorkOf(state, 'gift').map(async (work) => {
          try {
            settleGift(work, await settleGiftBeforeClosing(giftRequest(work, { voidIfNew: true })));
          } catch (error) {
            wf.log.error('Gift left unsettled by the cancellation', { giftId: work.id, error: String(error) });
          }
        }),
      );
      schedule.withdrawAll(state, { code: 'account-closed', detail: 'The account was cancelled before the command\u2019s time.' });
      wf.upsertSearchAttributes([{ key: accountActiveSearchAttribute, value: false }]);
      await wf.condition(wf.allHandlersFinished);
    });
  }

  function closedBeforeDelivery(work: GiftWork) {
    return { code: 'account-closed' as const, detail: `The account closed before ${work.guestId} received the gift; it was withdrawn.` };
  }

  /** How workflow code before PEER_WORK_IN_STATE ran a gift or invitation: inside the handler. */
  async function legacyPeerDecision(command: Extract<Command, { type: 'gift' | 'inviteGuest' }>, at: number, idempotencyKey?: string) {
    if (command.type === 'inviteGuest') {
      const plan = account.beginInvitation(state, command.guestId, at, idempotencyKey);
      if (!plan.ok) return plan;
      const work: InvitationWork = Object.assign(plan.result, { inline: true as const });
      const outcome = await inviteGuestWithin(INVITATION_GIVE_UP_MS)({ hostId: state.customerId, guestId: work.guestId, guestTier: work.guestTier }).catch(
        () => 'guestUnreachable' as const,
      );
      return account.finishInvitation(state, work, outcome);
    }
    const plan = account.beginGift(state, command, at, idempotencyKey, { raiseOnce: false });
    if (!plan.ok) return plan;
    const work: GiftWork = Object.assign(plan.result, { inline: true as const });
    const delivery = await deliverGift({ giftId: work.id, hostId: state.customerId, guestId: work.guestId, ...account.optional({ points: work.points, tier: work.tier }) });
    const legacy = delivery as unknown as SettledOutcome | GiftDeliveryAnswer;
    const answer: account.GiftAnswer =
      'receipt' in legacy
        ? legacy.receipt.status === 'credited'
          ? { taken: true }
          : { taken: false, rejection: legacy.receipt.status === 'refused' ? legacy.receipt.rejection : closedBeforeDelivery(work) }
        : legacy.status === 'applied'
          ? { taken: true }
          : { taken: false, rejection: legacy.rejection };
    return account.finishGift(state, work, answer, Date.now());
  }

  function signalled(command: Command, wellFormed: boolean): void | Promise<void> {
    received.signals += 1;
    if (!wellFormed) return ignoreMalformed(command.type, command);
    const warnIfRefused = (outcome: CommandOutcome) => {
      if (outcome.status === 'rejected') wf.log.warn('Signalled command refused', { command, rejection: outcome.rejection });
    };
    if (!atOnce) return execute({ command }, Date.now(), { waitForPeers: false }).then(warnIfRefused);
    // An unkeyed command never repeats another, and with no caller it waits on no peer: it settles at once.
    const outcome = executeAtOnce({ command }, Date.now(), { waitForPeers: false });
    return outcome instanceof Promise ? outcome.then(warnIfRefused) : warnIfRefused(outcome);
  }
}

/** The outbox code a run started with, from the patch markers it has. */
function outboxPublishingOf(markers: { batched: boolean; fanOutInActivity: boolean; oneFanOutAtATime: boolean; afterEachTask: boolean }): OutboxPublishing {
  if (!markers.batched) return 'one-per-activity';
  if (!markers.fanOutInActivity) return 'batches-fanned-out-locally';
  if (!markers.oneFanOutAtATime) return 'batches';
  return markers.afterEachTask ? 'batches-after-each-task' : 'batches-one-fan-out-at-a-time';
}

/**
 * Whether a repeat of a command still pending waits a while for its outcome: only a caller that
 * waits for peers, and not for a scheduled command, whose time may be weeks away.
 */
function waitsForRepeat(record: CommandRecord, options: { waitForPeers: boolean }): boolean {
  return options.waitForPeers && record.notBefore === undefined;
}

/** One time for the whole batch, taken from the batch itself: every replay gives the same. */
function batchTime(batch: CommandBatch): number {
  const requestedAt = batch.requestedAt === undefined ? Number.NaN : Date.parse(batch.requestedAt);
  return Number.isFinite(requestedAt) ? requestedAt : Date.now();
}

function asOutcome(decision: account.Decision): SettledOutcome {
  return decision.ok ? { status: 'applied', result: decision.result } : { status: 'rejected', rejection: decision.rejection };
}

/**
 * Warns of and expires points when they are due, with one timer for the next thing due. An
 * account without an expiry policy never has anything due, so it starts no timer (and histories
 * of code before this replay unchanged). A change that moves the next due time restarts the wait.
 */
async function expirePointsWhenDue(state: AccountState): Promise<void> {
  for (;;) {
    await wf.condition(() => account.nextExpiryDueAt(state) !== undefined);
    const dueAt = account.nextExpiryDueAt(state)!;
    const wait = dueAt - Date.now();
    if (wait > 0) {
      await wf.condition(() => account.nextExpiryDueAt(state) !== dueAt, wait);
      if (account.nextExpiryDueAt(state) !== dueAt || Date.now() < dueAt) continue;
    }
    account.expireDue(state, Date.now());
  }
}

/** Keeps the name that listings show (the memo) current: a run starts with the memo of its name. */
async function keepNameMemoCurrent(state: AccountState): Promise<void> {
  let shown = state.name;
  for (;;) {
    await wf.condition(() => state.name !== shown);
    shown = state.name;
    wf.upsertMemo({ [NAME_MEMO_FIELD]: shown });
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
  const { continueAsNewAfterEvents: _tuning, enrolledAt: _time, pointsExpiry: _policy, ...enrolment } = input;
  return checked(EnrolmentSchema, enrolment);
}

/** The enroller's policy for expiring points, checked as the enrolment is; absent: points never expire. */
function validExpiryPolicy(input: CustomerLoyaltyInput): PointsExpiryPolicy | undefined {
  if (input.pointsExpiry === undefined) return undefined;
  const policy = checked(PointsExpiryPolicySchema, input.pointsExpiry);
  const problem = pointsExpiryPolicyProblem(policy);
  if (problem) throw wf.ApplicationFailure.nonRetryable(`pointsExpiry: ${problem}`, APPLICATION_FAILURE_TYPES.invalidInput);
  return policy;
}

/** The enroller's time when it gave one (so its answer and the account agree), else the actor's. */
function enrolmentTime(input: CustomerLoyaltyInput): number {
  const given = input.enrolledAt === undefined ? Number.NaN : Date.parse(input.enrolledAt);
  return Number.isFinite(given) ? given : Date.now();
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

