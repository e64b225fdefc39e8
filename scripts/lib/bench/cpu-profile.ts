// Where a process's CPU time went, from a V8 .cpuprofile (`node --cpu-prof`), within given time
// windows. Each sample is put down to the innermost package (or app folder) on its stack, so a
// native call such as a socket write counts for whoever made it: pino writing a log line, gRPC
// writing a frame, Node's HTTP server answering.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface CpuBreakdown {
  /** Samples in the windows that were not idle. */
  busySamples: number;
  /** All samples in the windows. */
  samples: number;
  /** Category → share of the busy samples, largest first. */
  categories: [string, number][];
  /** The functions with the most self time (`name (file)`) → share of the busy samples. */
  functions: [string, number][];
}

/**
 * Windows are [start, end] in microseconds of the monotonic clock, which is what V8 stamps its
 * samples with and what `process.hrtime.bigint() / 1000n` reads in any process on the machine.
 * Shares, not times: the sampler runs on wall-clock time, so on a busy machine a thread waiting
 * for a core looks busy; the process's CPU time comes from /proc instead.
 */
export function cpuBreakdown(file: string, windows: [number, number][], categorize: Categorizer = categoryOfStack): CpuBreakdown {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const categoryCache = new Map<number, string>();
  const categoryOfNode = (id: number): string => {
    let category = categoryCache.get(id);
    if (category === undefined) {
      category = categorize(id, byId, parent);
      categoryCache.set(id, category);
    }
    return category;
  };
  const totals = new Map<string, number>();
  const functions = new Map<string, number>();
  let time = profile.startTime;
  let samples = 0;
  let busy = 0;
  for (let index = 0; index < profile.samples.length; index += 1) {
    time += profile.timeDeltas[index] ?? 0;
    if (!windows.some(([start, end]) => time >= start && time <= end)) continue;
    samples += 1;
    const id = profile.samples[index]!;
    const category = categoryOfNode(id);
    if (category === 'idle') continue;
    busy += 1;
    totals.set(category, (totals.get(category) ?? 0) + 1);
    const frame = byId.get(id)?.callFrame;
    const name = `${frame?.functionName || '(anonymous)'} (${shortUrl(frame?.url ?? '')})`;
    functions.set(name, (functions.get(name) ?? 0) + 1);
  }
  const shares = (map: Map<string, number>) => [...map.entries()].map(([name, value]): [string, number] => [name, value / Math.max(1, busy)]).sort((a, b) => b[1] - a[1]);
  return { busySamples: busy, samples, categories: shares(totals), functions: shares(functions).slice(0, 15) };
}

/** Puts a sample (its leaf node) down to a category, by walking its stack. */
type Categorizer = (leaf: number, byId: Map<number, ProfileNode>, parent: Map<number, number>) => string;

/**
 * Which of a worker's profiles (one per thread) is its workflow thread's: the one with the most
 * samples in the workflow bundle (the main thread compiles the bundle too, but runs none of it).
 */
export function workflowThreadProfileOf(files: string[]): string | undefined {
  let best: { file: string; samples: number } | undefined;
  for (const file of files) {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
    const inBundle = new Set(profile.nodes.filter((node) => node.callFrame.url.endsWith('workflow-bundle.js')).map((node) => node.id));
    const samples = profile.samples.filter((id) => inBundle.has(id)).length;
    if (samples > (best?.samples ?? 0)) best = { file, samples };
  }
  return best?.file;
}

/**
 * A workflow thread's samples: the SDK's promise hook (a stack trace, source-mapped, for every
 * promise a workflow makes), workflow code (the actor and the SDK's workflow library, bundled
 * together), entering the workflow's VM context, and handing activations between threads.
 */
export const workflowThreadCategory: Categorizer = (leaf, byId, parent) => {
  const frame = byId.get(leaf)?.callFrame;
  if (frame?.functionName === '(idle)') return 'idle';
  if (frame?.functionName === '(garbage collector)') return 'garbage collection';
  for (let id: number | undefined = leaf; id !== undefined; id = parent.get(id)) {
    const { functionName, url } = byId.get(id)!.callFrame;
    if (url.endsWith('workflow/vm-shared.js') && (functionName === 'init' || functionName === 'settled')) return "SDK promise hook (a stack trace per promise)";
  }
  if (frame?.url.endsWith('workflow-bundle.js')) return 'workflow code (actor and SDK workflow library)';
  if (frame?.functionName === 'runInContext') return 'entering the VM context (and its microtasks)';
  if (frame?.functionName === 'postMessage') return 'activations between threads (postMessage)';
  return 'SDK worker thread and native (other)';
};

