import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { TierSchema, TIERS } from '@loyalty/contracts';
import { jsonResponse } from '../../openapi-responses.js';

const TierTableSchema = Type.Object({ tiers: Type.Array(TierSchema) }, { additionalProperties: false });

const tiers: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/tiers',
    {
      config: { access: 'storefront' },
      schema: {
        tags: ['tiers'],
        summary: 'The tier table',
        description: 'Lowest first. An account\u2019s tier follows from its balance.',
        operationId: 'listTiers',
        response: { 200: jsonResponse('Every tier.', TierTableSchema) },
      },
    },
    async () => ({ tiers: [...TIERS] }),
  );
};

export default tiers;
