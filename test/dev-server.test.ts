// The server every `temporal` test relies on: reachable, with the namespace and the search
// attributes the workflows upsert. Fails, never skips, when no server is there.
import { randomUUID } from 'node:crypto';
import { accountActiveSearchAttribute, tierSearchAttribute } from '@loyalty/contracts';
import { Client, Connection } from '@temporalio/client';
import proto from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { testSearchAttributes } from './global-setup.js';

const { IndexedValueType } = proto.temporal.api.enums.v1;

const namespace = 'default';
let connection: Connection;

beforeAll(async () => {
  connection = await Connection.connect({ address: inject('temporalAddress'), connectTimeout: 5_000 });
});

afterAll(async () => {
  await connection?.close();
});

/** A deadline on every call: the client would otherwise retry an absent server for ~20 s. */
const within = <T>(fn: () => Promise<T>) => connection.withDeadline(Date.now() + 5_000, fn);

describe('test Temporal server', () => {
  test('its address is provided to tests and to child processes', () => {
    expect(inject('temporalAddress')).toMatch(/^[\w.-]+:\d+$/);
    expect(process.env.TEMPORAL_TEST_ADDRESS).toBe(inject('temporalAddress'));
  });

  test('serves the default namespace', async () => {
    const { namespaceInfo } = await within(() => connection.workflowService.describeNamespace({ namespace }));
    expect(namespaceInfo?.name).toBe(namespace);
  });

  test('has the loyalty search attributes registered with their types', async () => {
    const { customAttributes } = await within(() =>
      connection.operatorService.listSearchAttributes({ namespace }),
    );
    const expected = Object.fromEntries(
      Object.entries(testSearchAttributes).map(([name, type]) => [name, indexedValueType(type)]),
    );
    expect(Object.keys(expected)).toEqual(
      expect.arrayContaining(['LoyaltyTier', 'LoyaltyAccountActive']),
    );
    expect(customAttributes).toMatchObject(expected);
  });

  test('a workflow started with the search attributes can be found by them', async () => {
    const client = new Client({ connection, namespace });
    const tier = `gold-${randomUUID()}`; // unique, so only this run's workflow matches
    // No worker polls this task queue: the workflow simply stays running until terminated.
    const handle = await within(() =>
      client.workflow.start('visibilityProbe', {
        taskQueue: `dev-server-test-${randomUUID()}`,
        workflowId: `dev-server-test-${randomUUID()}`,
        typedSearchAttributes: [
          { key: tierSearchAttribute, value: tier },
          { key: accountActiveSearchAttribute, value: true },
        ],
      }),
    );
    try {
      const query = `${tierSearchAttribute.name} = '${tier}' AND ${accountActiveSearchAttribute.name} = true`;
      await expect.poll(() => listWorkflowIds(client, query), { timeout: 10_000 }).toEqual([handle.workflowId]);
    } finally {
      await within(() => handle.terminate('dev-server test done'));
    }
  });
});

async function listWorkflowIds(client: Client, query: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const execution of client.workflow.list({ query })) ids.push(execution.workflowId);
  return ids;
}

function indexedValueType(type: string): number {
  // 'KeywordList' -> INDEXED_VALUE_TYPE_KEYWORD_LIST
  const name = `INDEXED_VALUE_TYPE_${type.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}`;
  const value = IndexedValueType[name as keyof typeof IndexedValueType];
  if (typeof value !== 'number') throw new Error(`unknown search attribute type ${type}`);
  return value;
}
