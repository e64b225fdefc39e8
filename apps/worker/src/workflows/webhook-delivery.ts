import * as wf from '@temporalio/workflow';
import { WEBHOOK_DELIVERY_MEMO, type WebhookDeliveryOutcome, type WebhookEvent } from '@loyalty/contracts';
import type { createActivities } from '../activities/index.js';

type Activities = ReturnType<typeof createActivities>;

/** How long and how often a delivery is retried: the worker's settings, fixed when the delivery starts. */
export interface WebhookRetryPolicy {
  initialIntervalMs: number;
  maximumIntervalMs: number;
  /** Past this time from the first attempt the delivery is given up. */
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
  const { postWebhook } = wf.proxyActivities<Activities>({
    startToCloseTimeout: input.retry.attemptTimeoutMs + 5_000,
    scheduleToCloseTimeout: input.retry.giveUpAfterMs,
    retry: {
      initialInterval: input.retry.initialIntervalMs,
      backoffCoefficient: 2,
      maximumInterval: input.retry.maximumIntervalMs,
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

/** The activity's failure with its causes: the last attempt's error is the innermost. */
function failureText(error: unknown): string {
  const messages: string[] = [];
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth += 1) {
    if (current.message) messages.push(current.message);
    current = current.cause;
  }
  return messages.join(': ').slice(0, 500);
}
