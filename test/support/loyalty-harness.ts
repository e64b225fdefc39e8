// A real worker from createLoyaltyWorker on the test dev server, on a task queue of its own, with
// a notifier that records what the actor sends. The worker's workflow and replay tests and both
// apps' integration tests share it: import it as '#test-support/loyalty-harness.js'.
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
// The test project's typing of inject('temporalAddress').
import type {} from './vitest-context.js';
import { ServiceError, type Client, type WorkflowHandle } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker, WorkerOptions } from '@temporalio/worker';
import {
  WORKFLOW_TYPE,
  executeCommandsUpdate,
  getStatusQuery,
  workflowIdFor,
  type Command,
  type CommandBatchResult,
  type CommandEnvelope,
  type Customer,
  type CustomerLoyaltyInput,
} from '@loyalty/contracts';
import type { Notification } from '../../apps/worker/src/domain/notifications.js';
import type { Notifier } from '../../apps/worker/src/notifiers/notifier.js';
import type { WebhookSettings } from '../../apps/worker/src/activities/index.js';
import { createLoyaltyWorker } from '../../apps/worker/src/worker.js';

export type CustomerHandle = WorkflowHandle & { customerId: string };

export function temporalAddress(): string {
  return inject('temporalAddress') ?? process.env.TEMPORAL_TEST_ADDRESS;
}

/** A short unique suffix: every test uses customers of its own on the shared server. */
export function uniqueId(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** Remembers every notification it is asked to send. */
export function recordingNotifier(): Notifier & { sent: Notification[]; of(customerId: string): string[] } {
  const sent: Notification[] = [];
  return {
    sent,
    async send(notification) {
      sent.push(notification);
    },
    of(customerId) {
      return sent.filter((notification) => notification.customerId === customerId).map((notification) => notification.kind);
    },
  };
}

export interface LoyaltyHarness {
  env: TestWorkflowEnvironment;
  client: Client;
  worker: Worker;
  taskQueue: string;
  startCustomer(input?: Partial<CustomerLoyaltyInput>): Promise<CustomerHandle>;
  handleFor(customerId: string): CustomerHandle;
  /** Ends the worker and closes the connections; workflows left running stay on the server. */
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** The test project's server by default; the history recorder passes its own. */
  address?: string;
  /** Worker options to replace, or a function making them once the client and task queue exist. */
  overrides?: Partial<WorkerOptions> | ((context: { client: Client; taskQueue: string }) => Partial<WorkerOptions>);
  /** Webhook retries as the worker's config would set them (short ones in tests). */
  webhooks?: WebhookSettings;
}

/** Starts a worker (bundling the workflows takes a few seconds: once per file) and keeps it running. */
export async function startHarness(notifier: Notifier, { address, overrides, webhooks }: HarnessOptions = {}): Promise<LoyaltyHarness> {
  const env = await TestWorkflowEnvironment.createFromExistingServer({ address: address ?? temporalAddress(), namespace: 'default' });
  const taskQueue = uniqueId('loyalty-test');
  const workerOverrides = typeof overrides === 'function' ? overrides({ client: env.client, taskQueue }) : overrides;
  const worker = await createLoyaltyWorker({
    connection: env.nativeConnection,
    client: env.client,
    namespace: 'default',
    taskQueue,
    notifier,
    ...(webhooks === undefined ? {} : { webhooks }),
    ...(workerOverrides === undefined ? {} : { overrides: workerOverrides }),
  });
  const running = worker.run();
  const handleFor = (customerId: string): CustomerHandle =>
    Object.assign(env.client.workflow.getHandle(workflowIdFor(customerId)), { customerId });
  return {
    env,
    client: env.client,
    worker,
    taskQueue,
    handleFor,
    async startCustomer(input = {}) {
      const customerId = input.customerId ?? uniqueId('c');
      await env.client.workflow.start(WORKFLOW_TYPE, {
        workflowId: workflowIdFor(customerId),
        taskQueue,
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        args: [{ name: `Customer ${customerId}`, ...input, customerId } satisfies CustomerLoyaltyInput],
      });
      return handleFor(customerId);
    },
    async close() {
      worker.shutdown();
      await running;
      await env.teardown();
    },
  };
}

/** Sends commands through the executeCommands update, each with the key given (if any). */
export function execute(handle: WorkflowHandle, ...commands: Array<Command | CommandEnvelope>): Promise<CommandBatchResult> {
  const envelopes = commands.map((item): CommandEnvelope => ('command' in item ? item : { command: item }));
  return handle.executeUpdate(executeCommandsUpdate, { args: [{ commands: envelopes }] });
}

const FAILED_PRECONDITION = 9;

/**
 * When a run's closing workflow task is refused because messages arrived meanwhile
 * (UnhandledCommand, typical at continue-as-new under load), the server aborts the updates it had
 * not yet handed to the workflow with FAILED_PRECONDITION. The gateway answers that with 503 and
 * its client retries with the same keys, which is safe; `executeKeyed` does the same.
 */
export function abortedByServer(error: unknown): boolean {
  // A ServiceError wrapping the gRPC status; an update the workflow itself failed is another class.
  return error instanceof ServiceError && (error.cause as { code?: unknown } | undefined)?.code === FAILED_PRECONDITION;
}

/** Sends keyed commands, retrying (a few times) an update the server aborted before the workflow saw it. */
export async function executeKeyed(
  handle: WorkflowHandle,
  commands: Array<CommandEnvelope & { idempotencyKey: string }>,
  onRetry: () => void = () => {},
): Promise<CommandBatchResult> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await execute(handle, ...commands);
    } catch (error) {
      if (!abortedByServer(error) || attempt >= 5) throw error;
      onRetry();
    }
  }
}

/** A keyed command whose fingerprint is its JSON, as the gateway's would be a digest of it. */
export function keyed(idempotencyKey: string, command: Command): CommandEnvelope & { idempotencyKey: string } {
  return { idempotencyKey, fingerprint: JSON.stringify(command), command };
}

export function status(handle: WorkflowHandle): Promise<Customer> {
  return handle.query(getStatusQuery);
}
