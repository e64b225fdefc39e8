import { randomUUID } from 'node:crypto';
import { setTimeout } from 'node:timers/promises';
import {
  ApplicationFailure,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  defaultPayloadConverter,
  type Client,
  type WorkflowHandle,
} from '@temporalio/client';
import type { Logger } from 'pino';
import {
  APPLICATION_FAILURE_TYPES,
  LOWEST_TIER,
  MAX_COMMANDS_PER_BATCH,
  TIER_NAMES,
  WORKFLOW_TYPE,
  accountActiveSearchAttribute,
  customerIdFromWorkflowId,
  executeCommandsUpdate,
  getCommandOutcomeQuery,
  getGuestsQuery,
  getLedgerQuery,
  getStatusQuery,
  submitCommandsSignal,
  tierSearchAttribute,
  workflowIdFor,
  type CommandEnvelope,
  type Customer,
  type CustomerLoyaltyInput,
  type Enrolment,
  type SettledOutcome,
  type TierName,
} from '@loyalty/contracts';
import { fingerprintOf } from './fingerprint.js';
import { GroupCommit } from './group-commit.js';
import {
  GatewayError,
  type CommandRequest,
  type CustomerListPage,
  type CustomerListQuery,
  type ExecutionResult,
  type LoyaltyGateway,
} from './gateway.js';

export interface TemporalGatewayOptions {
  client: Client;
  taskQueue: string;
  logger: Logger;
  deadlines?: Partial<Deadlines>;
  groupCommit?: { maxBatchSize?: number; maxInFlightPerCustomer?: number };
}

/**
 * Every call to Temporal has one of these deadlines, so that an unreachable server or a missing
 * worker becomes a quick 503 rather than a hung request (the client alone retries for ~20 s).
 */
export interface Deadlines {
  /** Queries, starts, signals and visibility. */
  readMs: number;
  /** Until the actor has durably accepted a command batch. */
  acceptMs: number;
  /** After acceptance, until the outcome; past it the command is reported as pending. */
  outcomeMs: number;
}

const DEFAULT_DEADLINES: Deadlines = { readMs: 3_000, acceptMs: 5_000, outcomeMs: 10_000 };
/** Resending a batch turned away at a run boundary: a growing pause, until the accept deadline. */
const RUN_BOUNDARY_PAUSE_MS = 25;
const MAX_RUN_BOUNDARY_PAUSE_MS = 250;

/** gRPC status codes the gateway tells apart (see grpc/status.proto). */
const GRPC = { CANCELLED: 1, UNKNOWN: 2, INVALID_ARGUMENT: 3, DEADLINE_EXCEEDED: 4, RESOURCE_EXHAUSTED: 8, FAILED_PRECONDITION: 9, UNAVAILABLE: 14 };

export type TemporalGateway = LoyaltyGateway & { close(): Promise<void> };

