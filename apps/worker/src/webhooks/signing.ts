import { Webhook } from 'standardwebhooks';
import type { WebhookEvent } from '@loyalty/contracts';

/** The body a receiver gets: the Standard Webhooks payload, its ID in the headers. */
export function webhookBody(event: WebhookEvent): string {
  return JSON.stringify({ type: event.type, timestamp: event.timestamp, data: event.data });
}

/**
 * The Standard Webhooks headers for one attempt. Every secret given signs (space separated, as
 * the standard allows): after a rotation both the new and the previous secret do, so a receiver
 * verifies with whichever it holds.
 */
export function webhookHeaders(eventId: string, body: string, secrets: readonly string[], sentAt: Date): Record<string, string> {
  if (secrets.length === 0) throw new Error('A webhook needs at least one secret to be signed with');
  return {
    'webhook-id': eventId,
    'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
    'webhook-signature': secrets.map((secret) => new Webhook(secret).sign(eventId, sentAt, body)).join(' '),
  };
}
