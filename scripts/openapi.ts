// Writes the OpenAPI document generated from the API's route schemas to openapi.yaml, and the
// typed client's types generated from that document to packages/client (--write), or fails when
// a committed file differs from what the routes now say (--check, run in CI).
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { stringify } from 'yaml';
import { buildApp } from '../apps/api/src/app.js';
import { loadApiConfig } from '../apps/api/src/config.js';
import type { LoyaltyGateway } from '../apps/api/src/gateway/gateway.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const mode = process.argv.includes('--check') ? 'check' : process.argv.includes('--write') ? 'write' : undefined;
if (!mode) {
  process.stderr.write('usage: tsx --conditions=source scripts/openapi.ts --write | --check\n');
  process.exit(2);
}

// The document depends only on the routes, so no gateway call is ever made while generating it.
const unused = (): never => {
  throw new Error('the gateway is not used while generating the OpenAPI document');
};
const gateway: LoyaltyGateway = {
  enrol: unused,
  getCustomer: unused,
  getGuests: unused,
  getLedger: unused,
  getScheduledCommands: unused,
  execute: unused,
  submit: unused,
  getCommand: unused,
  listCustomers: unused,
  checkReady: unused,
  webhooks: { register: unused, list: unused, get: unused, change: unused, remove: unused, rotateSecret: unused, deliveries: unused },
};

const app = buildApp({ gateway, config: loadApiConfig({ LOYALTY_AUTH_DISABLED: 'true' }) });
await app.ready();
const document = `# Generated from the API's route schemas by \`npm run openapi:generate\`; do not edit.\n${stringify(app.swagger(), { lineWidth: 0 })}`;
await app.close();
const clientTypes = `// Generated from openapi.yaml by \`npm run openapi:generate\` (openapi-typescript); do not edit.\n${astToString(await openapiTS(document))}`;

const generated = [
  { file: 'openapi.yaml', content: document, from: 'the route schemas in apps/api/src/routes' },
  { file: 'packages/client/src/openapi.ts', content: clientTypes, from: 'openapi.yaml' },
];
let stale = false;
for (const { file, content, from } of generated) {
  const target = path.join(root, file);
  if (mode === 'write') {
    await writeFile(target, content);
    process.stdout.write(`wrote ${file}\n`);
  } else if ((await readFile(target, 'utf8').catch(() => '')) !== content) {
    process.stderr.write(`${file} is out of date with ${from}.\n`);
    stale = true;
  } else {
    process.stdout.write(`${file} matches ${from}\n`);
  }
}
if (stale) {
  process.stderr.write('Run `npm run openapi:generate` and commit the result.\n');
  process.exit(1);
}
