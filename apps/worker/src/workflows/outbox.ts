// How an account publishes its outbox (webhook events and messages to the customer) without ever
// blocking the actor. Three generations of this code have run; a run uses the one its patch
// markers name, decided once at its start (see CustomerLoyaltyWorkflow), so every history replays
// with the code that made it.
import * as wf from '@temporalio/workflow';
import { MAX_NOTIFICATIONS_IN_FLIGHT, NOTIFICATION_GIVE_UP_MS, OUTBOX_BATCH_SIZE } from '@loyalty/contracts';
import type { WebhookSubscriptions, createActivities } from '../activities/index.js';
import * as account from '../domain/account.js';
import type { Notification } from '../domain/notifications.js';
import type { AccountState } from '../domain/state.js';
import { isMessageToCustomer, webhookEventTypeOf } from '../domain/webhook-events.js';

type Activities = ReturnType<typeof createActivities>;

const NOTIFICATION_ATTEMPTS = 10;
const notificationRetry = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: NOTIFICATION_ATTEMPTS } as const;

/** Which code publishes a run's outbox, newest first. */
export type OutboxPublishing =
  /** As 'batches-one-fan-out-at-a-time', each batch begun only once the workflow task that filled it has run all it set off. */
  | 'batches-after-each-task'
  /** Batches, each fanned out in an ordinary activity, one fan-out at a time: events that arrive meanwhile go out together in the next. */
  | 'batches-one-fan-out-at-a-time'
  /** Batches, each fanned out in an ordinary activity, as many fan-outs at once as batches. */
  | 'batches'
  /** Batches, each fanned out in a local activity, none while a reading of the registry said nobody would hear. */
  | 'batches-fanned-out-locally'
  /** One notification per activity (deliverNotifications). */
  | 'one-per-activity';

export interface OutboxPublisher {
  /** Settles only if publishing fails (or the workflow is cancelled): it goes on for the whole run. */
  done: Promise<void>;
  /** Whether no batch is in flight (the code that publishes one per activity does not say). */
  idle(): boolean;
}

/** Publishes a run's outbox with the code the run started with, until the run ends. */
export function publishOutbox(state: AccountState, runEnding: () => boolean, how: OutboxPublishing, peerWorkInState: () => boolean): OutboxPublisher {
  if (how === 'one-per-activity') return { done: deliverNotifications(state, runEnding, peerWorkInState), idle: () => true };
  const inFlight = { batches: 0, fanOuts: 0 };
  const done = publishInBatches(state, runEnding, inFlight, BATCH_PUBLISHING[how]);
  return { done, idle: () => inFlight.batches === 0 };
}

interface BatchPublishing {
  fanOutOf: FanOut;
  /** Whether balance-change events nobody subscribed to are dropped while a reading of the registry stands. */
  skipsUnheard: boolean;
  /** Fan-outs in flight at once, besides the limit on batches; earlier runs had none. */
  fanOutsAtOnce: number;
  /** Whether a batch waits until the task that filled it has run all it set off; earlier runs began it at once. */
  waitsForTheTask: boolean;
}

const BATCH_PUBLISHING: Record<Exclude<OutboxPublishing, 'one-per-activity'>, BatchPublishing> = {
  'batches-after-each-task': { fanOutOf: fanOut, skipsUnheard: false, fanOutsAtOnce: 1, waitsForTheTask: true },
  'batches-one-fan-out-at-a-time': { fanOutOf: fanOut, skipsUnheard: false, fanOutsAtOnce: 1, waitsForTheTask: false },
  batches: { fanOutOf: fanOut, skipsUnheard: false, fanOutsAtOnce: Number.POSITIVE_INFINITY, waitsForTheTask: false },
  'batches-fanned-out-locally': { fanOutOf: fanOutLocally, skipsUnheard: true, fanOutsAtOnce: Number.POSITIVE_INFINITY, waitsForTheTask: false },
};

/** Starts the deliveries of a batch's webhook events and answers what it read of the registry. */
type FanOut = (events: Notification[], remainingMs: number) => Promise<WebhookSubscriptions | undefined>;

