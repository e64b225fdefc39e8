// The ways in: the gateway over HTTP, the Temporal TypeScript client, and Temporal's own HTTP
// API, each doing what a caller of that path would do for one operation. Every earn adds one
// point and says what the caller learnt (applied, accepted, unknown) in a ledger, so that the end
// of the run can check each acknowledged point is in the balance exactly once.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import {
  WORKFLOW_TYPE,
  addLoyaltyPointsSignal,
  executeCommandsUpdate,
  getCommandOutcomeQuery,
  getStatusQuery,
  workflowIdFor,
  type CommandBatch,
  type CommandBatchResult,
  type CustomerLoyaltyInput,
} from '@loyalty/contracts';
import { OperationError, errorLabel, type HttpClient, type HttpReply } from './load.js';

/** The gateway's deadlines (apps/api/src/gateway/temporal-gateway.ts), given to the direct paths too. */
const READ_MS = 3_000;
const COMMAND_MS = 5_000;

export type PathKind = 'gateway' | 'sdk' | 'http';
export type Operation = 'async earn' | 'sync earn' | 'read' | 'enrol';

export interface Path {
  kind: PathKind;
  /** What it sends, for the table. */
  label: string;
  /** One operation for this customer (enrol: a new customer ID). Throws an OperationError to fail. */
  run(customerId: string, key: string): Promise<void>;
}

/** What callers were told about each customer's points. */
export class Ledger {
  readonly acknowledged = new Map<string, number>();
  /** Keyed commands whose outcome the caller did not learn: looked up by key at the end. */
  readonly unknownKeys = new Map<string, string[]>();
  /** Unkeyed signals that failed in a way that may still have delivered them. */
  readonly unknownSignals = new Map<string, number>();

  track(customerId: string): void {
    if (!this.acknowledged.has(customerId)) this.acknowledged.set(customerId, 0);
  }
  ack(customerId: string, points = 1): void {
    this.acknowledged.set(customerId, (this.acknowledged.get(customerId) ?? 0) + points);
  }
  unknownKey(customerId: string, key: string): void {
    this.unknownKeys.set(customerId, [...(this.unknownKeys.get(customerId) ?? []), key]);
  }
  unknownSignal(customerId: string): void {
    this.unknownSignals.set(customerId, (this.unknownSignals.get(customerId) ?? 0) + 1);
  }
}

export interface PathContext {
  api: HttpClient;
  apiKey: string;
  /** Temporal's HTTP API, when the server has one we know of. */
  temporalHttp?: HttpClient;
  client: Client;
  namespace: string;
  taskQueue: string;
  ledger: Ledger;
}

const enrolmentOf = (customerId: string): CustomerLoyaltyInput => ({ customerId, name: 'Bench', enrolledAt: new Date().toISOString() });
const batchOf = (key: string): CommandBatch => ({
  commands: [{ idempotencyKey: key, command: { type: 'addPoints', points: 1 } }],
  requestedAt: new Date().toISOString(),
});

/** Starts a customer's actor directly (set-up, not measured). */
export async function enrolDirectly(client: Client, taskQueue: string, customerId: string): Promise<void> {
  await client.workflow.start(WORKFLOW_TYPE, {
    workflowId: workflowIdFor(customerId),
    taskQueue,
    args: [enrolmentOf(customerId)],
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    workflowIdConflictPolicy: 'FAIL',
    memo: { name: 'Bench' },
  });
}