export function createTemporalGateway(options: TemporalGatewayOptions): TemporalGateway {
  const { client, taskQueue, logger } = options;
  const deadlines = { ...DEFAULT_DEADLINES, ...options.deadlines };
  const namespace = client.options.namespace;

  const handleOf = (customerId: string) => client.workflow.getHandle(workflowIdFor(customerId));
  const within = <T>(ms: number, call: () => Promise<T>) => client.withDeadline(Date.now() + ms, call);

  /** A read that maps "no such workflow" and "Temporal not answering" onto gateway errors. */
  async function read<T>(customerId: string, call: (handle: WorkflowHandle) => Promise<T>): Promise<T> {
    try {
      return await within(deadlines.readMs, () => call(handleOf(customerId)));
    } catch (error) {
      throw gatewayErrorFor(error, customerId);
    }
  }

  const commits = new GroupCommit<CommandEnvelope, ExecutionResult>({
    maxBatchSize: options.groupCommit?.maxBatchSize ?? MAX_COMMANDS_PER_BATCH,
    maxInFlightPerKey: options.groupCommit?.maxInFlightPerCustomer ?? 2,
    send: sendBatch,
  });

  async function sendBatch(customerId: string, commands: CommandEnvelope[]): Promise<ExecutionResult[]> {
    const update = await startBatch(customerId, commands);
    try {
      const result = await within(deadlines.outcomeMs, () => update.result());
      return result.outcomes.map((outcome) => ({ status: 'settled', outcome, customer: result.customer }));
    } catch (error) {
      // Accepted means recorded in the actor's history: it will finish, and its outcome can be read by key.
      if (isTimeout(error)) return commands.map(() => ({ status: 'pending' }));
      if (!refusedByValidator(error)) throw error;
      // The API checks commands with the same schemas, so this takes a worker that disagrees
      // with it (a deployment in progress). Keep one malformed command from sinking the rest.
      if (commands.length > 1) {
        return Promise.all(commands.map(async (command) => (await sendBatch(customerId, [command]))[0]!));
      }
      const customer = await read(customerId, (h) => h.query(getStatusQuery));
      const detail = error.cause?.message ?? error.message;
      return [{ status: 'settled', outcome: { status: 'rejected', rejection: { code: 'invalid-command', detail } }, customer }];
    }
  }

  /** Hands a batch to the actor, resending it if it meets a run that is continuing-as-new. */
  async function startBatch(customerId: string, commands: CommandEnvelope[]) {
    const handle = handleOf(customerId);
    const updateId = randomUUID();
    const acceptBy = Date.now() + deadlines.acceptMs;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await client.withDeadline(acceptBy, () =>
          handle.startUpdate(executeCommandsUpdate, { args: [{ commands }], updateId, waitForStage: 'ACCEPTED' }),
        );
      } catch (error) {
        // The server turns such an update away with FAILED_PRECONDITION and the next run takes
        // it. Resending is safe: every command in the batch is keyed.
        const atRunBoundary = grpcCode(error) === GRPC.FAILED_PRECONDITION;
        const pause = Math.min(RUN_BOUNDARY_PAUSE_MS * attempt, MAX_RUN_BOUNDARY_PAUSE_MS);
        if (!atRunBoundary || Date.now() + pause >= acceptBy) throw error;
        await setTimeout(pause);
      }
    }
  }

  /** A command to an account whose actor has finished: a repeat still gets its first answer. */
  async function answerForClosedAccount(request: CommandRequest, fingerprint: string): Promise<ExecutionResult> {
    const record = await read(request.customerId, (h) => h.query(getCommandOutcomeQuery, request.idempotencyKey));
    if (record === null || record.outcome.status === 'pending') {
      throw new GatewayError('account-closed', `The account of ${request.customerId} is closed.`);
    }
    const customer = await read(request.customerId, (h) => h.query(getStatusQuery));
    if (record.fingerprint !== fingerprint || record.commandType !== request.command.type) {
      return { status: 'settled', outcome: keyReused(request.idempotencyKey), customer };
    }
    return { status: 'settled', outcome: record.outcome, customer };
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
   * An update to a finished workflow fails as "not found", and one cut short by the workflow's
   * end (a Temporal cancellation) fails outright: either way the account has closed.
   */
  async function settleFailure(request: CommandRequest, envelope: CommandEnvelope, error: unknown): Promise<ExecutionResult> {
    if (error instanceof WorkflowNotFoundError || error instanceof WorkflowUpdateFailedError) {
      const status = await accountStatus(request.customerId);
      if (status !== undefined && status !== 'RUNNING') return answerForClosedAccount(request, envelope.fingerprint!);
    }
    throw gatewayErrorFor(error, request.customerId);
  }

  return {
    async enrol(enrolment: Enrolment): Promise<Customer> {
      const input: CustomerLoyaltyInput = enrolment;
      try {
        await within(deadlines.readMs, () =>
          client.workflow.start(WORKFLOW_TYPE, {
            workflowId: workflowIdFor(enrolment.customerId),
            taskQueue,
            args: [input],
            // A closed account's ID is never reused: that customer cannot enrol again.
            workflowIdReusePolicy: 'REJECT_DUPLICATE',
            workflowIdConflictPolicy: 'FAIL',
            memo: { name: enrolment.name },
          }),
        );
      } catch (error) {
        if (error instanceof WorkflowExecutionAlreadyStartedError) {
          const description = await read(enrolment.customerId, (h) => h.describe());
          throw description.status.name === 'RUNNING'
            ? new GatewayError('customer-exists', `Customer ${enrolment.customerId} is already enrolled.`)
            : new GatewayError('account-closed', `Customer ${enrolment.customerId} closed their account; the ID cannot be enrolled again.`);
        }
        throw gatewayErrorFor(error, enrolment.customerId);
      }
      try {
        return await read(enrolment.customerId, (h) => h.query(getStatusQuery));
      } catch (error) {
        if (!(error instanceof GatewayError && error.code === 'temporal-unavailable')) throw error;
        // The account exists now, durably; only its first answer is slow (no worker yet). Say
        // what it starts as rather than a 503 that a retry would turn into "already enrolled".
        return newAccount(enrolment);
      }
    },

    getCustomer: (customerId) => read(customerId, (h) => h.query(getStatusQuery)),
    getGuests: (customerId) => read(customerId, (h) => h.query(getGuestsQuery)),
    getLedger: (customerId, page) => read(customerId, (h) => h.query(getLedgerQuery, page)),
    getCommand: (customerId, key) => read(customerId, (h) => h.query(getCommandOutcomeQuery, key)),

    async execute(request: CommandRequest): Promise<ExecutionResult> {
      const envelope = envelopeFor(request);
      try {
        return await commits.submit(request.customerId, envelope);
      } catch (error) {
        return settleFailure(request, envelope, error);
      }
    },

    async submit(request: CommandRequest): Promise<ExecutionResult> {
      const envelope = envelopeFor(request);
      try {
        const record = await within(deadlines.readMs, () =>
          handleOf(request.customerId).query(getCommandOutcomeQuery, request.idempotencyKey),
        );
        if (record !== null) {
          if (record.fingerprint !== envelope.fingerprint || record.commandType !== request.command.type) {
            const customer = await read(request.customerId, (h) => h.query(getStatusQuery));
            return { status: 'settled', outcome: keyReused(request.idempotencyKey), customer };
          }
          if (record.outcome.status === 'pending') return { status: 'pending' };
          const customer = await read(request.customerId, (h) => h.query(getStatusQuery));
          return { status: 'settled', outcome: record.outcome, customer };
        }
        await within(deadlines.readMs, () =>
          handleOf(request.customerId).signal(submitCommandsSignal, { commands: [envelope] }),
        );
        return { status: 'pending' };
      } catch (error) {
        return settleFailure(request, envelope, error);
      }
    },

    async listCustomers(query: CustomerListQuery): Promise<CustomerListPage> {
      const filters = [`WorkflowType = '${WORKFLOW_TYPE}'`, `ExecutionStatus != 'ContinuedAsNew'`];
      // Both values come from closed sets (tier names, booleans), never from raw user text.
      if (query.tier !== undefined) filters.push(`${tierSearchAttribute.name} = '${query.tier}'`);
      if (query.accountActive !== undefined) filters.push(`${accountActiveSearchAttribute.name} = ${query.accountActive}`);
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
        const memoName = execution.memo?.fields?.name;
        const name = memoName ? defaultPayloadConverter.fromPayload<string>(memoName) : undefined;
        return [
          {
            customerId,
            ...(typeof name === 'string' ? { name } : {}),
            tier: (TIER_NAMES as readonly string[]).includes(tier as string) ? (tier as TierName) : 'Member',
            accountActive: typeof active === 'boolean' ? active : true,
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
          client.workflowService.describeTaskQueue({ namespace, taskQueue: { name: taskQueue, kind: 1 }, taskQueueType: 1 }),
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
      logger.debug({ activeCustomers: commits.activeKeys }, 'gateway closing');
    },
  };
}

function keyReused(idempotencyKey: string): SettledOutcome {
  const detail = `Idempotency key '${idempotencyKey}' was already used for a different request.`;
  return { status: 'rejected', rejection: { code: 'idempotency-key-reused', detail } };
}

/** The update validator's refusal: the batch never reached the actor's history. */
function refusedByValidator(error: unknown): error is WorkflowUpdateFailedError {
  return (
    error instanceof WorkflowUpdateFailedError &&
    error.cause instanceof ApplicationFailure &&
    error.cause.type === APPLICATION_FAILURE_TYPES.invalidInput
  );
}

/** What a just-enrolled account looks like before its actor has run (SPEC §4: active, no points). */
function newAccount(enrolment: Enrolment): Customer {
  return {
    customerId: enrolment.customerId,
    name: enrolment.name,
    ...(enrolment.email === undefined ? {} : { email: enrolment.email }),
    points: 0,
    tier: { ...LOWEST_TIER },
    accountActive: true,
    guests: [],
    enrolledAt: new Date().toISOString(),
  };
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

/** Maps what the Temporal client throws onto the gateway's closed set; anything else stays a 500. */
function gatewayErrorFor(error: unknown, customerId?: string): unknown {
  if (error instanceof GatewayError) return error;
  if (error instanceof WorkflowNotFoundError) {
    return new GatewayError('customer-not-found', `There is no customer ${customerId ?? ''}.`.replace(' .', '.'), undefined, { cause: error });
  }
  const code = grpcCode(error);
  if (code === GRPC.RESOURCE_EXHAUSTED) {
    return new GatewayError('too-many-requests', 'Too many commands are in flight for this customer.', undefined, { cause: error });
  }
  if (isTimeout(error) || code === GRPC.UNAVAILABLE || code === GRPC.FAILED_PRECONDITION) {
    return new GatewayError('temporal-unavailable', 'The loyalty service is not answering right now.', undefined, { cause: error });
  }
  return error;
}

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
