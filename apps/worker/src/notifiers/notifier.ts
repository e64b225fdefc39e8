import type { Notification } from '../domain/notifications.js';

/** Where customer notifications go. A failing send is retried by Temporal and never fails the actor. */
export interface Notifier {
  send(notification: Notification): Promise<void>;
}