export function pathsFor(operation: Operation, context: PathContext): Path[] {
  const { api, apiKey, temporalHttp, client, namespace, taskQueue, ledger } = context;
  const auth = { authorization: `Bearer ${apiKey}` };
  const handle = (customerId: string) => client.workflow.getHandle(workflowIdFor(customerId));
  const within = <T>(ms: number, call: () => Promise<T>) => client.withDeadline(Date.now() + ms, call);
  const workflowPath = (customerId: string) => `/api/v1/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowIdFor(customerId))}`;
  const paths: Path[] = [];
  const http = (label: string, run: (temporal: HttpClient, customerId: string, key: string) => Promise<void>) => {
    if (temporalHttp) paths.push({ kind: 'http', label, run: (customerId, key) => run(temporalHttp, customerId, key) });
  };

  switch (operation) {
    case 'async earn':
      paths.push({
        kind: 'gateway',
        label: 'POST /customers/{id}/points, Prefer: respond-async',
        async run(customerId, key) {
          const reply = await sendOrUnknown(ledger, customerId, key, () =>
            api.send('POST', `/customers/${customerId}/points`, {
              headers: { ...auth, 'idempotency-key': key, prefer: 'respond-async' },
              body: { points: 1 },
            }),
          );
          // 202 is the promise that it is durably accepted and will be applied once.
          if (reply.status === 202) return ledger.ack(customerId);
          settleGatewayFailure(ledger, customerId, key, reply);
        },
      });
      paths.push({
        kind: 'sdk',
        label: `signal ${addLoyaltyPointsSignal.name}`,
        async run(customerId) {
          try {
            await within(READ_MS, () => handle(customerId).signal(addLoyaltyPointsSignal, 1));
          } catch (error) {
            ledger.unknownSignal(customerId);
            throw new OperationError(errorLabel(error));
          }
          ledger.ack(customerId);
        },
      });
      http(`POST …/signal/${addLoyaltyPointsSignal.name}`, async (temporal, customerId) => {
        let reply: HttpReply;
        try {
          reply = await temporal.send('POST', `${workflowPath(customerId)}/signal/${addLoyaltyPointsSignal.name}`, { body: { input: [1] }, timeoutMs: READ_MS });
        } catch (error) {
          ledger.unknownSignal(customerId);
          throw new OperationError(errorLabel(error));
        }
        if (reply.status === 200) return ledger.ack(customerId);
        if (reply.status >= 500 || reply.status === 429) ledger.unknownSignal(customerId);
        throw new OperationError(String(reply.status));
      });
      break;

    case 'sync earn':
      paths.push({
        kind: 'gateway',
        label: 'POST /customers/{id}/points',
        async run(customerId, key) {
          const reply = await sendOrUnknown(ledger, customerId, key, () =>
            api.send('POST', `/customers/${customerId}/points`, { headers: { ...auth, 'idempotency-key': key }, body: { points: 1 } }),
          );
          if (reply.status === 200) return ledger.ack(customerId);
          settleGatewayFailure(ledger, customerId, key, reply);
        },
      });
      paths.push({
        kind: 'sdk',
        label: `executeUpdate ${executeCommandsUpdate.name}, one command each`,
        async run(customerId, key) {
          let result: CommandBatchResult;
          try {
            result = await within(COMMAND_MS, () =>
              handle(customerId).executeUpdate(executeCommandsUpdate, { args: [batchOf(key)], updateId: randomUUID() }),
            );
          } catch (error) {
            // Even RESOURCE_EXHAUSTED is no proof it was not applied: the server may have admitted
            // the update before a later step was refused. Its key says.
            ledger.unknownKey(customerId, key);
            throw new OperationError(errorLabel(error));
          }
          settleOutcome(ledger, customerId, key, result);
        },
      });
      http(`POST …/update/${executeCommandsUpdate.name}`, async (temporal, customerId, key) => {
        const reply = await sendOrUnknown(ledger, customerId, key, () =>
          temporal.send('POST', `${workflowPath(customerId)}/update/${executeCommandsUpdate.name}`, {
            body: {
              waitPolicy: { lifecycleStage: 'UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED' },
              request: { meta: { updateId: randomUUID() }, input: { args: [batchOf(key)] } },
            },
            timeoutMs: COMMAND_MS,
          }),
        );
        if (reply.status !== 200) {
          // Even a 429 may come after the update was admitted (the audit found such points).
          ledger.unknownKey(customerId, key);
          throw new OperationError(String(reply.status));
        }
        const body = JSON.parse(reply.body) as { outcome?: { success?: [CommandBatchResult]; failure?: { message?: string } } };
        const result = body.outcome?.success?.[0];
        if (!result) {
          // Only accepted (the server stopped waiting), or refused by the validator.
          if (!body.outcome?.failure) ledger.unknownKey(customerId, key);
          throw new OperationError(body.outcome?.failure ? 'update failed' : 'accepted only');
        }
        settleOutcome(ledger, customerId, key, result);
      });
      break;

    case 'read':
      paths.push({
        kind: 'gateway',
        label: 'GET /customers/{id}',
        async run(customerId) {
          const reply = await send(() => api.send('GET', `/customers/${customerId}`, { headers: auth }));
          if (reply.status !== 200) throw new OperationError(String(reply.status));
        },
      });
      paths.push({
        kind: 'sdk',
        label: `query ${getStatusQuery.name}`,
        async run(customerId) {
          try {
            await within(READ_MS, () => handle(customerId).query(getStatusQuery));
          } catch (error) {
            throw new OperationError(errorLabel(error));
          }
        },
      });
      http(`POST …/query/${getStatusQuery.name}`, async (temporal, customerId) => {
        const reply = await send(() => temporal.send('POST', `${workflowPath(customerId)}/query/${getStatusQuery.name}`, { body: {}, timeoutMs: READ_MS }));
        if (reply.status !== 200) throw new OperationError(String(reply.status));
      });
      break;

    case 'enrol':
      paths.push({
        kind: 'gateway',
        label: 'POST /customers',
        async run(customerId) {
          const reply = await send(() => api.send('POST', '/customers', { headers: auth, body: { customerId, name: 'Bench' } }));
          if (reply.status !== 201) throw new OperationError(String(reply.status));
        },
      });
      paths.push({
        kind: 'sdk',
        label: 'workflow start',
        async run(customerId) {
          try {
            await within(READ_MS, () => enrolDirectly(client, taskQueue, customerId));
          } catch (error) {
            throw new OperationError(errorLabel(error));
          }
        },
      });
      // What the gateway's enrolment does: its answer is the account, which the first workflow task makes.
      paths.push({
        kind: 'sdk',
        label: `workflow start, then query ${getStatusQuery.name}`,
        async run(customerId) {
          try {
            await within(READ_MS, () => enrolDirectly(client, taskQueue, customerId));
            await within(READ_MS, () => handle(customerId).query(getStatusQuery));
          } catch (error) {
            throw new OperationError(errorLabel(error));
          }
        },
      });
      http('POST …/workflows/{id} (start)', async (temporal, customerId) => {
        const reply = await send(() =>
          temporal.send('POST', workflowPath(customerId), {
            body: {
              workflowType: { name: WORKFLOW_TYPE },
              taskQueue: { name: taskQueue },
              input: [enrolmentOf(customerId)],
              requestId: randomUUID(),
              workflowIdReusePolicy: 'WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE',
              workflowIdConflictPolicy: 'WORKFLOW_ID_CONFLICT_POLICY_FAIL',
            },
            timeoutMs: READ_MS,
          }),
        );
        if (reply.status !== 200) throw new OperationError(String(reply.status));
      });
      break;
  }
  return paths;
}

