import { describe, expect, it } from 'vitest';
import { Type } from 'typebox';
import { ConfigurationError, parseEnvironment } from '../src/index.js';

const Schema = Type.Object({
  PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 3000 }),
  VERBOSE: Type.Boolean({ default: false }),
  MODE: Type.Enum(['log', 'webhook'], { default: 'log' }),
  URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  NAME: Type.String({ minLength: 1 }),
});

function failure(environment: Record<string, string | undefined>): ConfigurationError {
  try {
    parseEnvironment(Schema, environment);
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}

describe('parseEnvironment', () => {
  it('applies defaults and ignores variables the schema does not declare', () => {
    expect(parseEnvironment(Schema, { NAME: 'w', HOME: '/root' })).toEqual({ PORT: 3000, VERBOSE: false, MODE: 'log', NAME: 'w' });
  });

  it('converts strings to the declared types', () => {
    expect(parseEnvironment(Schema, { NAME: 'w', PORT: '8080', VERBOSE: 'true', MODE: 'webhook', URL: 'https://x' })).toEqual({
      PORT: 8080,
      VERBOSE: true,
      MODE: 'webhook',
      URL: 'https://x',
      NAME: 'w',
    });
  });

  it('treats an empty variable as unset', () => {
    expect(parseEnvironment(Schema, { NAME: 'w', PORT: '' }).PORT).toBe(3000);
  });

  it.each([
    [{ NAME: 'w', PORT: 'eighty' }, 'PORT', '"eighty"'],
    [{ NAME: 'w', PORT: '70000' }, 'PORT', '"70000"'],
    [{ NAME: 'w', MODE: 'smtp' }, 'MODE', '"smtp"'],
    [{ NAME: 'w', URL: 'ftp://x' }, 'URL', '"ftp://x"'],
  ])('refuses %j naming %s and the value given', (environment, variable, given) => {
    const error = failure(environment);
    expect(error.message).toMatch(new RegExp(`\\b${variable}\\b`));
    expect(error.message).toContain(given);
  });

  it('names a missing required variable', () => {
    expect(failure({}).message).toContain('NAME');
  });
});
