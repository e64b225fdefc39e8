import type { Logger } from 'pino';
import type { Notification } from '../domain/notifications.js';
import type { Notifier } from './notifier.js';

/** The default: notifications are written to the log, for development and for systems that tail it. */
export function createLogNotifier(logger: Logger): Notifier {
  return {
    async send(notification: Notification) {
      logger.info({ notification }, `notification to ${notification.customerId}: ${notification.subject}`);
    },
  };
}
