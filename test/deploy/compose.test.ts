// CI has no Docker engine, so the compose file and Dockerfiles are checked here by reading them:
// their structure, the links between them, and that they agree with the code they package.
// Where the compose plugin exists, `docker compose config` validates the file as Docker would.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { searchAttributes } from '@loyalty/contracts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const read = (path: string) => readFileSync(`${root}/${path}`, 'utf8');

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  environment?: Record<string, string | number>;
  command?: string[];
  ports?: string[];
}
const compose = parse(read('docker-compose.yml')) as { services: Record<string, Service> };
const services = compose.services;

describe('docker-compose.yml', () => {
  it('runs Temporal on PostgreSQL, the Temporal UI, the worker and the API', () => {
    expect(Object.keys(services)).toEqual(
      expect.arrayContaining(['postgresql', 'temporal', 'temporal-ui', 'worker', 'api']),
    );
    expect(services.temporal!.environment).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgresql' });
  });

  it('gives every long-running service a health check and waits on health, not on start', () => {
    for (const name of ['postgresql', 'temporal', 'worker', 'api']) {
      expect(services[name]!.healthcheck?.test.length, name).toBeGreaterThan(0);
    }
    for (const [name, service] of Object.entries(services)) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect(services[dependency], `${name} depends on ${dependency}`).toBeDefined();
        const expected = services[dependency]!.healthcheck ? 'service_healthy' : 'service_completed_successfully';
        expect(condition, `${name} → ${dependency}`).toBe(expected);
      }
    }
  });

  it('registers exactly the search attributes the actor upserts', () => {
    const setup = services['temporal-setup']!.command!.join(' ');
    for (const [name, type] of Object.entries(searchAttributes)) {
      expect(setup).toContain(`--name ${name} --type ${type}`);
    }
  });

  it('points the apps at the compose Temporal and gives the API keys', () => {
    for (const name of ['worker', 'api']) {
      expect(services[name]!.environment?.TEMPORAL_ADDRESS).toBe('temporal:7233');
    }
    // No well-known key ships with it: compose refuses to start the API without one.
    expect(String(services.api!.environment?.LOYALTY_API_KEYS)).toMatch(/^\$\{LOYALTY_API_KEYS:\?/);
  });

  it.runIf(hasComposePlugin())('is valid for docker compose', () => {
    execFileSync('docker', ['compose', 'config', '--quiet'], { cwd: root, stdio: 'pipe' });
  });
});

describe.each([
  ['worker', 'main'],
  ['api', 'server'],
])('apps/%s/Dockerfile', (app, entry) => {
  const dockerfile = read(`apps/${app}/Dockerfile`);

  it('is built by compose from the repository root', () => {
    expect(services[app]!.build).toEqual({ context: '.', dockerfile: `apps/${app}/Dockerfile` });
  });

  it('builds in one stage and runs, without dev dependencies and not as root, in another', () => {
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK /m);
  });

  it('starts the file that the build writes', () => {
    const build = JSON.parse(read(`apps/${app}/tsconfig.build.json`)) as { compilerOptions: { outDir: string } };
    expect(build.compilerOptions.outDir).toBe('dist');
    expect(existsSync(`${root}/apps/${app}/src/${entry}.ts`)).toBe(true);
    expect(dockerfile).toContain(`CMD ["node", "apps/${app}/dist/${entry}.js"]`);
  });
});

it('builds the workflow bundle into the worker image, where the worker looks for it', () => {
  const scripts = (JSON.parse(read('apps/worker/package.json')) as { scripts: Record<string, string> }).scripts;
  expect(scripts.build).toContain('build-workflow-bundle');
  expect(read('apps/worker/src/build-workflow-bundle.ts')).toContain("'./workflow-bundle.js'");
  expect(read('apps/worker/src/worker.ts')).toContain("'./workflow-bundle.js'");
});

function hasComposePlugin(): boolean {
  try {
    execFileSync('docker', ['compose', 'version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}
