import { randomUUID } from 'node:crypto';
import { setTimeout } from 'node:timers/promises';
import { status as GRPC } from '@grpc/grpc-js';
import proto from '@temporalio/proto';
import {
  ApplicationFailure,
  QueryRejectedError,
  WorkflowClient,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  defaultPayloadConverter,
  type Client,
  type QueryDefinition,
} from '@temporalio/client';
import type { Logger } from 'pino';
import {
  APPLICATION_FAILURE_TYPES,
  CLOSED_WORKFLOW_STATUSES,
  MAX_COMMANDS_PER_BATCH,
  NAME_MEMO_FIELD,
  newCustomer,
  TIER_NAMES,
  WORKFLOW_TYPE,
  accountActiveSearchAttribute,
  customerIdFromWorkflowId,
  executeCommandsUpdate,
  getCommandOutcomeQuery,
  getGuestsQuery,
  getLedgerQuery,
  getScheduledCommandsQuery,
  getStatusQuery,
  submitCommandsSignal,
  tierSearchAttribute,
  workflowIdFor,
  type CommandBatch,
  type CommandEnvelope,
  type Customer,
  type CustomerLoyaltyInput,
  type PointsExpiryPolicy,
  type Enrolment,
  type TierName,
} from '@loyalty/contracts';
import { fingerprintOf } from './fingerprint.js';
import { GroupCommit } from './group-commit.js';
import { createTemporalWebhookGateway } from './temporal-webhooks.js';
import {
  GatewayError,
  type CommandAnswer,
  type CommandRequest,
  type CustomerListPage,
  type CustomerListQuery,
  type LoyaltyGateway,
} from './gateway.js';

export interface TemporalGatewayOptions {
  client: Client;
  taskQueue: string;
  logger: Logger;
  /** The expiry policy each new account is enrolled with; absent: points never expire. */
  pointsExpiry?: PointsExpiryPolicy;
  deadlines?: Partial<Deadlines>;
  groupCommit?: { maxBatchSize?: number; maxInFlightPerCustomer?: number };
}

/**
 * Every call to Temporal has one of these deadlines, so that an unreachable server or a missing
 * worker becomes a quick answer rather than a hung request (the client alone retries for ~20 s).
 */
export interface Deadlines {
  /** Queries, starts and visibility. */
  readMs: number;
  /**
   * Until a command batch is answered. The actor answers within PEER_ANSWER_WAIT_MS even when a
   * command waits on another actor; past this deadline the outcome is unknown, and the command
   * is reported as pending (it may still be applied, once, and read by its key).
   */
  commandMs: number;
}

const DEFAULT_DEADLINES: Deadlines = { readMs: 3_000, commandMs: 5_000 };
/** After a command's deadline: how long Temporal gets to show it is there at all. */
const PROBE_MS = 1_000;
/** Resending a batch the server turned away unapplied: a growing pause, until the deadline. */
const RESEND_PAUSE_MS = 25;
const MAX_RESEND_PAUSE_MS = 250;
/** One attempt of a signal, so that a slow one is sent again within the read deadline. */
const SIGNAL_ATTEMPT_MS = 1_000;
/** How long a signal answered 202 before the server confirmed it is sent again (keys live 24 hours). */
const UNCONFIRMED_SIGNAL_RESEND_MS = 60_000;

export type TemporalGateway = LoyaltyGateway & { close(): Promise<void> };

/** Commands that wait on another actor travel in lanes of their own, so they never slow the others. */
const waitsOnPeer = (envelope: CommandEnvelope) => envelope.command.type === 'gift' || envelope.command.type === 'inviteGuest';

