// Global setup of the `temporal` test project: one Temporal dev server (headless, in memory)
// for the whole run, or the server named by TEMPORAL_TEST_ADDRESS. Tests read its address with
// `inject('temporalAddress')` (or process.env.TEMPORAL_TEST_ADDRESS) and isolate themselves
// with a fresh task queue each. A server that cannot start fails the run: tests never skip.
import type { TestProject } from 'vitest/node';
import { searchAttributes } from '@loyalty/contracts';
import { startDevServer, waitForServer, type SearchAttributeType } from '../scripts/lib/temporal-dev-server.js';

/** Registered on the test server; the workflows upsert them. */
export const testSearchAttributes: Record<string, SearchAttributeType> = { ...searchAttributes };

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const external = process.env.TEMPORAL_TEST_ADDRESS;
  if (external) {
    await waitForServer(external, { searchAttributeNames: Object.keys(testSearchAttributes), timeoutMs: 10_000 });
    project.provide('temporalAddress', external);
    return undefined;
  }

  const server = await startDevServer({
    uiPort: false,
    searchAttributes: testSearchAttributes,
    dynamicConfig: {
      // Updates and eager start are what the gateway relies on; the server accepts these keys.
      'frontend.enableUpdateWorkflowExecution': true,
      'frontend.enableUpdateWorkflowExecutionAsyncAccepted': true,
      'system.enableEagerWorkflowStart': true,
      // Tests pause accounts: a paused account is unavailable, never closed.
      'frontend.WorkflowPauseEnabled': true,
    },
  });
  project.provide('temporalAddress', server.address);
  // Fallback for code that cannot call inject(); test workers are forked after this and inherit it.
  process.env.TEMPORAL_TEST_ADDRESS = server.address;

  return async () => {
    delete process.env.TEMPORAL_TEST_ADDRESS;
    await server.stop();
  };
}