/**
 * Publishes what the outbox holds without ever blocking the actor, up to OUTBOX_BATCH_SIZE items at
 * a time and MAX_NOTIFICATIONS_IN_FLIGHT batches at once. A batch's webhook events go first, to a
 * fan-out that only starts delivery workflows (Temporal keeps those, outside this account, so a
 * receiver that is away never grows the outbox). Its messages to the customer then go to the
 * notifier in an ordinary activity, which may be slow or failing without holding the account's
 * workflow task. Items are given up NOTIFICATION_GIVE_UP_MS after their first attempt, counted
 * across runs (the time is in the state); nothing new is started while the run is ending, since
 * the next run publishes it.
 *
 * Runs fanning out locally also published balance-change events nobody subscribed to to no one,
 * without a fan-out, while the last fan-out's reading of the registry stood (`skipsUnheard`). Such a
 * skip leaves a workflow task that changed the state with no command, and Temporal groups the
 * messages of a task without commands with the next task's when a worker picks the account up
 * live, but not always on replay; its decision also rests on the time a task is handled. So every
 * event of a batch goes to its fan-out now.
 *
 * Each fan-out is an activity and a workflow task more for the account, so newer runs keep one in
 * flight: a busy account's events gather meanwhile and share the next (as group commit does for
 * commands), while a quiet account's event still goes at once. A batch whose fan-out is done may
 * still be sending its messages; the next batch need not wait for those. A change that arrives
 * while the fan-out is out makes a task without commands; handed over with the next task's messages,
 * it leads to the same commands, since whether a batch starts rests on the fan-out's result alone.
 *
 * Not always in the same place among them, though. A fan-out's result that starts nothing makes a
 * task without commands, and a worker that picks the account up afresh (after a crash, a stall past
 * the task's timeout, an eviction) gets it in one activation with the next task's updates, after
 * them, while a replay hands it over in an activation of its own, before them. Begun at once, a
 * batch then went out after the updates' answers live and between them on replay, and the account
 * failed on every worker that replayed it. Newer runs begin a batch only once the task has run all
 * it set off (`theTaskSettled`): after every answer of the task, whatever order its jobs came in,
 * and with every event of the task in the one batch.
 */
async function publishInBatches(
  state: AccountState,
  runEnding: () => boolean,
  inFlight: { batches: number; fanOuts: number },
  { fanOutOf: uncounted, skipsUnheard, fanOutsAtOnce, waitsForTheTask }: BatchPublishing,
): Promise<void> {
  // Counted only where a limit needs it, so that earlier runs replay with the promises they made.
  const fanOutOf: FanOut = Number.isFinite(fanOutsAtOnce)
    ? (events, remainingMs) => {
        inFlight.fanOuts += 1;
        return uncounted(events, remainingMs).finally(() => (inFlight.fanOuts -= 1));
      }
    : uncounted;
  // In-memory only: a new run starts with nothing in flight and publishes the carried outbox again.
  const publishing = new Set<string>();
  // What the latest fan-out read of the registry; undefined in histories of earlier code, whose fan-outs answered nothing.
  let subscriptions: WebhookSubscriptions | undefined;
  const subscribed = (notification: Notification, now: number): boolean => {
    const type = webhookEventTypeOf(notification);
    if (type === undefined) return false;
    if (!skipsUnheard) return true;
    return subscriptions === undefined || now >= Date.parse(subscriptions.standsUntil) || subscriptions.eventTypes.includes(type);
  };
  const waiting = () => state.outbox.filter((notification) => !publishing.has(notification.id));
  const canBegin = () => !runEnding() && inFlight.batches < MAX_NOTIFICATIONS_IN_FLIGHT && inFlight.fanOuts < fanOutsAtOnce && waiting().length > 0;
  for (;;) {
    await wf.condition(canBegin);
    if (waitsForTheTask) {
      await theTaskSettled();
      if (!canBegin()) continue;
    }
    const now = Date.now();
    const next = nextBatch(state, waiting(), now, (notification) => !isMessageToCustomer(notification) && !subscribed(notification, now));
    if (next === undefined) continue;
    const { batch, remainingMs } = next;
    for (const notification of batch) publishing.add(notification.id);
    inFlight.batches += 1;
    const copies = batch.map((notification) => ({ ...notification }));
    publishBatch(fanOutOf, copies.filter((notification) => subscribed(notification, now)), copies.filter(isMessageToCustomer), remainingMs)
      .then((learnt) => {
        const newer = learnt !== undefined && (subscriptions === undefined || Date.parse(learnt.standsUntil) > Date.parse(subscriptions.standsUntil));
        if (newer) subscriptions = learnt;
      })
      .catch((error: unknown) => {
        if (wf.isCancellation(error)) return;
        wf.log.warn('Notifications given up', { notificationIds: batch.map((n) => n.id), error: String(error) });
      })
      .finally(() => {
        for (const notification of batch) {
          account.removeFromOutbox(state, notification.id);
          publishing.delete(notification.id);
        }
        inFlight.batches -= 1;
      });
  }
}

/**
 * Resolves once the current activation has run all it set off: every job handed over, every
 * handler and continuation that can go on without waiting for Temporal. The SDK evaluates a
 * condition once as it is made and then each time the activation's microtasks have drained, so a
 * condition that says no at first and yes at its next evaluation is met right after that drain.
 */
function theTaskSettled(): Promise<void> {
  let evaluated = false;
  return wf.condition(() => {
    const settled = evaluated;
    evaluated = true;
    return settled;
  });
}

/** Fans out the events, then sends the messages; answers what the fan-out read. */
async function publishBatch(fanOutOf: FanOut, events: Notification[], messages: Notification[], remainingMs: number): Promise<WebhookSubscriptions | undefined> {
  // One await on the fan-out, as ever: runs that fanned out locally replay with the same steps.
  const learnt = events.length > 0 ? ((await fanOutOf(events, remainingMs)) ?? undefined) : undefined;
  if (messages.length > 0) {
    const { sendNotifications } = wf.proxyActivities<Activities>({
      startToCloseTimeout: '10 seconds',
      scheduleToCloseTimeout: remainingMs,
      retry: notificationRetry,
    });
    await sendNotifications(messages);
  }
  return learnt;
}

