// Makes a namespace ready for the loyalty apps on a Temporal server someone else started: the
// namespace exists and the search attributes the actors upsert are registered. Used by
// `npm run dev` against an existing server and by the PostgreSQL Temporal script. Through the
// SDK's own connection rather than the `temporal` CLI: no extra process, and nothing to install.
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';
import proto from '@temporalio/proto';
import type { SearchAttributeType } from './temporal-dev-server.js';

const { IndexedValueType } = proto.temporal.api.enums.v1;

export interface EnsureNamespaceOptions {
  /** Create the namespace when it is missing ('default' is not created by a bare server). */
  create?: boolean;
  /** Kept for a namespace created here; 3 days, as the `temporal` CLI does. */
  retentionDays?: number;
  searchAttributes?: Record<string, SearchAttributeType>;
  /** How long to keep trying while a new namespace or attribute propagates; 30 s by default. */
  timeoutMs?: number;
}

export interface EnsureNamespaceResult {
  createdNamespace: boolean;
  /** The search attributes that were missing and are now registered. */
  registered: string[];
}

export async function ensureNamespace(
  address: string,
  namespace: string,
  options: EnsureNamespaceOptions = {},
): Promise<EnsureNamespaceResult> {
  const { create = false, retentionDays = 3, searchAttributes = {}, timeoutMs = 30_000 } = options;
  const deadline = Date.now() + timeoutMs;
  // No retry interceptor: the SDK's default retries UNAVAILABLE for ~20 s; we retry ourselves.
  const connection = await Connection.connect({ address, connectTimeout: 5_000, interceptors: [] });
  const call = <T>(fn: () => Promise<T>) => connection.withDeadline(Math.min(deadline, Date.now() + 5_000), fn);
  try {
    let createdNamespace = false;
    if (!(await namespaceExists(call, connection, namespace))) {
      if (!create) throw new Error(`Temporal at ${address} has no namespace '${namespace}'`);
      await call(() =>
        connection.workflowService.registerNamespace({
          namespace,
          workflowExecutionRetentionPeriod: msToTs(`${retentionDays} days`),
        }),
      );
      createdNamespace = true;
    }

    const registered: string[] = [];
    let lastError = 'no attempt made';
    // A namespace created a moment ago is unknown to the other services until their caches refresh.
    while (Date.now() < deadline) {
      try {
        const missing = await missingSearchAttributes(call, connection, namespace, Object.keys(searchAttributes));
        if (missing.length === 0) return { createdNamespace, registered };
        await call(() =>
          connection.operatorService.addSearchAttributes({
            namespace,
            searchAttributes: Object.fromEntries(missing.map((name) => [name, indexedValueType(searchAttributes[name]!)])),
          }),
        );
        for (const name of missing) if (!registered.includes(name)) registered.push(name);
      } catch (error) {
        lastError = error instanceof Error ? error.message : String(error);
      }
      await sleep(250);
    }
    throw new Error(
      `could not register the search attributes ${Object.keys(searchAttributes).join(', ')} in namespace ` +
        `'${namespace}' at ${address} within ${timeoutMs} ms (last error: ${lastError})`,
    );
  } finally {
    await connection.close();
  }
}

type Call = <T>(fn: () => Promise<T>) => Promise<T>;

async function namespaceExists(call: Call, connection: Connection, namespace: string): Promise<boolean> {
  try {
    await call(() => connection.workflowService.describeNamespace({ namespace }));
    return true;
  } catch (error) {
    if ((error as { code?: number }).code === 5 /* NOT_FOUND */) return false;
    throw error;
  }
}

async function missingSearchAttributes(
  call: Call,
  connection: Connection,
  namespace: string,
  names: string[],
): Promise<string[]> {
  if (names.length === 0) return [];
  const { customAttributes } = await call(() => connection.operatorService.listSearchAttributes({ namespace }));
  return names.filter((name) => !(name in (customAttributes ?? {})));
}

/** 'KeywordList' -> INDEXED_VALUE_TYPE_KEYWORD_LIST */
export function indexedValueType(type: SearchAttributeType): number {
  const key = `INDEXED_VALUE_TYPE_${type.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}` as keyof typeof IndexedValueType;
  const value = IndexedValueType[key];
  if (typeof value !== 'number') throw new Error(`unknown search attribute type ${type}`);
  return value;
}