async function send(call: () => Promise<HttpReply>): Promise<HttpReply> {
  try {
    return await call();
  } catch (error) {
    throw new OperationError(errorLabel(error));
  }
}

/** A keyed command whose request failed on the way: it may have been applied; its key says. */
async function sendOrUnknown(ledger: Ledger, customerId: string, key: string, call: () => Promise<HttpReply>): Promise<HttpReply> {
  try {
    return await call();
  } catch (error) {
    ledger.unknownKey(customerId, key);
    throw new OperationError(errorLabel(error));
  }
}

/**
 * A gateway answer other than the hoped-for one. A synchronous 202 is an outcome not known yet
 * (read later by key); 4xx were refused; a 5xx is taken as unknown too, to be looked up.
 */
function settleGatewayFailure(ledger: Ledger, customerId: string, key: string, reply: HttpReply): never {
  if (reply.status === 202 || reply.status >= 500) ledger.unknownKey(customerId, key);
  throw new OperationError(String(reply.status));
}

function settleOutcome(ledger: Ledger, customerId: string, key: string, result: CommandBatchResult): void {
  const outcome = result.outcomes[0];
  if (outcome?.status === 'applied') return ledger.ack(customerId);
  if (outcome?.status === 'rejected') throw new OperationError(outcome.rejection.code);
  ledger.unknownKey(customerId, key);
  throw new OperationError('pending');
}