export function createTemporalGateway(options: TemporalGatewayOptions): TemporalGateway {
  const { client, taskQueue, logger } = options;
  const deadlines = { ...DEFAULT_DEADLINES, ...options.deadlines };
  const namespace = client.options.namespace;
  // Asked first on every read: an open account answers at once, a closed one says how it ended.
  const openOnly = new WorkflowClient({ connection: client.connection, namespace, queryRejectCondition: 'NOT_OPEN' });

  const handleOf = (customerId: string) => client.workflow.getHandle(workflowIdFor(customerId));
  /** Aborts the signals still being sent after their answer, at close. */
  const closing = new AbortController();
  const unconfirmedSignals = new Set<Promise<void>>();
  const within = <T>(ms: number, call: () => Promise<T>) => client.withDeadline(Date.now() + ms, call);

  /**
   * A read asks the account's latest run. One asked of open runs only that reaches a run just as
   * it continues-as-new is rejected as such; asked again, within the same deadline, the next run
   * answers.
   */
  const askingLatestRun = <T>(ask: () => Promise<T>) => resending(deadlines.readMs, ask, { again: rejectedAsContinuedAsNew });

  /** A query that maps "no such workflow" and "Temporal not answering" onto gateway errors. */
  async function query<Ret, Args extends unknown[]>(customerId: string, definition: QueryDefinition<Ret, Args>, ...args: Args): Promise<Ret> {
    try {
      return await askingLatestRun(() => handleOf(customerId).query(definition, ...args));
    } catch (error) {
      throw gatewayErrorFor(error, customerId);
    }
  }

  /**
   * The account as its actor sees it, and closed whatever its state says once the workflow has
   * ended: cancelled, terminated and timed-out workflows never ran their own closing.
   */
  async function customerOf(customerId: string): Promise<Customer> {
    try {
      return await askingLatestRun(() => openOnly.getHandle(workflowIdFor(customerId)).query(getStatusQuery));
    } catch (error) {
      if (!(error instanceof QueryRejectedError) || !CLOSED_STATUS_CODES.has(error.status)) {
        throw gatewayErrorFor(error, customerId);
      }
    }
    return { ...(await query(customerId, getStatusQuery)), accountActive: false };
  }

  const lanes = (send: (customerId: string, commands: CommandEnvelope[]) => Promise<CommandAnswer[]>) =>
    new GroupCommit<CommandEnvelope, CommandAnswer>({
      maxBatchSize: options.groupCommit?.maxBatchSize ?? MAX_COMMANDS_PER_BATCH,
      maxInFlightPerKey: options.groupCommit?.maxInFlightPerCustomer ?? 2,
      send: (lane, commands) => send(lane.slice(lane.indexOf(':') + 1), commands),
    });
  const updates = lanes(sendUpdate);
  const signals = lanes(sendSignal);
  const laneOf = (customerId: string, envelope: CommandEnvelope) => `${waitsOnPeer(envelope) ? 'peer' : 'local'}:${customerId}`;

  /** One round trip: the server answers with the outcome, or the deadline leaves it unknown (pending). */
  async function sendUpdate(customerId: string, commands: CommandEnvelope[]): Promise<CommandAnswer[]> {
    const batch: CommandBatch = { commands, requestedAt: new Date().toISOString() };
    // One ID for every resend of this batch: the server answers a resend it did admit as the same update.
    const updateId = randomUUID();
    try {
      const result = await resending(deadlines.commandMs, () =>
        handleOf(customerId).executeUpdate(executeCommandsUpdate, { args: [batch], updateId }),
      );
      return result.outcomes.map((outcome) => ({ outcome, customer: result.customer }));
    } catch (error) {
      if (await mayHaveReachedTheActor(error)) return commands.map(() => ({ outcome: { status: 'pending' } }));
      if (!refusedByValidator(error)) throw error;
      // The API checks commands with the same schemas, so this takes a worker that disagrees
      // with it (a deployment in progress). Keep one malformed command from sinking the rest.
      if (commands.length > 1) {
        return Promise.all(commands.map(async (command) => (await sendUpdate(customerId, [command]))[0]!));
      }
      const detail = error.cause?.message ?? error.message;
      return [{ outcome: { status: 'rejected', rejection: { code: 'invalid-command', detail } } }];
    }
  }

  /**
   * One signal carries the batch: durably accepted once the server says so (no worker needed, so
   * it has the read deadline); outcomes are read by key. An attempt whose deadline passes may not
   * be in history (the server drops a request past its deadline), so it is sent again: every
   * command is keyed, and a copy that lands twice changes nothing. Still unknown at the deadline
   * while Temporal answers, the answer is 202 as for any outcome not known in time, and the
   * gateway goes on sending it until the server has it.
   */
  async function sendSignal(customerId: string, commands: CommandEnvelope[]): Promise<CommandAnswer[]> {
    const batch: CommandBatch = { commands, requestedAt: new Date().toISOString() };
    const send = () => handleOf(customerId).signal(submitCommandsSignal, batch);
    try {
      await resending(deadlines.readMs, send, { attemptMs: SIGNAL_ATTEMPT_MS, again: (error) => turnedAwayUnapplied(error) || isTimeout(error) });
    } catch (error) {
      if (!(await mayHaveReachedTheActor(error))) throw error;
      keepSending(customerId, commands, send);
    }
    return commands.map(() => ({ outcome: { status: 'pending' } }));
  }

  /** Sends a signal answered 202 again until the server has it, while anything in the way may pass. */
  function keepSending(customerId: string, commands: CommandEnvelope[], send: () => Promise<void>): void {
    const keys = commands.map((command) => command.idempotencyKey);
    const sending: Promise<void> = resending(UNCONFIRMED_SIGNAL_RESEND_MS, send, { attemptMs: deadlines.readMs, again: mayPass })
      .then(() => logger.info({ customerId, keys }, 'signal confirmed by Temporal after its 202'))
      .catch((error: unknown) => logger.error({ customerId, keys, err: error }, 'signal answered 202 but not confirmed by Temporal'))
      .finally(() => unconfirmedSignals.delete(sending));
    unconfirmedSignals.add(sending);
  }

  /**
   * Runs a call to the actor within its deadline, sending it again while the server
   * turns it away without applying it: at a run's continue-as-new boundary, or when a worker
   * finished a task without taking the update (a restart), or on whatever else `again` says may
   * pass, each attempt within `attemptMs`. Resending is safe: commands are keyed.
   */
  async function resending<T>(
    ms: number,
    call: () => Promise<T>,
    { attemptMs = ms, again = turnedAwayUnapplied }: { attemptMs?: number; again?: (error: unknown) => boolean } = {},
  ): Promise<T> {
    const deadline = Date.now() + ms;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await client.withDeadline(Math.min(deadline, Date.now() + attemptMs), call);
      } catch (error) {
        const pause = Math.min(RESEND_PAUSE_MS * attempt, MAX_RESEND_PAUSE_MS);
        if (!again(error) || closing.signal.aborted || Date.now() + pause >= deadline) throw error;
        await setTimeout(pause);
      }
    }
  }

  /**
   * Whether a command whose call failed may still be applied: its deadline passed while Temporal
   * answers (a worker away or slow: the command may be taken later, once). A Temporal that does
   * not answer at all never took it; a refusal says it was not taken either.
   */
  async function mayHaveReachedTheActor(error: unknown): Promise<boolean> {
    if (!isTimeout(error)) return false;
    try {
      await within(PROBE_MS, () => client.workflowService.getSystemInfo({}));
      return true;
    } catch {
      return false;
    }
  }

  /** A command to an account whose actor has finished: a repeat still gets its first answer. */
  async function answerForClosedAccount(request: CommandRequest, fingerprint: string): Promise<CommandAnswer> {
    const record = await query(request.customerId, getCommandOutcomeQuery, { idempotencyKey: request.idempotencyKey, fingerprint });
    if (record === null || record.outcome.status === 'pending') {
      throw new GatewayError('account-closed', `The account of ${request.customerId} is closed.`);
    }
    return { outcome: record.outcome, customer: await customerOf(request.customerId) };
  }

  /** The account's workflow status, or undefined when the customer never enrolled. */
  async function accountStatus(customerId: string): Promise<string | undefined> {
    try {
      const description = await within(deadlines.readMs, () => handleOf(customerId).describe());
      return description.status.name;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return undefined;
      throw gatewayErrorFor(error, customerId);
    }
  }

  function envelopeFor(request: CommandRequest): CommandEnvelope {
    return { idempotencyKey: request.idempotencyKey, fingerprint: fingerprintOf(request.command), command: request.command };
  }

  /**
   * A message to a finished workflow fails as "not found", and an update cut short by the
   * workflow's end fails outright: either way, when the workflow has ended the account is closed.
   */
  async function settleFailure(request: CommandRequest, envelope: CommandEnvelope, error: unknown): Promise<CommandAnswer> {
    if (error instanceof WorkflowNotFoundError || error instanceof WorkflowUpdateFailedError) {
      const status = await accountStatus(request.customerId);
      if (status !== undefined && CLOSED_WORKFLOW_STATUSES.includes(status)) {
        return answerForClosedAccount(request, envelope.fingerprint!);
      }
      if (status === 'PAUSED' || status === 'RUNNING') throw unavailable(error);
    }
    throw gatewayErrorFor(error, request.customerId);
  }

  async function command(
    request: CommandRequest,
    commits: GroupCommit<CommandEnvelope, CommandAnswer>,
  ): Promise<CommandAnswer> {
    const envelope = envelopeFor(request);
    try {
      return await commits.submit(laneOf(request.customerId, envelope), envelope);
    } catch (error) {
      return settleFailure(request, envelope, error);
    }
  }

  return {
    async enrol(enrolment: Enrolment): Promise<Customer> {
      // The enrolment time travels with the start, so the actor and this answer agree on it.
      const input = {
        ...enrolment,
        enrolledAt: new Date().toISOString(),
        ...(options.pointsExpiry === undefined ? {} : { pointsExpiry: options.pointsExpiry }),
      } satisfies CustomerLoyaltyInput;
      try {
        await within(deadlines.readMs, () =>
          client.workflow.start(WORKFLOW_TYPE, {
            workflowId: workflowIdFor(enrolment.customerId),
            taskQueue,
            args: [input],
            // A closed account's ID is never reused: that customer cannot enrol again.
            workflowIdReusePolicy: 'REJECT_DUPLICATE',
            workflowIdConflictPolicy: 'FAIL',
            memo: { [NAME_MEMO_FIELD]: enrolment.name },
          }),
        );
      } catch (error) {
        if (error instanceof WorkflowExecutionAlreadyStartedError) {
          const status = await accountStatus(enrolment.customerId);
          throw status !== undefined && !CLOSED_WORKFLOW_STATUSES.includes(status)
            ? new GatewayError('customer-exists', `Customer ${enrolment.customerId} is already enrolled.`)
            : new GatewayError('account-closed', `Customer ${enrolment.customerId} closed their account; the ID cannot be enrolled again.`);
        }
        throw gatewayErrorFor(error, enrolment.customerId);
      }
      // Durable once started. The answer is the account as the actor opens it (newCustomer is the
      // actor's own first state, at the same enrolment time), so it is known without waiting for
      // the workflow's first task or asking for it: one round trip.
      return newCustomer(input);
    },

    getCustomer: customerOf,
    getGuests: (customerId) => query(customerId, getGuestsQuery),
    getLedger: (customerId, page) => query(customerId, getLedgerQuery, page),
    getScheduledCommands: (customerId) => query(customerId, getScheduledCommandsQuery),
    getCommand: (customerId, idempotencyKey, fingerprint) =>
      query(customerId, getCommandOutcomeQuery, { idempotencyKey, ...(fingerprint === undefined ? {} : { fingerprint }) }),
    execute: (request) => command(request, updates),
    submit: (request) => command(request, signals),
    webhooks: createTemporalWebhookGateway({ client, taskQueue, readMs: deadlines.readMs, mapError: (error) => gatewayErrorFor(error), visibilityToken }),

    async listCustomers(query: CustomerListQuery): Promise<CustomerListPage> {
      const filters = [`WorkflowType = '${WORKFLOW_TYPE}'`, `ExecutionStatus != 'ContinuedAsNew'`];
      // Both values come from closed sets (tier names, booleans), never from raw user text.
      if (query.tier !== undefined) filters.push(`${tierSearchAttribute.name} = '${query.tier}'`);
      // An account is active while its actor says so and its workflow has not ended otherwise.
      const ended = `ExecutionStatus IN (${CLOSED_VISIBILITY_STATUSES.map((status) => `'${status}'`).join(', ')})`;
      if (query.accountActive === true) filters.push(`${accountActiveSearchAttribute.name} = true`, `NOT ${ended}`);
      if (query.accountActive === false) filters.push(`(${accountActiveSearchAttribute.name} = false OR ${ended})`);
      const nextPageToken = query.pageToken === undefined ? undefined : visibilityToken(query.pageToken);
      let response;
      try {
        response = await within(deadlines.readMs, () =>
          client.workflowService.listWorkflowExecutions({
            namespace,
            pageSize: query.pageSize,
            query: filters.join(' AND '),
            ...(nextPageToken === undefined ? {} : { nextPageToken }),
          }),
        );
      } catch (error) {
        // Visibility stores answer a token they cannot read with INVALID_ARGUMENT or, SQLite's, UNKNOWN.
        const code = grpcCode(error);
        if (nextPageToken !== undefined && (code === GRPC.INVALID_ARGUMENT || code === GRPC.UNKNOWN)) {
          throw invalidPageToken();
        }
        throw gatewayErrorFor(error);
      }
      const customers = (response.executions ?? []).flatMap((execution) => {
        const customerId = customerIdFromWorkflowId(execution.execution?.workflowId ?? '');
        if (customerId === undefined) return [];
        const fields = execution.searchAttributes?.indexedFields ?? {};
        const decode = (name: string) => {
          const payload = fields[name];
          return payload ? defaultPayloadConverter.fromPayload<unknown>(payload) : undefined;
        };
        const tier = decode(tierSearchAttribute.name);
        const active = decode(accountActiveSearchAttribute.name);
        const memoName = execution.memo?.fields?.[NAME_MEMO_FIELD];
        const name = memoName ? defaultPayloadConverter.fromPayload<string>(memoName) : undefined;
        return [
          {
            customerId,
            ...(typeof name === 'string' ? { name } : {}),
            tier: (TIER_NAMES as readonly string[]).includes(tier as string) ? (tier as TierName) : 'Member',
            accountActive: active !== false && !CLOSED_STATUS_CODES.has(execution.status ?? 0),
          },
        ];
      });
      const token = response.nextPageToken;
      return {
        customers,
        ...(token && token.length > 0 ? { nextPageToken: Buffer.from(token).toString('base64url') } : {}),
      };
    },

    async checkReady(): Promise<void> {
      let pollers;
      try {
        const response = await within(deadlines.readMs, () =>
          client.workflowService.describeTaskQueue({
            namespace,
            taskQueue: { name: taskQueue, kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
            taskQueueType: TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
          }),
        );
        pollers = response.pollers ?? [];
      } catch (error) {
        throw gatewayErrorFor(error);
      }
      if (pollers.length === 0) {
        throw new GatewayError('temporal-unavailable', `No worker is polling task queue ${taskQueue}.`);
      }
    },

    async close(): Promise<void> {
      logger.debug({ activeCustomers: updates.activeKeys + signals.activeKeys }, 'gateway closing');
      closing.abort();
      // Each ends at its attempt in flight; one that does not land was answered 202, and its key says so.
      await Promise.all(unconfirmedSignals);
    },
  };
}

