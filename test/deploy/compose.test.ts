// CI has no Docker engine, so the compose file and Dockerfiles are checked here by reading them:
// against the Compose Specification's schema, for their structure and the links between them,
// and that they agree with the code they package. Its namespace job's script is run for real
// against a Temporal server by test/compose-setup-job.test.ts.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { searchAttributes } from '@loyalty/contracts';
import { DYNAMIC_CONFIG_FILE, TEMPORAL_SERVER_VERSION } from '../../scripts/lib/temporal-postgres.js';
import { compose, read, root, services, shell } from './compose-file.js';

describe('docker-compose.yml', () => {
  it('is valid by the Compose Specification', () => {
    // compose-spec.json is schema/compose-spec.json of github.com/compose-spec/compose-go/v2
    // v2.17.0, the library `docker compose` reads files with.
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(JSON.parse(read('test/deploy/compose-spec.json')) as object);
    expect(validate(compose), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('runs Temporal on PostgreSQL, the Temporal UI, the worker and the API', () => {
    expect(Object.keys(services)).toEqual(
      expect.arrayContaining(['postgresql', 'temporal-schema', 'temporal', 'temporal-setup', 'temporal-ui', 'worker', 'api']),
    );
    expect(services.temporal!.environment).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgresql' });
  });

  it('runs the supported images at the server version of the native set-up, never auto-setup', () => {
    const images = Object.values(services).flatMap((service) => (service.image ? [service.image] : []));
    expect(images.filter((image) => image.includes('auto-setup'))).toEqual([]);
    expect(services.temporal!.image).toBe(`temporalio/server:${TEMPORAL_SERVER_VERSION}`);
    for (const job of ['temporal-schema', 'temporal-setup']) {
      expect(services[job]!.image, job).toBe(`temporalio/admin-tools:${TEMPORAL_SERVER_VERSION}`);
    }
    // The PostgreSQL major version of the native set-up (Debian's postgresql-15).
    expect(services.postgresql!.image).toMatch(/^postgres:15(\.|$)/);
  });

  it('sets up both databases with the SQL tool before the server starts, as the native script does', () => {
    expect(services.temporal!.depends_on).toEqual({ 'temporal-schema': { condition: 'service_completed_successfully' } });
    const schema = shell('temporal-schema');
    expect(schema).toMatch(/for db in temporal:temporal temporal_visibility:visibility;/);
    for (const step of ['create-database', 'setup-schema -v 0.0', 'update-schema -d /etc/temporal/schema/postgresql/v12/$schema/versioned']) {
      expect(schema).toContain(step);
    }
    expect(schema).toContain('--plugin postgres12 --ep postgresql -p 5432 -u temporal');
  });

  it('mounts the dynamic config file the native server reads, where the server image looks for it', () => {
    const mount = `./${path.relative(root, DYNAMIC_CONFIG_FILE)}:/etc/temporal/config/dynamicconfig/docker.yaml:ro`;
    expect(services.temporal!.volumes).toEqual([mount]);
    expect(existsSync(DYNAMIC_CONFIG_FILE)).toBe(true);
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

  it('creates the namespace and exactly the search attributes the actor upserts in a job', () => {
    const setup = shell('temporal-setup');
    expect(setup).toContain('temporal operator namespace create --namespace default');
    for (const [name, type] of Object.entries(searchAttributes)) {
      expect(setup).toContain(`--name ${name} --type ${type}`);
    }
    for (const app of ['worker']) {
      expect(services[app]!.depends_on?.['temporal-setup']).toEqual({ condition: 'service_completed_successfully' });
    }
  });

  it('points the apps at the compose Temporal and gives the API keys', () => {
    for (const name of ['worker', 'api']) {
      expect(services[name]!.environment?.TEMPORAL_ADDRESS).toBe('temporal:7233');
    }
    // No well-known key ships with it: compose refuses to start the API without one.
    expect(String(services.api!.environment?.LOYALTY_API_KEYS)).toMatch(/^\$\{LOYALTY_API_KEYS:\?/);
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

  it("gives npm ci every workspace's package.json in both stages, as the lockfile lists them", () => {
    const workspaces = (JSON.parse(read('package.json')) as { workspaces: string[] }).workspaces;
    for (const stage of dockerfile.split(/^FROM /m).slice(1)) {
      const beforeInstall = stage.slice(0, stage.indexOf('RUN npm ci'));
      for (const workspace of workspaces) expect(beforeInstall).toContain(`COPY ${workspace}/package.json ${workspace}/`);
    }
  });

  it('builds and runs on one pinned Node release that the engines range allows', () => {
    const tags = [...dockerfile.matchAll(/^FROM node:(\S+)/gm)].map((match) => match[1]!);
    expect(tags).toHaveLength(2);
    expect(new Set(tags).size, 'build and runtime stages on the same image').toBe(1);
    const pinned = /^(\d+)\.(\d+)\.(\d+)-bookworm-slim$/.exec(tags[0]!);
    expect(pinned, `${tags[0]} names an exact release`).not.toBeNull();
    const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
    const minimum = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(engines);
    expect(minimum, `engines.node ${engines} is a plain minimum`).not.toBeNull();
    const version = pinned!.slice(1, 4).map(Number);
    const floor = minimum!.slice(1, 4).map((part) => Number(part ?? 0));
    const compare = version.findIndex((part, index) => part !== floor[index]);
    expect(compare === -1 || version[compare]! > floor[compare]!, `${tags[0]} satisfies ${engines}`).toBe(true);
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