export interface ExactlyOnceReport {
  customers: number;
  acknowledged: number;
  /** Keyed commands whose outcome was unknown to the caller and turned out applied. */
  resolvedApplied: number;
  /** Unkeyed signals that failed but may have landed: the balance may hold up to this many more. */
  unknownSignals: number;
  problems: string[];
  /** How long the asynchronous commands took to be all applied after the load. */
  settleSeconds: number;
}

/**
 * Every acknowledged point is in the balance, and none twice. Asynchronous commands are waited
 * for; a keyed command whose caller never learnt its outcome is looked up by key once the account
 * has caught up, and counted only if applied; an unkeyed signal that failed may or may not be there.
 */
export async function checkExactlyOnce(client: Client, ledger: Ledger, timeoutMs = 120_000): Promise<ExactlyOnceReport> {
  const started = Date.now();
  const deadline = started + timeoutMs;
  const balance = async (customerId: string) =>
    (await client.withDeadline(Date.now() + READ_MS, () => client.workflow.getHandle(workflowIdFor(customerId)).query(getStatusQuery))).points;
  const problems: string[] = [];
  let acknowledged = 0;
  let resolvedApplied = 0;
  let unknownSignals = 0;
  const customers = [...ledger.acknowledged.keys()];
  let settleSeconds = 0;
  await forEach(customers, 16, async (customerId) => {
    let expected = ledger.acknowledged.get(customerId)!;
    acknowledged += expected;
    const mayAlsoHold = ledger.unknownSignals.get(customerId) ?? 0;
    unknownSignals += mayAlsoHold;
    const keys = [...(ledger.unknownKeys.get(customerId) ?? [])];
    let previous = -1;
    for (;;) {
      const points = await retry(() => balance(customerId));
      // Unknown keyed commands are looked up once the account has caught up with what was
      // acknowledged and stands still: a key with no record then was never taken.
      const still = points === previous && points >= expected;
      previous = points;
      for (const key of [...keys]) {
        if (!still) break;
        const record = await retry(() =>
          client.withDeadline(Date.now() + READ_MS, () => client.workflow.getHandle(workflowIdFor(customerId)).query(getCommandOutcomeQuery, key)),
        );
        if (record?.outcome.status === 'pending') continue;
        keys.splice(keys.indexOf(key), 1);
        if (record?.outcome.status === 'applied') {
          expected += 1;
          resolvedApplied += 1;
        }
      }
      if (points > expected + mayAlsoHold && keys.length === 0) {
        problems.push(`${customerId}: ${points} points, but ${expected} acknowledged (+${mayAlsoHold} unknown): doubled`);
        break;
      }
      if (keys.length === 0 && points >= expected && points <= expected + mayAlsoHold) break;
      if (Date.now() > deadline) {
        problems.push(`${customerId}: ${points} points after ${timeoutMs / 1000} s, but ${expected} acknowledged: lost (${keys.length} keys still pending)`);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    settleSeconds = Math.max(settleSeconds, (Date.now() - started) / 1000);
  });
  return { customers: customers.length, acknowledged, resolvedApplied, unknownSignals, problems, settleSeconds };
}

async function retry<T>(call: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

async function forEach<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}