/** The update validator's refusal: the batch never reached the actor's history. */
function refusedByValidator(error: unknown): error is WorkflowUpdateFailedError {
  return (
    error instanceof WorkflowUpdateFailedError &&
    error.cause instanceof ApplicationFailure &&
    error.cause.type === APPLICATION_FAILURE_TYPES.invalidInput
  );
}

/**
 * Page tokens are the visibility store's own, base64url-encoded. Every store Temporal ships
 * writes them as JSON, so anything that does not decode to a JSON object was not issued here.
 */
function visibilityToken(pageToken: string): Buffer {
  const bytes = Buffer.from(pageToken, 'base64url');
  try {
    const parsed: unknown = JSON.parse(bytes.toString('utf8'));
    if (parsed !== null && typeof parsed === 'object' && bytes.toString('base64url') === pageToken) return bytes;
  } catch {
    // fall through
  }
  throw invalidPageToken();
}

function invalidPageToken(): GatewayError {
  return new GatewayError('invalid-page-token', 'The page token is not one this service issued.');
}

/**
 * The server turned the call away without applying it, and would take it again: the run was
 * continuing-as-new or at a per-run limit that continue-as-new lifts (updates: FAILED_PRECONDITION;
 * signals: INVALID_ARGUMENT "exceeded workflow execution limit"), or a worker completed a task
 * without taking the update (it restarted meanwhile).
 */
