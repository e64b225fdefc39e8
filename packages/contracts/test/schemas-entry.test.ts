// The worker preloads `@loyalty/contracts/schemas` and `@loyalty/contracts/checks` into the V8
// context that all cached accounts share (apps/worker/src/worker.ts). That is only safe while the
// entry points and everything they import hold nothing of an account: in particular no
// @temporalio/workflow, whose module state is per workflow.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Value } from 'typebox/value';
import * as schemas from '@loyalty/contracts/schemas';
import { check, firstProblem } from '@loyalty/contracts/checks';
import { CommandBatchSchema, EnrolmentSchema } from '@loyalty/contracts';

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

describe('the checks entry point', () => {
  it('reaches no package but TypeBox', () => {
    const packages = [...importsReachedFrom(new URL('../src/checks.ts', import.meta.url))].filter((s) => !s.startsWith('file:'));
    expect(packages.filter((name) => !name.startsWith('typebox'))).toEqual([]);
  });

  it('answers as TypeBox does, and names the first problem as its errors do', () => {
    const good = { commands: [{ idempotencyKey: 'k-1', command: { type: 'addPoints', points: 5 } }], requestedAt: '2026-01-01T00:00:00.000Z' };
    const bad = [
      { commands: [{ command: { type: 'addPoints', points: 1.5 } }] },
      { commands: [{ command: { type: 'nope' } }] },
      { commands: 'all of them' },
      { commands: [], extra: true },
      null,
    ];
    expect(check(CommandBatchSchema, good)).toBe(true);
    expect(firstProblem(CommandBatchSchema, good)).toBeUndefined();
    for (const value of bad) {
      expect(check(CommandBatchSchema, value)).toBe(Value.Check(CommandBatchSchema, value));
      expect(check(CommandBatchSchema, value)).toBe(false);
      const [first] = Value.Errors(CommandBatchSchema, value);
      expect(firstProblem(CommandBatchSchema, value)).toBe(`${first!.instancePath || 'input'} ${first!.message}`);
    }
  });
});
