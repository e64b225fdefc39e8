// The Temporal gateway's answers to refusals that only a busy or restarting server gives, which no
// test can bring about on demand: a fake Temporal client throws them, the real gateway answers.
import { describe, expect, it, vi } from 'vitest';
import { ApplicationFailure } from '@temporalio/common';
import { ServiceError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { pino } from 'pino';
import { newCustomer } from '@loyalty/contracts';
import { createTemporalGateway } from '../../src/gateway/temporal-gateway.js';

const customer = { customerId: '42', name: 'Ada', points: 5, tier: { ordinal: 0, name: 'Member', minimumPoints: 0, guestsAllowed: 0 }, accountActive: true, guests: [], enrolledAt: '2026-01-01T00:00:00.000Z' };

/** A client whose workflow handle answers updates with `executeUpdate` (signals with `signal`), and whose workflow runs. */
function fakeClient(executeUpdate: () => Promise<unknown>, signal: () => Promise<void> = async () => {}): Client {
  const handle = {
    executeUpdate: vi.fn(executeUpdate),
    signal: vi.fn(signal),
    describe: vi.fn(async () => ({ status: { name: 'RUNNING' } })),
  };
  return {
    options: { namespace: 'default' },
    connection: { workflowService: {}, withDeadline: (_: number, call: () => unknown) => call() },
    workflow: { getHandle: () => handle },
    withDeadline: (_deadline: number, call: () => unknown) => call(),
    workflowService: {},
  } as unknown as Client;
}

const unprocessed = () =>
  new WorkflowUpdateFailedError('Workflow Update failed', ApplicationFailure.create({ type: 'UnprocessedUpdate', message: 'not processed by worker', nonRetryable: true }));

const request = { customerId: '42', idempotencyKey: 'k1', command: { type: 'addPoints' as const, points: 5 } };

describe('an update a restarting worker did not take (row p)', () => {
  it('is sent again, and answered when it is applied', async () => {
    let calls = 0;
    const client = fakeClient(async () => {
      calls += 1;
      if (calls < 3) throw unprocessed();
      return { outcomes: [{ status: 'applied', result: {} }], customer };
    });
    const gateway = createTemporalGateway({ client, taskQueue: 'q', logger: pino({ level: 'silent' }) });
    expect(await gateway.execute(request)).toEqual({ outcome: { status: 'applied', result: {} }, customer });
    expect(calls).toBe(3);
  });

  it('is a 503 temporal-unavailable when it keeps being refused until the deadline, never a 500', async () => {
    const client = fakeClient(async () => Promise.reject(unprocessed()));
    const gateway = createTemporalGateway({ client, taskQueue: 'q', logger: pino({ level: 'silent' }), deadlines: { commandMs: 300 } });
    await expect(gateway.execute(request)).rejects.toMatchObject({ name: 'GatewayError', code: 'temporal-unavailable' });
  });
});

describe('a signal at the run\u2019s signal limit', () => {
  it('is a 503 temporal-unavailable (the next run takes it), never a 500', async () => {
    const atLimit = new ServiceError('Failed to signal Workflow', {
      cause: Object.assign(new Error('3 INVALID_ARGUMENT: exceeded workflow execution limit for signal events'), { code: 3 }),
    });
    const client = fakeClient(async () => ({}), async () => Promise.reject(atLimit));
    const gateway = createTemporalGateway({ client, taskQueue: 'q', logger: pino({ level: 'silent' }), deadlines: { readMs: 300 } });
    await expect(gateway.submit(request)).rejects.toMatchObject({ name: 'GatewayError', code: 'temporal-unavailable' });
  });
});

describe('a signal whose deadline passes while Temporal answers', () => {
  const timedOut = () =>
    new ServiceError('Failed to signal Workflow', { cause: Object.assign(new Error('4 DEADLINE_EXCEEDED: Deadline exceeded'), { code: 4 }) });
  /** A fake client whose signals time out `times` times first, and whose server answers a probe. */
  function slowSignals(times: number) {
    const signal = vi.fn(async () => {
      if (signal.mock.calls.length <= times) throw timedOut();
    });
    const client = fakeClient(async () => ({}), signal);
    Object.assign(client.workflowService, { getSystemInfo: async () => ({}) });
    return { client, signal };
  }

  it('is sent again within the deadline, its commands being keyed, and answered once the server has it', async () => {
    const { client, signal } = slowSignals(2);
    const gateway = createTemporalGateway({ client, taskQueue: 'q', logger: pino({ level: 'silent' }) });
    expect(await gateway.submit(request)).toEqual({ outcome: { status: 'pending' } });
    expect(signal).toHaveBeenCalledTimes(3);
    await gateway.close();
  });

  it('answers 202 at the deadline (the outcome is unknown, not refused) and keeps sending it until the server has it', async () => {
    const { client, signal } = slowSignals(1_000_000);
    const gateway = createTemporalGateway({ client, taskQueue: 'q', logger: pino({ level: 'silent' }), deadlines: { readMs: 300 } });
    expect(await gateway.submit(request)).toEqual({ outcome: { status: 'pending' } });
    const answeredAfter = signal.mock.calls.length;
    signal.mockImplementation(async () => {});
    await vi.waitFor(() => expect(signal.mock.calls.length).toBeGreaterThan(answeredAfter), { timeout: 3_000, interval: 50 });
    const confirmedAfter = signal.mock.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(signal.mock.calls.length).toBe(confirmedAfter);
    await gateway.close();
  });
});

describe('an enrolment', () => {
  it('is one round trip: answered from what was started, as the actor opens it, without waiting for its first task', async () => {
    const start = vi.fn(async () => ({}));
    const query = vi.fn(async () => customer);
    const client = {
      options: { namespace: 'default' },
      connection: { workflowService: {}, withDeadline: (_: number, call: () => unknown) => call() },
      workflow: { start, getHandle: () => ({ query }) },
      withDeadline: (_deadline: number, call: () => unknown) => call(),
      workflowService: {},
    } as unknown as Client;
    const gateway = createTemporalGateway({ client, taskQueue: 'q', logger: pino({ level: 'silent' }) });
    const enrolled = await gateway.enrol({ customerId: '7', name: 'Grace', email: 'grace@example.com' });
    expect(start).toHaveBeenCalledTimes(1);
    expect(query).not.toHaveBeenCalled();
    const [, options] = start.mock.calls[0] as unknown as [string, { args: [{ enrolledAt: string }] }];
    expect(enrolled).toEqual(newCustomer({ customerId: '7', name: 'Grace', email: 'grace@example.com', enrolledAt: options.args[0].enrolledAt }));
  });

  it('carries the configured expiry policy into the account, and answers with the points that will expire', async () => {
    const start = vi.fn(async () => ({}));
    const client = {
      options: { namespace: 'default' },
      connection: { workflowService: {}, withDeadline: (_: number, call: () => unknown) => call() },
      workflow: { start },
      withDeadline: (_deadline: number, call: () => unknown) => call(),
      workflowService: {},
    } as unknown as Client;
    const pointsExpiry = { afterDays: 365, warningDays: 30 };
    const gateway = createTemporalGateway({ client, taskQueue: 'q', logger: pino({ level: 'silent' }), pointsExpiry });
    const enrolled = await gateway.enrol({ customerId: '8', name: 'Alan', points: 40 });
    const [, options] = start.mock.calls[0] as unknown as [string, { args: [{ enrolledAt: string; pointsExpiry?: unknown }] }];
    expect(options.args[0].pointsExpiry).toEqual(pointsExpiry);
    expect(enrolled.pointsExpiring).toEqual({ points: 40, at: new Date(Date.parse(options.args[0].enrolledAt) + 365 * 86_400_000).toISOString() });
  });
});