function categoryOfStack(leaf: number, byId: Map<number, ProfileNode>, parent: Map<number, number>): string {
  const frame = byId.get(leaf)?.callFrame;
  if (frame?.functionName === '(idle)') return 'idle';
  if (frame?.functionName === '(garbage collector)') return 'garbage collection';
  if (frame?.functionName === '(program)') return 'V8 and native, unattributed';
  let nodeCategory: string | undefined;
  for (let id: number | undefined = leaf; id !== undefined; id = parent.get(id)) {
    const url = byId.get(id)?.callFrame.url ?? '';
    if (url === '') continue;
    const category = codeCategory(url);
    if (category === undefined) {
      nodeCategory ??= nodeCoreCategory(url);
      continue;
    }
    // Fastify handing a reply to Node: the work below it is Node's HTTP server.
    if (category === 'Fastify (routing, hooks, reply)' && nodeCategory !== undefined) return nodeCategory;
    return category;
  }
  return nodeCategory ?? 'V8 and native, unattributed';
}

/** The package or app folder of a script, or undefined for Node's own code. */
function codeCategory(url: string): string | undefined {
  const pkg = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)?.at(-1)?.replace('node_modules/', '');
  if (pkg) {
    if (pkg.startsWith('@grpc/') || pkg === 'protobufjs' || pkg.startsWith('@protobufjs/') || pkg === 'long') return 'gRPC and protobuf (the Temporal call)';
    if (pkg.startsWith('@temporalio/')) return 'Temporal client (the Temporal call)';
    if (pkg === 'pino' || pkg === 'sonic-boom' || pkg.startsWith('pino-') || pkg === 'fast-redact' || pkg === 'thread-stream' || pkg === 'quick-format-unescaped' || pkg === 'safe-stable-stringify') return 'request log line (pino)';
    if (pkg === 'fastify-metrics' || pkg === 'prom-client' || pkg === 'tdigest' || pkg === 'bintrees') return 'metrics (fastify-metrics, prom-client)';
    if (pkg === 'ajv' || pkg === 'ajv-formats' || pkg === 'fast-uri' || pkg === 'typebox' || pkg === '@sinclair/typebox') return 'validation (ajv, typebox)';
    if (pkg === 'fast-json-stringify' || pkg === 'secure-json-parse' || pkg === 'json-schema-ref-resolver') return 'JSON parse and serialize';
    if (pkg === '@fastify/rate-limit' || pkg === 'toad-cache') return 'rate limit';
    if (pkg === '@fastify/helmet' || pkg === 'helmet') return 'security headers (helmet)';
    if (pkg === 'tsx' || pkg === 'esbuild' || pkg === 'get-tsconfig') return 'tsx loader';
    if (pkg === 'fastify' || pkg.startsWith('@fastify/') || pkg === 'find-my-way' || pkg === 'avvio' || pkg === 'fastify-plugin' || pkg === 'abstract-logging' || pkg === 'process-warning' || pkg === 'rfdc' || pkg === 'fast-querystring' || pkg === 'ret' || pkg === 'safe-regex2') return 'Fastify (routing, hooks, reply)';
    return `other packages (${pkg})`;
  }
  if (url.includes('/apps/api/src/gateway/')) return 'gateway code (group commit, fingerprint, error mapping)';
  if (url.includes('/apps/api/src/')) return 'API code (routes, plugins)';
  if (url.includes('/packages/')) return 'contracts and node-runtime';
  if (url.startsWith('node:') || url.startsWith('internal/')) return undefined;
  return 'other';
}

function nodeCoreCategory(url: string): string {
  if (/^node:(internal\/)?_?http2|^node:internal\/http2/.test(url)) return 'Node HTTP/2 (the Temporal call)';
  if (/^node:(_http|http|internal\/http)/.test(url)) return 'Node HTTP server';
  if (/^node:(net|internal\/net|internal\/stream_base|internal\/streams|stream)/.test(url)) return 'Node sockets and streams';
  if (/^node:(crypto|internal\/crypto)/.test(url)) return 'Node crypto (request IDs, fingerprints)';
  if (/^node:(internal\/)?async_hooks|^node:internal\/process\/task_queues|^node:internal\/timers|^node:timers/.test(url)) return 'Node event loop (microtasks, async hooks, timers)';
  return 'Node internals (other)';
}

function shortUrl(url: string): string {
  if (url === '') return 'native';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) return url.slice(modules + 'node_modules/'.length);
  const apps = url.search(/\/(apps|packages)\//);
  return apps >= 0 ? url.slice(apps + 1) : url;
}
