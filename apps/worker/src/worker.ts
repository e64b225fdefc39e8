import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Client } from '@temporalio/client';
import { DefaultLogger, Worker, bundleWorkflowCode, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type WebhookSettings } from './activities/index.js';
import type { Notifier } from './notifiers/notifier.js';
import { DEFAULT_WORKFLOW_STACK_TRACES, creatingWorkflowThreads } from './workflow-stack-traces.js';

export interface LoyaltyWorkerOptions {
  connection: NativeConnection;
  /** Used by activities to reach other customers' actors. */
  client: Client;
  namespace: string;
  taskQueue: string;
  notifier: Notifier;
  /** How webhook deliveries are retried (production defaults when absent). */
  webhooks?: WebhookSettings;
  /** Whether Temporal's stack-trace query works on this worker's workflows (costly: see workflow-stack-traces.ts). */
  workflowStackTraces?: boolean;
  /** Anything else a caller (a test, main.ts) wants to set on the Temporal worker. */
  overrides?: Partial<WorkerOptions>;
}

/**
 * Compiled code (dist/, production images) uses the bundle that `npm run build` made beside it;
 * running from TypeScript source (development, tests) bundles the workflows afresh at start.
 */
const runningCompiled = import.meta.url.endsWith('.js');
const prebuiltBundle = fileURLToPath(new URL('./workflow-bundle.js', import.meta.url));
const workflowsPath = fileURLToPath(new URL('./workflows/index.ts', import.meta.url));
/**
 * Bundled into the workflow sandbox only (activities keep the default converter): a payload
 * that cannot be decoded must not wedge an account. Bundling it is why source runs bundle
 * explicitly below rather than hand Temporal a path it would `require()` as well.
 */
export const payloadConverterPath = fileURLToPath(new URL(`./payload-converter.${runningCompiled ? 'js' : 'ts'}`, import.meta.url));

/**
 * Modules evaluated once in the worker's shared V8 context instead of once per cached workflow.
 * The SDK gives every workflow its own instance of each module it imports, and TypeBox is ~680
 * modules: evaluated per account it cost about 1 MiB of heap and most of a new account's first
 * workflow task. Only modules without per-workflow state may be listed (they are deep-frozen and
 * shared by every account): TypeBox's compiler, the contracts' schemas (pure data, no
 * `@temporalio/workflow` import) and their compiled checks (a cache of functions of a schema alone)
 * qualify.
 */
export const preloadModules = ['typebox/compile', '@loyalty/contracts/schemas', '@loyalty/contracts/checks'];

/** What the compiled workflows are (tsconfig.base.json's target), so that source runs execute the same JavaScript. */
const WORKFLOW_CODE_TARGET = 'es2022';

interface BundlerConfig {
  resolve?: { conditionNames?: string[] };
  module?: { rules?: unknown[] };
}

/** The options of the SDK's swc-loader rule (the one for TypeScript files), if this rule is it. */
function swcOptionsOf(rule: unknown): { jsc?: { target?: string } } | undefined {
  const use = (rule as { use?: { loader?: unknown; options?: { jsc?: { target?: string } } } } | null)?.use;
  return typeof use?.loader === 'string' && use.loader.includes('swc-loader') ? use.options : undefined;
}

/**
 * How the workflows are bundled from TypeScript source, for the worker and the replay test alike:
 * workspace packages resolve to their source through the `source` export condition, and the SDK's
 * TypeScript loader emits the compiled code's JavaScript rather than its default ES2017, whose
 * helpers for object spread were a tenth of a busy account's workflow thread in the benchmark.
 */
export const sourceBundle = {
  workflowsPath,
  payloadConverterPath,
  preloadModules,
  webpackConfigHook: <Config extends BundlerConfig>(config: Config): Config => {
    config.resolve = { ...config.resolve, conditionNames: ['source', 'import', 'module', 'default'] };
    for (const rule of config.module?.rules ?? []) {
      const jsc = swcOptionsOf(rule)?.jsc;
      if (jsc) jsc.target = WORKFLOW_CODE_TARGET;
    }
    return config;
  },
};

export async function createLoyaltyWorker(options: LoyaltyWorkerOptions): Promise<Worker> {
  const { connection, client, namespace, taskQueue, notifier, webhooks, overrides, workflowStackTraces = DEFAULT_WORKFLOW_STACK_TRACES } = options;
  if (runningCompiled && !existsSync(prebuiltBundle)) {
    throw new Error(`${prebuiltBundle} is missing: build the worker with \`npm run build\`, which bundles the workflows.`);
  }
  const workflowBundle = runningCompiled
    ? { codePath: prebuiltBundle }
    : await bundleWorkflowCode({ ...sourceBundle, logger: new DefaultLogger('WARN') }); // webpack's report is noise here
  return creatingWorkflowThreads(workflowStackTraces, () =>
    Worker.create({
      connection,
      namespace,
      taskQueue,
      workflowBundle,
      activities: createActivities({ notifier, client, taskQueue, ...(webhooks === undefined ? {} : { webhooks }) }),
      ...overrides,
    } as WorkerOptions),
  );
}