function turnedAwayUnapplied(error: unknown): boolean {
  if (isPaused(error)) return false; // until someone unpauses it: answered at once as unavailable
  if (error instanceof WorkflowUpdateFailedError) {
    return error.cause instanceof ApplicationFailure && error.cause.type === 'UnprocessedUpdate';
  }
  if (error instanceof WorkflowNotFoundError) return /aborted/i.test(error.message);
  const code = grpcCode(error);
  return code === GRPC.FAILED_PRECONDITION || (code === GRPC.INVALID_ARGUMENT && /execution limit/i.test(causeMessage(error)));
}

/** Whether an error may pass by itself: no answer in time, a refusal at a boundary, a server away. */
function mayPass(error: unknown): boolean {
  const code = grpcCode(error);
  return isTimeout(error) || turnedAwayUnapplied(error) || (code !== undefined && TRANSIENT_CODES.has(code));
}

function causeMessage(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  return cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error);
}

/** A paused account answers no query or update until it is unpaused: unavailable, never closed. */
function isPaused(error: unknown): boolean {
  if (error instanceof QueryRejectedError) return error.status === PAUSED_STATUS_CODE;
  return grpcCode(error) === GRPC.FAILED_PRECONDITION && /paused/i.test(causeMessage(error));
}

function unavailable(cause: unknown): GatewayError {
  return new GatewayError('temporal-unavailable', 'The loyalty service is not answering right now.', undefined, { cause });
}

