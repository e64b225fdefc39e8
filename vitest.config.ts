import { defaultServerConditions } from 'vite';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

// Workspace packages are tested from source: their package.json maps the `source` condition to
// src/*.ts. A custom condition list replaces Vite's defaults, so they are repeated ('module' left
// out, as Vitest itself does, to resolve like Node). Test files run in Vite's `ssr` environment;
// global setup files run in Vitest's own `__vitest__` environment, which does not read `ssr.*`.
// Top-level resolve.conditions reaches neither (checked with vitest 4.1 / vite 8.3).
const conditions = ['source', ...defaultServerConditions.filter((condition) => condition !== 'module')];

export default defineConfig({
  // The test support every package's tests share lives in one place; tsconfig.base.json maps it too.
  resolve: { alias: { '#test-support': fileURLToPath(new URL('./test/support', import.meta.url)) } },
  ssr: { resolve: { conditions } },
  environments: { __vitest__: { resolve: { conditions } } },
  test: {
    // The threads pool segfaults with Temporal's native module.
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          // test/deploy reads the compose file and Dockerfiles: no server, so it belongs here.
          include: ['packages/*/test/**/*.test.ts', 'apps/*/test/unit/**/*.test.ts', 'test/deploy/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'temporal',
          include: ['apps/*/test/{workflow,activities,replay,integration,e2e}/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/system/**', 'test/deploy/**'],
          // One dev server for the whole run; its address comes through inject('temporalAddress').
          globalSetup: ['test/global-setup.ts'],
          setupFiles: ['test/support/temporal-runtime.ts'],
          // Bundling workflow code and starting workers takes seconds, more on a busy CI machine.
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          // `npm run test:system`: the compiled apps as separate processes on Temporal with
          // PostgreSQL. Not part of `npm test`: it needs the build and the Temporal server build.
          name: 'system',
          include: ['test/system/**/*.test.ts'],
          globalSetup: ['test/system/global-setup.ts'],
          testTimeout: 120_000,
          // The Temporal server may be built first (minutes, once per machine).
          hookTimeout: 900_000,
        },
      },
    ],
  },
});
