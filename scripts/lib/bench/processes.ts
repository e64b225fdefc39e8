// The benchmark's own processes (the worker and the API run as children so that their memory and
// CPU can be read from outside), and what Linux says about a process in /proc.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { running, stop, tail } from '../app-processes.js';
import { parentDeathGuard } from '../temporal-dev-server.js';

export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

export interface NodeChild {
  name: string;
  process: ChildProcess;
  pid: number;
  /** The lines it printed on stdout so far. */
  lines: string[];
  /** SIGTERM, then SIGKILL after the grace period; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
  /** If it exited without being told to stop: how, and the end of its stderr. */
  unexpectedExit(): string | undefined;
}

export interface NodeChildOptions {
  name: string;
  /** A TypeScript entry point, run from source as `npm run dev` does. */
  entry: string;
  env: NodeJS.ProcessEnv;
  /** Node flags before the entry, e.g. --cpu-prof. */
  nodeFlags?: string[];
  /** Where its stderr goes: a file path, or nowhere. Its stdout is read for `lines`, then dropped. */
  stderrFile?: string;
}

/** `node --conditions=source --import tsx <entry>`, tied to this process's life. */
export async function startNodeChild(options: NodeChildOptions): Promise<NodeChild> {
  const args = ['--conditions=source', '--import', 'tsx', ...(options.nodeFlags ?? []), options.entry];
  // setpriv execs node, so the pid is node's own: /proc/<pid> is the process we measure.
  const [file, ...fileArgs] = [...(await parentDeathGuard()), process.execPath, ...args] as [string, ...string[]];
  const stderr = options.stderrFile ? openSync(options.stderrFile, 'a') : 'ignore';
  const child = spawn(file, fileArgs, { cwd: repoRoot, env: options.env, stdio: ['ignore', 'pipe', stderr] });
  const lines: string[] = [];
  let partial = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    const text = partial + chunk.toString();
    const parts = text.split('\n');
    partial = parts.pop() ?? '';
    // Only the first lines matter (a ready line); a chatty process must not fill memory.
    if (lines.length < 100) lines.push(...parts.slice(0, 100 - lines.length));
  });
  if (child.pid === undefined) throw new Error(`could not start ${options.name}`);
  let stopping = false;
  return {
    name: options.name,
    process: child,
    pid: child.pid,
    lines,
    stop: (graceMs) => {
      stopping = true;
      return stop(child, graceMs);
    },
    unexpectedExit: () => {
      if (stopping || running(child)) return undefined;
      const how = child.signalCode ?? `code ${child.exitCode}`;
      return `${options.name} exited (${how})${options.stderrFile ? `; the end of its stderr:\n${tail(options.stderrFile)}` : ''}`;
    },
  };
}

/** Waits until `ready()` says so, failing early if the child exits first. */
export async function waitFor<T>(child: NodeChild, what: string, ready: () => Promise<T | undefined> | T | undefined, timeoutMs = 180_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!running(child.process)) {
      throw new Error(`${child.name} exited (${child.process.signalCode ?? `code ${child.process.exitCode}`}) before ${what}`);
    }
    const value = await ready();
    if (value !== undefined) return value;
    await sleep(100);
  }
  throw new Error(`${child.name}: no ${what} within ${timeoutMs} ms`);
}

/** Resident set size in MiB (VmRSS). */
export function rssMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) / 1024;
}

let clockTicks: number | undefined;

/** CPU time (user + system) a process has used so far, in seconds. */
export function cpuSeconds(pid: number): number {
  clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  // The command name (field 2) may hold spaces; count fields after its closing parenthesis.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / clockTicks; // utime, stime: fields 14 and 15
}

/** Resolves once the process has used less than `fraction` of a core over a second (its backlog is done). */
export async function quiescent(pid: number, fraction = 0.1, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let before = cpuSeconds(pid);
  while (Date.now() < deadline) {
    await sleep(1_000);
    const now = cpuSeconds(pid);
    if (now - before < fraction) return;
    before = now;
  }
}

/** What the machine is, for the report. */
export function machine(): string {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1]?.trim() ?? 'unknown CPU';
  const cores = cpuinfo.split('\n').filter((line) => line.startsWith('processor')).length;
  const memGiB = Number(/MemTotal:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? 0) / 1024 / 1024;
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  return `${cores} × ${model}, ${memGiB.toFixed(0)} GiB, Node ${process.version}, load average at start ${load}`;
}
