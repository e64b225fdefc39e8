import { status as GRPC, type Deadline, type Interceptor, type StatusObject } from '@grpc/grpc-js';
import { defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import { loadClientConnectConfig } from '@temporalio/envconfig';

/** Where both apps look for Temporal when TEMPORAL_ADDRESS (or a Temporal profile) says nothing. */
export const DEFAULT_TEMPORAL_ADDRESS = 'localhost:7233';
export const DEFAULT_TEMPORAL_NAMESPACE = 'default';

/**
 * Temporal's connection settings, read the way Temporal's own tools read them
 * (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS_*, TEMPORAL_PROFILE and
 * the profile file, through @temporalio/envconfig), with this project's defaults filled in.
 */
export function resolveTemporalConnection() {
  const temporal = loadClientConnectConfig();
  const address = temporal.connectionOptions.address ?? DEFAULT_TEMPORAL_ADDRESS;
  return {
    address,
    namespace: temporal.namespace ?? DEFAULT_TEMPORAL_NAMESPACE,
    /** For Connection.connect / Connection.lazy and NativeConnection.connect alike. */
    connectionOptions: { ...temporal.connectionOptions, address },
    /** For Connection.connect / Connection.lazy: the same, with the client's retries below. */
    clientConnectionOptions: { ...temporal.connectionOptions, address, interceptors: clientInterceptors() },
  };
}

const clientDefaults = defaultGrpcRetryOptions();

/** The first pause before a call a closing run turned away goes again; it doubles up to a second. */
const CLOSING_RUN_RETRY_MS = 50;

/**
 * The gRPC interceptors of both apps' Temporal clients: the client's own retries, with two
 * changes. A retry never waits past its call's deadline: the client sleeps before each retry
 * without looking at it (up to 5 s), so a call to a server that refuses connections would end
 * seconds after the deadline its caller promised; capped, the last retry starts at the deadline
 * and fails there as a timeout. And a call a closing run turned away goes again at once
 * (clientRetryDelay).
 */
export function clientInterceptors(): Interceptor[] {
  return [
    (options, nextCall) =>
      makeGrpcRetryInterceptor({
        retryableDecider: clientDefaults.retryableDecider,
        delayFunction: (attempt, status) => Math.min(clientRetryDelay(attempt, status), msUntil(options.deadline)),
      })(options, nextCall),
  ];
}

function msUntil(deadline: Deadline | undefined): number {
  if (deadline === undefined) return Infinity;
  return Math.max(0, (deadline instanceof Date ? deadline.getTime() : deadline) - Date.now());
}

/**
 * How long the apps' clients wait before attempt `attempt + 1` of a call that failed with `status`.
 * A signal or update that meets a run as it continues-as-new is turned away with
 * RESOURCE_EXHAUSTED "workflow is closing", and the client waits 1.7 s (±20%) before it retries
 * any RESOURCE_EXHAUSTED, right for a server shedding load; but the next run is there within
 * milliseconds, so that pause would fall on every command in flight at each continue-as-new.
 */
export function clientRetryDelay(attempt: number, status: StatusObject): number {
  return status.code === GRPC.RESOURCE_EXHAUSTED && /workflow is closing/i.test(status.details)
    ? Math.min(CLOSING_RUN_RETRY_MS * 2 ** (attempt - 1), 1_000)
    : clientDefaults.delayFunction(attempt, status);
}
