// The compose file's namespace job (temporal-setup), run for real: its script as the job's shell
// receives it, against a Temporal server. The rest of the file is read by test/deploy.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { expect, it } from 'vitest';
import { searchAttributes } from '@loyalty/contracts';
import { findTemporalCli } from '../scripts/temporal-cli.mjs';
import { startDevServer } from '../scripts/lib/temporal-dev-server.js';
import { shell } from './deploy/compose-file.js';

it("runs its namespace job's script against a bare Temporal, creating what is missing, and again", async () => {
  // The script as the job's shell receives it, with the CLI's own environment; a bare dev
  // server stands in for a fresh cluster (it has the namespace, but no search attributes).
  const server = await startDevServer({ uiPort: false });
  try {
    const cli = await findTemporalCli({ install: true });
    const env = { ...process.env, PATH: `${path.dirname(cli)}${path.delimiter}${process.env.PATH}`, TEMPORAL_ADDRESS: server.address };
    for (let run = 1; run <= 2; run++) {
      await promisify(execFile)('/bin/sh', ['-c', shell('temporal-setup')], { env, timeout: 60_000 });
    }
    const connection = await Connection.connect({ address: server.address });
    try {
      const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
      expect(Object.keys(customAttributes ?? {})).toEqual(expect.arrayContaining(Object.keys(searchAttributes)));
    } finally {
      await connection.close();
    }
  } finally {
    await server.stop();
  }
});

