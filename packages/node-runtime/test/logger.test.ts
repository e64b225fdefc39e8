import { describe, expect, it } from 'vitest';
import { Type } from 'typebox';
import { LoggingEnvironment, parseEnvironment } from '../src/index.js';

describe('the logging variables', () => {
  // A production image has no pino-pretty: on a terminal it must still log, as JSON.
  it('log JSON unless LOG_PRETTY=true asks for pretty lines, whatever the terminal', () => {
    const schema = Type.Object(LoggingEnvironment);
    expect(parseEnvironment(schema, {})).toEqual({ LOG_LEVEL: 'info', LOG_PRETTY: false });
    expect(parseEnvironment(schema, { LOG_PRETTY: 'true', LOG_LEVEL: 'debug' })).toEqual({ LOG_LEVEL: 'debug', LOG_PRETTY: true });
    expect(() => parseEnvironment(schema, { LOG_LEVEL: 'verbose' })).toThrow(/LOG_LEVEL/);
  });
});
