// Whether the SDK collects workflow stack traces (Temporal's `__stack_trace` query, the UI's "Stack
// Trace" tab). To answer that query the SDK installs a V8 promise hook in its workflow thread that
// captures and source-maps a stack trace for every promise any workflow creates. Profiled under the
// benchmark, that hook was 44–82% of the workflow thread's busy time, on every path (the thread is
// what the many-customer rows are bound by); turning it off cut the worker's CPU per earn of one hot
// customer to a quarter, and by up to 40% with many customers, where runs are noisy (README,
// Benchmarks). An account's state, history and queries tell what it waits for,
// so workers run without it unless WORKER_WORKFLOW_STACK_TRACES turns it on for debugging.
//
// The SDK has no option for it (temporalio/sdk-typescript#1587); it does have the state: where
// `v8.promiseHooks` is missing it runs with stack traces off and answers the query with "Workflow
// stack traces are not enabled on this worker". This module puts a workflow thread in that state
// by starting the SDK's thread file through a short entry that disables the hook's installation
// first. Any other thread the process starts is left as it is.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import type * as WorkerThreads from 'node:worker_threads';

export const DEFAULT_WORKFLOW_STACK_TRACES = false;

const require = createRequire(import.meta.url);
const workerThreads: { Worker: typeof WorkerThreads.Worker } = require('node:worker_threads');
/** The file the SDK starts each workflow thread from, and the module that installs the hook there. */
const sdkWorkflowThread = require.resolve('@temporalio/worker/lib/workflow/workflow-worker-thread.js');
const sdkHookInstaller = require.resolve('@temporalio/worker/lib/workflow/vm-shared.js');

const workflowThreadEntry = `
const { globalHandlers } = require(${JSON.stringify(sdkHookInstaller)});
if (typeof globalHandlers?.setPromiseHook !== 'function') {
  throw new Error('This Temporal SDK installs workflow stack traces differently: start the worker with WORKER_WORKFLOW_STACK_TRACES=true');
}
globalHandlers.setPromiseHook = () => {};
require(${JSON.stringify(sdkWorkflowThread)});
`;

/** Set while a worker without stack traces is being created, so that only its threads are affected. */
const creatingWithoutStackTraces = new AsyncLocalStorage<true>();
let threadsDiverted = false;

function divertSdkWorkflowThreads(): void {
  if (threadsDiverted) return;
  threadsDiverted = true;
  const NodeWorker = workerThreads.Worker;
  class WorkflowThread extends NodeWorker {
    constructor(filename: string | URL, options?: WorkerThreads.WorkerOptions) {
      if (creatingWithoutStackTraces.getStore() && String(filename) === sdkWorkflowThread) {
        super(workflowThreadEntry, { ...options, eval: true });
      } else {
        super(filename, options);
      }
    }
  }
  // The SDK reads `Worker` from this module object each time it starts a thread.
  workerThreads.Worker = WorkflowThread;
}

/** Runs `create` (the SDK's Worker.create) so that the workflow threads it starts collect stack traces or not. */
export function creatingWorkflowThreads<T>(stackTraces: boolean, create: () => Promise<T>): Promise<T> {
  if (stackTraces) return create();
  divertSdkWorkflowThreads();
  return creatingWithoutStackTraces.run(true, create);
}