/**
 * An ordinary activity: its result is in history, so every replay sees it in the task the run saw
 * it in, and the account may act on it (send the messages after it). A local activity's result is
 * not always: Temporal can hand it to the workflow a task after the task that recorded it (when
 * that task also answered a query, as the gateway's reads make common), while a replay hands it
 * over in the recording task, and an activation the run had is then missing from the replay.
 */
function fanOut(events: Notification[], remainingMs: number): Promise<WebhookSubscriptions> {
  const { publishWebhookEvents } = wf.proxyActivities<Activities>({
    startToCloseTimeout: '10 seconds',
    scheduleToCloseTimeout: remainingMs,
    retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumInterval: '30 seconds' },
  });
  return publishWebhookEvents(events);
}

/** How runs before the ordinary activity fanned out (see `fanOut` for why they no longer do). */
function fanOutLocally(events: Notification[], remainingMs: number): Promise<WebhookSubscriptions | undefined> {
  const { publishWebhookEvents } = wf.proxyLocalActivities<Activities>({
    startToCloseTimeout: '3 seconds',
    scheduleToCloseTimeout: remainingMs,
    localRetryThreshold: '1 second',
    retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumInterval: '30 seconds' },
  });
  return publishWebhookEvents(events);
}

/**
 * The next batch of the waiting items, oldest first, and how long it has before it is given up.
 * An item past NOTIFICATION_GIVE_UP_MS since its first attempt leaves the outbox, as does one that
 * `unheard` says nobody would receive.
 */
function nextBatch(
  state: AccountState,
  waiting: Notification[],
  now: number,
  unheard: (notification: Notification) => boolean = () => false,
): { batch: Notification[]; remainingMs: number } | undefined {
  const batch: Notification[] = [];
  for (const notification of waiting) {
    notification.firstAttemptAt ??= new Date(now).toISOString();
    if (Date.parse(notification.firstAttemptAt) + NOTIFICATION_GIVE_UP_MS <= now) {
      wf.log.warn('Notification given up', { notificationId: notification.id, after: 'give-up time' });
      account.removeFromOutbox(state, notification.id);
      continue;
    }
    if (unheard(notification)) {
      account.removeFromOutbox(state, notification.id);
      continue;
    }
    batch.push(notification);
    if (batch.length >= OUTBOX_BATCH_SIZE) break;
  }
  if (batch.length === 0) return undefined;
  const oldest = Math.min(...batch.map((notification) => Date.parse(notification.firstAttemptAt!)));
  return { batch, remainingMs: Math.max(1_000, oldest + NOTIFICATION_GIVE_UP_MS - now) };
}

// --- Earlier generations, for the runs that started with them -----------------------------------

/**
 * Sends what the outbox holds without ever blocking the actor: a few at a time, each given up
 * NOTIFICATION_GIVE_UP_MS after its first attempt, counted across runs (the time is in the state).
 * Nothing new is started while the run is ending: the next run would send it again.
 */
async function deliverNotifications(state: AccountState, runEnding: () => boolean, peerWorkInState: () => boolean): Promise<void> {
  // In-memory only: a new run starts with nothing in flight and sends the carried outbox again.
  const sending = new Set<string>();
  let atOnce = Number.POSITIVE_INFINITY; // as earlier code did, until this code handles a message
  for (;;) {
    await wf.condition(() => !runEnding() && sending.size < atOnce && state.outbox.some((notification) => !sending.has(notification.id)));
    atOnce = peerWorkInState() ? MAX_NOTIFICATIONS_IN_FLIGHT : Number.POSITIVE_INFINITY;
    const now = Date.now();
    for (const notification of state.outbox.filter((n) => !sending.has(n.id))) {
      if (sending.size >= atOnce) break;
      notification.firstAttemptAt ??= new Date(now).toISOString();
      const remaining = Date.parse(notification.firstAttemptAt) + NOTIFICATION_GIVE_UP_MS - now;
      if (remaining <= 0) {
        wf.log.warn('Notification given up', { notificationId: notification.id, after: 'give-up time' });
        account.removeFromOutbox(state, notification.id);
        continue;
      }
      sending.add(notification.id);
      const { firstAttemptAt: _carried, ...message } = notification;
      const { sendNotification } = wf.proxyActivities<Activities>({
        startToCloseTimeout: '10 seconds',
        scheduleToCloseTimeout: Math.max(1_000, remaining),
        retry: notificationRetry,
      });
      sendNotification(message)
        .catch((error: unknown) => {
          if (wf.isCancellation(error)) return;
          wf.log.warn('Notification given up', { notificationId: notification.id, error: String(error) });
        })
        .finally(() => {
          account.removeFromOutbox(state, notification.id);
          sending.delete(notification.id);
        });
    }
  }
}
