// Long life (SPEC §4): an actor told to continue-as-new every 40 events crosses many run
// boundaries under a stream of signals and keyed updates; nothing is lost or applied twice, and
// no handler is cut short. The workflows' log is read from the test Runtime's record of it.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { temporalLogs as warnings } from '#test-support/temporal-runtime.js';
import { addLoyaltyPointsSignal, getLedgerQuery, type CommandOutcome } from '@loyalty/contracts';
import { execute, executeKeyed, keyed, recordingNotifier, startHarness, status, type LoyaltyHarness } from '#test-support/loyalty-harness.js';

const SIGNALS = 300;
const EXTRA_SIGNALS = 50;
const KEYED_UPDATES = 30;
const POINTS_PER_UPDATE = 10;
const UPDATES_IN_FLIGHT = 5; // Temporal allows 10 in flight per workflow.

let harness: LoyaltyHarness;

beforeAll(async () => {
  harness = await startHarness(recordingNotifier());
});

afterAll(async () => {
  await harness?.close();
});

/** Runs `tasks` with at most `limit` at a time, in order of start. */
async function inBatches<T>(limit: number, tasks: Array<() => Promise<T>>): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < tasks.length; i += limit) {
    results.push(...(await Promise.all(tasks.slice(i, i + limit).map((task) => task()))));
  }
  return results;
}

/** Keyed updates the server aborted at a run boundary and the test retried, as a gateway client would. */
let retried = 0;

const keyedUpdate = (customer: Parameters<typeof execute>[0], i: number) => async (): Promise<CommandOutcome> => {
  const command = keyed(`earn-${i}`, { type: 'addPoints', points: POINTS_PER_UPDATE });
  const { outcomes } = await executeKeyed(customer, [command], () => (retried += 1));
  return outcomes[0]!;
};

it('keeps every signal, applies every keyed update once, and finishes each handler across continue-as-new', async () => {
  const customer = await harness.startCustomer({ continueAsNewAfterEvents: 40 });
  const firstRunId = (await customer.describe()).runId;

  const updates = Array.from({ length: KEYED_UPDATES }, (_, i) => keyedUpdate(customer, i));
  // The first ten keys are sent twice while the signals flow, the repeats a few batches later.
  const [firstAndRepeats] = await Promise.all([
    inBatches(UPDATES_IN_FLIGHT, [...updates, ...updates.slice(0, 10)]),
    Promise.all(Array.from({ length: SIGNALS }, () => customer.signal(addLoyaltyPointsSignal, 1))),
  ]);
  // A refused signal: its warning shows that the workflows' log really reaches `warnings`.
  await customer.signal(addLoyaltyPointsSignal, -1_000_000);
  // Push the actor into a new run, then send every key again there: the same answers, nothing applied twice.
  const runOfFirstAnswers = (await customer.describe()).runId;
  await Promise.all(Array.from({ length: EXTRA_SIGNALS }, () => customer.signal(addLoyaltyPointsSignal, 1)));
  await vi.waitFor(async () => expect((await customer.describe()).runId).not.toBe(runOfFirstAnswers), { timeout: 15_000 });
  const repeated = await inBatches(UPDATES_IN_FLIGHT, updates);

  const first = firstAndRepeats.slice(0, KEYED_UPDATES);
  expect(first.every((outcome) => outcome.status === 'applied')).toBe(true);
  expect(firstAndRepeats.slice(KEYED_UPDATES)).toEqual(first.slice(0, 10));
  expect(repeated).toEqual(first);
  const expected = SIGNALS + EXTRA_SIGNALS + KEYED_UPDATES * POINTS_PER_UPDATE;
  const final = await vi.waitFor(
    async () => {
      const customerNow = await status(customer);
      expect(customerNow.points).toBe(expected);
      return customerNow;
    },
    { timeout: 30_000, interval: 200 },
  );
  expect(final.tier.name).toBe('Bronze');

  // The ledger, carried from run to run, adds up to the balance.
  const page = await customer.query(getLedgerQuery, { limit: 200 });
  expect(page.totalEntries).toBe(SIGNALS + EXTRA_SIGNALS + KEYED_UPDATES);
  expect(page.balanceBeforeWindow + page.entries.reduce((sum, entry) => sum + entry.delta, 0)).toBe(expected);

  // It really crossed several run boundaries.
  expect((await customer.describe()).runId).not.toBe(firstRunId);
  const query = `WorkflowId = '${customer.workflowId}' AND ExecutionStatus = 'ContinuedAsNew'`;
  await vi.waitFor(async () => expect((await harness.client.workflow.count(query)).count).toBeGreaterThanOrEqual(3), {
    timeout: 15_000,
    interval: 250,
  });

  // No run ended with a handler still running (the SDK warns TMPRL1102 when one does).
  await vi.waitFor(() => expect(warnings.map((entry) => entry.message)).toContain('Signalled command refused'));
  expect(warnings.filter((entry) => entry.message.includes('TMPRL1102'))).toEqual([]);
  expect((await customer.describe()).status.name).toBe('RUNNING');
  // Retries are the exception, not the way most updates get through.
  expect(retried).toBeLessThan(KEYED_UPDATES);
});
