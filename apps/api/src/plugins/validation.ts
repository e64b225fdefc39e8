import fp from 'fastify-plugin';
import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { CustomerSchema } from '@loyalty/contracts';
import { ProblemSchema } from '../errors.js';

// ajv-formats is CommonJS with a default export; under NodeNext its types land one level down.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/**
 * Validation is set on purpose, not left to Fastify's defaults, which trim unknown properties
 * (`removeAdditional`) and turn "5" into 5 (`coerceTypes`): the contract says a body with unknown
 * fields or a string for a number is a 400, so bodies are checked exactly as written.
 * Query strings, path parameters and headers arrive as text by nature; there, and only there,
 * numbers and booleans are read from their text ("20" → 20, "true" → true).
 */
const common: Options = {
  removeAdditional: false,
  useDefaults: true,
  allErrors: false,
  // OpenAPI annotations that JSON Schema validation has no use for.
  keywords: ['example'],
};

function createAjv(coerceTypes: boolean): Ajv {
  const ajv = new Ajv({ ...common, coerceTypes });
  addFormats(ajv, ['date-time', 'email', 'uri', 'uuid']);
  return ajv;
}

export default fp(
  async function validation(app) {
    const bodies = createAjv(false);
    const text = createAjv(true);
    app.setValidatorCompiler(({ schema, httpPart }) =>
      (httpPart === 'body' ? bodies : text).compile(schema),
    );
    // Shared so that responses refer to them ($ref) and OpenAPI lists them once as components.
    app.addSchema(ProblemSchema);
    app.addSchema(CustomerSchema);
  },
  { name: 'validation', fastify: '5.x' },
);
