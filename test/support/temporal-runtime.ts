// Set up before every file of the `temporal` project (vitest.config.ts): the Temporal SDK logs at WARN (its INFO
// lines — worker state changes, webpack's report — drown the test output), and every record it
// writes is kept in `temporalLogs` for tests that assert on the workflows' log.
import { DefaultLogger, Runtime, type LogEntry } from '@temporalio/worker';

export const temporalLogs: LogEntry[] = [];

/**
 * Activity attempts that fail on purpose (a guest paused, a notifier down) are retried by
 * Temporal and logged at every attempt; kept in `temporalLogs`, but not printed.
 */
const expectedRetries = new Set(['Activity failed']);

Runtime.install({
  logger: new DefaultLogger('WARN', (entry) => {
    temporalLogs.push(entry);
    if (!expectedRetries.has(entry.message)) console.warn(`[temporal ${entry.level}] ${entry.message}`, entry.meta ?? '');
  }),
});
