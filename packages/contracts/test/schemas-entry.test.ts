// The worker preloads `@loyalty/contracts/schemas` into the V8 context that all cached accounts
// share (apps/worker/src/worker.ts). That is only safe while the entry point and everything it
// imports is pure data: in particular no @temporalio/workflow, whose module state is per workflow.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as schemas from '@loyalty/contracts/schemas';
import { EnrolmentSchema } from '@loyalty/contracts';

function importsReachedFrom(file: URL, seen = new Set<string>()): Set<string> {
  for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/^(?:import|export)\s(?:[^'"]*?from\s+)?'([^']+)'/gm)) {
    if (!specifier!.startsWith('.')) seen.add(specifier!);
    else if (!seen.has(new URL(specifier!, file).href)) {
      seen.add(new URL(specifier!, file).href);
      importsReachedFrom(new URL(specifier!.replace(/\.js$/, '.ts'), file), seen);
    }
  }
  return seen;
}

describe('the schemas entry point', () => {
  it('reaches no package but TypeBox, so that it can be shared by every workflow', () => {
    const packages = [...importsReachedFrom(new URL('../src/schemas.ts', import.meta.url))].filter((s) => !s.startsWith('file:'));
    expect(packages.length).toBeGreaterThan(0);
    expect(packages.filter((name) => name !== 'typebox')).toEqual([]);
  });

  it('exports the same schema objects as the main entry point', () => {
    expect(schemas.EnrolmentSchema).toBe(EnrolmentSchema);
  });
});
