// Writes the OpenAPI document generated from the API's route schemas to openapi.yaml (--write),
// or fails when the committed file differs from what the routes now say (--check, run in CI).
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { buildApp } from '../apps/api/src/app.js';
import { loadApiConfig } from '../apps/api/src/config.js';
import type { LoyaltyGateway } from '../apps/api/src/gateway/gateway.js';

const target = fileURLToPath(new URL('../openapi.yaml', import.meta.url));
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
  execute: unused,
  submit: unused,
  getCommand: unused,
  listCustomers: unused,
  checkReady: unused,
};

const app = buildApp({ gateway, config: loadApiConfig({ LOYALTY_AUTH_DISABLED: 'true' }) });
await app.ready();
const document = `# Generated from the API's route schemas by \`npm run openapi:generate\`; do not edit.\n${stringify(app.swagger(), { lineWidth: 0 })}`;
await app.close();

if (mode === 'write') {
  await writeFile(target, document);
  process.stdout.write(`wrote ${target}\n`);
} else {
  const committed = await readFile(target, 'utf8').catch(() => '');
  if (committed !== document) {
    process.stderr.write(
      'openapi.yaml is out of date with the route schemas in apps/api/src/routes.\n' +
        'Run `npm run openapi:generate` and commit the result.\n',
    );
    process.exit(1);
  }
  process.stdout.write('openapi.yaml matches the routes\n');
}