/** Maps what the Temporal client throws onto the gateway's closed set; anything else stays a 500. */
function gatewayErrorFor(error: unknown, customerId?: string): unknown {
  if (error instanceof GatewayError) return error;
  if (error instanceof WorkflowNotFoundError && !turnedAwayUnapplied(error)) {
    return new GatewayError('customer-not-found', `There is no customer ${customerId ?? ''}.`.replace(' .', '.'), undefined, { cause: error });
  }
  const code = grpcCode(error);
  if (code === GRPC.RESOURCE_EXHAUSTED) {
    return new GatewayError('too-many-requests', 'Too many commands are in flight for this customer.', undefined, { cause: error });
  }
  // Everything passing: no answer in time, a server or worker away, a run at a per-run limit or
  // a boundary, a paused workflow, an update a restarting worker did not take.
  if (isPaused(error) || mayPass(error)) {
    return unavailable(error);
  }
  return error;
}

const { WorkflowExecutionStatus: Status, TaskQueueKind, TaskQueueType } = proto.temporal.api.enums.v1;
/** Workflow statuses of an ended account (CLOSED_WORKFLOW_STATUSES), as visibility queries and answers name them. */
const CLOSED_VISIBILITY_STATUSES = ['Completed', 'Failed', 'Canceled', 'Terminated', 'TimedOut'];
const CLOSED_STATUS_CODES: ReadonlySet<number> = new Set([
  Status.WORKFLOW_EXECUTION_STATUS_COMPLETED,
  Status.WORKFLOW_EXECUTION_STATUS_FAILED,
  Status.WORKFLOW_EXECUTION_STATUS_CANCELED,
  Status.WORKFLOW_EXECUTION_STATUS_TERMINATED,
  Status.WORKFLOW_EXECUTION_STATUS_TIMED_OUT,
]);
const PAUSED_STATUS_CODE = Status.WORKFLOW_EXECUTION_STATUS_PAUSED;

function rejectedAsContinuedAsNew(error: unknown): boolean {
  return error instanceof QueryRejectedError && error.status === Status.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW;
}

const TRANSIENT_CODES: ReadonlySet<number> = new Set([GRPC.FAILED_PRECONDITION, GRPC.ABORTED, GRPC.UNAVAILABLE]);

function isTimeout(error: unknown): boolean {
  const code = grpcCode(error);
  return (
    error instanceof WorkflowUpdateRPCTimeoutOrCancelledError || code === GRPC.DEADLINE_EXCEEDED || code === GRPC.CANCELLED
  );
}

/** The gRPC status code of an error or of the first cause that carries one. */
function grpcCode(error: unknown): number | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'number') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
