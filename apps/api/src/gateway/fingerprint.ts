import { createHash } from 'node:crypto';
import type { Command } from '@loyalty/contracts';

/**
 * A digest of what a command asks for, independent of key order, so that the actor can tell a
 * retry (same key, same command) from a different request that reuses the key.
 */
export function fingerprintOf(command: Command): string {
  return createHash('sha256').update(canonicalJson(command)).digest('base64url').slice(0, 32);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const fields = Object.entries(value)
      .filter(([, field]) => field !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, field]) => `${JSON.stringify(name)}:${canonicalJson(field)}`);
    return `{${fields.join(',')}}`;
  }
  return JSON.stringify(value);
}
