import * as wf from '@temporalio/workflow';
import { WEBHOOK_DELIVERY_MEMO, type WebhookDeliveryOutcome, type WebhookEvent } from '@loyalty/contracts';
import type { createActivities } from '../activities/index.js';

type Activities = ReturnType<typeof createActivities>;

/** How long and how often a delivery is retried: the worker's settings, fixed when the delivery starts. */
export interface WebhookRetryPolicy {
  initialIntervalMs: number;
  maximumIntervalMs: number;
  /** The delivery is given up after as many attempts as the backoff fits in this time (attempts' own time aside). */
  giveUpAfterMs: number;
  /** One attempt's limit, the receiver's answer included. */
  attemptTimeoutMs: number;
}

export interface WebhookDeliveryInput {
  endpointId: string;
  event: WebhookEvent;
  retry: WebhookRetryPolicy;
}

/**
 * One event to one endpoint. Started by the account's fan-out under an ID made of both, so it runs
 * once however often the fan-out is retried; the account never waits for it. Its one activity
 * signs and posts, and Temporal retries it with exponential backoff while the receiver is away.
 * The outcome goes in the memo too, where the endpoint's delivery log reads it.
 */
export async function WebhookDeliveryWorkflow(input: WebhookDeliveryInput): Promise<WebhookDeliveryOutcome> {
  // Given up by a number of attempts rather than a schedule-to-close timeout: the failure that
  // ends the delivery is then the last attempt's own (what the receiver answered), for the log.
  const { postWebhook } = wf.proxyActivities<Activities>({
    startToCloseTimeout: input.retry.attemptTimeoutMs + 5_000,
    retry: {
      initialInterval: input.retry.initialIntervalMs,
      backoffCoefficient: 2,
      maximumInterval: input.retry.maximumIntervalMs,
      maximumAttempts: attemptsWithin(input.retry),
    },
  });
  let outcome: WebhookDeliveryOutcome;
  try {
    outcome = await postWebhook({ endpointId: input.endpointId, event: input.event });
  } catch (error) {
    if (wf.isCancellation(error)) throw error;
    outcome = { status: 'givenUp', lastError: failureText(error), givenUpAt: new Date(Date.now()).toISOString() };
  }
  wf.upsertMemo({ [WEBHOOK_DELIVERY_MEMO.outcome]: outcome });
  return outcome;
}

/** Attempts whose backoff intervals (doubling from the first, capped at the maximum) fit in the give-up time. */
export function attemptsWithin(retry: WebhookRetryPolicy): number {
  let attempts = 1;
  let waited = 0;
  let interval = retry.initialIntervalMs;
  while (waited + interval <= retry.giveUpAfterMs) {
    waited += interval;
    attempts += 1;
    interval = Math.min(interval * 2, retry.maximumIntervalMs);
  }
  return attempts;
}

/** The activity's failure with its causes: the last attempt's error is the innermost. */
function failureText(error: unknown): string {
  const messages: string[] = [];
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth += 1) {
    if (current.message) messages.push(current.message);
    current = current.cause;
  }
  return messages.join(': ').slice(0, 500);
}
