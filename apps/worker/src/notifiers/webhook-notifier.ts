import type { Notification } from '../domain/notifications.js';
import type { Notifier } from './notifier.js';

/**
 * Posts each notification as JSON to a URL (an email service, a message bus bridge). The
 * notification ID goes in `Idempotency-Key`, so a receiver can drop the repeats that retries
 * and continue-as-new may cause.
 */
export function createWebhookNotifier(url: string, timeoutMs = 5_000): Notifier {
  return {
    async send(notification: Notification) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': notification.id },
        body: JSON.stringify(notification),
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!response.ok) {
        throw new Error(`Notification webhook answered ${response.status} ${response.statusText}`);
      }
    },
  };
}
