import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { LedgerEntrySchema, REWARDS, RedeemRewardCommandSchema, TierOrdinalSchema } from '@loyalty/contracts';
import { runCommand } from '../run-command.js';
import { CommandHeadersSchema, CustomerParamsSchema, CustomerRef, commandBody } from '../schemas.js';
import { commandProblemResponses, jsonResponse, pendingResponse } from '../../openapi-responses.js';

const RewardSchema = Type.Object(
  {
    rewardId: Type.String(),
    name: Type.String(),
    description: Type.String(),
    minimumTier: { ...TierOrdinalSchema, description: 'The lowest tier that unlocks the reward.' },
  },
  { additionalProperties: false },
);

const RewardCatalogueSchema = Type.Object({ rewards: Type.Array(RewardSchema) }, { additionalProperties: false });

const RedeemBodySchema = commandBody(RedeemRewardCommandSchema);

const RedeemedSchema = Type.Object(
  { customer: CustomerRef, rewardId: Type.String(), entry: Type.Optional(LedgerEntrySchema) },
  { additionalProperties: false },
);

const rewards: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/rewards',
    {
      config: { access: 'storefront' },
      schema: {
        tags: ['rewards'],
        summary: 'The reward catalogue',
        operationId: 'listRewards',
        response: { 200: jsonResponse('Every reward and the tier that unlocks it.', RewardCatalogueSchema) },
      },
    },
    async () => ({ rewards: [...REWARDS] }),
  );

  app.post(
    '/customers/:customerId/redemptions',
    {
      config: { access: 'storefront' },
      schema: {
        tags: ['rewards'],
        summary: 'Use a reward',
        description: 'Allowed when the account\u2019s tier unlocks the reward; using one costs no points.',
        operationId: 'redeemReward',
        params: CustomerParamsSchema,
        headers: CommandHeadersSchema,
        body: RedeemBodySchema,
        response: {
          201: jsonResponse('Used.', RedeemedSchema, { idempotencyKey: true }),
          202: pendingResponse,
          ...commandProblemResponses('unknown-reward', 'reward-locked'),
        },
      },
    },
    async (request, reply) => {
      const { rewardId } = request.body;
      return runCommand(request, reply, {
        customerId: request.params.customerId,
        command: { type: 'redeemReward', rewardId },
        status: 201,
        present: (customer, result) => ({
          customer,
          rewardId,
          ...(result.entry === undefined ? {} : { entry: result.entry }),
        }),
      });
    },
  );
};

export default rewards;
