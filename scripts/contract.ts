// `npm run test:contract`: the committed openapi.yaml is the contract, and schemathesis tests it
// from outside against the real system: a Temporal dev server, the worker and the API as
// `npm run dev` starts them. Every check runs but use_after_free (a closed account stays readable,
// SPEC §4). Anything that keeps the run from happening fails it; it never skips.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { searchAttributes } from '@loyalty/contracts';
import { freePort, startDevServer, type DevServer } from './lib/temporal-dev-server.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));

/** Pinned: a new schemathesis brings new checks, and the contract changes only on purpose. */
const SCHEMATHESIS_VERSION = '4.32.5';
const tools = path.join(root, '.tools');
const results = path.join(root, 'test-results');
const KEYS = { admin: 'contract-admin-key', storefront: 'contract-storefront-key' };
const python = process.platform === 'win32' ? 'python' : 'python3';

const started = Date.now();
const log = (message: string) =>
  process.stderr.write(`[contract ${((Date.now() - started) / 1000).toFixed(0).padStart(3)}s] ${message}\n`);

interface Schemathesis {
  command: string;
  env: NodeJS.ProcessEnv;
}

/**
 * schemathesis in a venv of the project's own (.tools/, git-ignored); where venv is missing
 * (Debian without python3-venv), pip's `--target`, which even an externally managed Python allows.
 */
async function ensureSchemathesis(): Promise<Schemathesis> {
  const venv = path.join(tools, 'schemathesis');
  const target = path.join(tools, 'schemathesis-target');
  const candidates: Schemathesis[] = [
    { command: path.join(venv, 'bin', 'st'), env: {} },
    { command: path.join(target, 'bin', 'st'), env: { PYTHONPATH: target } },
  ];
  const working = async () => {
    for (const candidate of candidates) if (await isVersion(candidate)) return candidate;
    return undefined;
  };
  const found = await working();
  if (found) return found;

  const spec = `schemathesis==${SCHEMATHESIS_VERSION}`;
  const pip = ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--quiet'];
  const failures: string[] = [];
  const attempt = async (how: string, file: string, args: string[]) => {
    log(`installing ${spec} (${how}) ...`);
    try {
      await run(file, args, { timeout: 600_000, maxBuffer: 16 * 1024 * 1024 });
      return true;
    } catch (error) {
      const { stderr, message } = error as { stderr?: string; message: string };
      failures.push(`  ${how}: ${(stderr ?? '').trim().split('\n').at(-1) || message}`);
      return false;
    }
  };
  const inVenv = async () =>
    (await attempt('venv', python, ['-m', 'venv', '--clear', venv])) &&
    (await attempt('pip in the venv', path.join(venv, 'bin', 'python'), [...pip, spec]));
  const inTarget = () => attempt('pip --target', python, [...pip, '--upgrade', '--target', target, spec]);
  for (const install of [inVenv, inTarget]) {
    if (!(await install())) continue;
    const installed = await working();
    if (installed) return installed;
  }
  throw new Error(`could not install ${spec}:\n${failures.join('\n')}`);
}

async function isVersion({ command, env }: Schemathesis): Promise<boolean> {
  if (!existsSync(command)) return false;
  try {
    const { stdout } = await run(command, ['--version'], { env: { ...process.env, ...env }, timeout: 60_000 });
    return stdout.includes(SCHEMATHESIS_VERSION);
  } catch {
    return false;
  }
}

async function waitForReady(baseUrl: string, system: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (system.exitCode !== null) throw new Error(`the worker and API stopped (exit ${system.exitCode}) before they were ready`);
    try {
      const response = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
      last = `readyz answered ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(500);
  }
  throw new Error(`the API at ${baseUrl} was not ready within ${timeoutMs} ms (${last})`);
}

/** The end of the worker's and API's output, for a CI log that outlives the clone. */
async function printTail(file: string, lines = 60): Promise<void> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const tail = text.trimEnd().split('\n').slice(-lines);
  if (tail.length > 0 && tail[0] !== '') log(`last lines of ${path.relative(root, file)}:\n${tail.join('\n')}`);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function main(): Promise<number> {
  await mkdir(results, { recursive: true });
  const schemathesis = await ensureSchemathesis();
  log(`using ${schemathesis.command}`);

  let devServer: DevServer | undefined;
  let system: ChildProcess | undefined;
  const systemLog = path.join(results, 'contract-system.log');
  try {
    devServer = await startDevServer({ uiPort: false, searchAttributes, stdio: 'ignore' });
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    // The worker and the API exactly as `npm run dev` runs them, on this run's Temporal server.
    const output = createWriteStream(systemLog);
    system = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', 'scripts/dev.ts'], {
      cwd: root,
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: devServer.address,
        HOST: '127.0.0.1',
        PORT: String(port),
        LOYALTY_API_KEYS: `${KEYS.admin}=admin,${KEYS.storefront}=storefront`,
        LOG_PRETTY: 'false',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    system.stdout?.pipe(output);
    system.stderr?.pipe(output);
    await waitForReady(baseUrl, system, 120_000);
    log(`system ready at ${baseUrl} (worker and API output: ${path.relative(root, systemLog)})`);

    const args = [
      '--config-file',
      path.join(root, 'test', 'contract', 'schemathesis.toml'),
      '--no-color',
      'run',
      path.join(root, 'openapi.yaml'),
      '--url',
      baseUrl,
      '--report',
      'junit',
      '--report-dir',
      path.join(results, 'schemathesis'),
      // e.g. `npm run test:contract -- --seed 42 --max-examples 100`
      ...process.argv.slice(2),
    ];
    log(`st ${args.join(' ')}`);
    const fuzzer = spawn(schemathesis.command, args, {
      cwd: root,
      env: {
        ...process.env,
        ...schemathesis.env,
        CONTRACT_ADMIN_KEY: KEYS.admin,
        CONTRACT_STOREFRONT_KEY: KEYS.storefront,
      },
      stdio: 'inherit',
    });
    const code = await new Promise<number>((resolve) => {
      fuzzer.once('error', (error) => {
        log(`could not run schemathesis: ${error.message}`);
        resolve(1);
      });
      fuzzer.once('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)));
    });
    if (code !== 0) {
      log(`schemathesis failed (exit ${code})`);
      await printTail(systemLog);
    }
    return code;
  } catch (error) {
    if (system) await printTail(systemLog);
    throw error;
  } finally {
    if (system) await stop(system);
    await devServer?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
