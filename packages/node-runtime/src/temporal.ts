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

/** The gRPC interceptors of both apps' Temporal clients: the client's own retries. */
export function clientInterceptors() {
  return [makeGrpcRetryInterceptor(defaultGrpcRetryOptions())];
}
