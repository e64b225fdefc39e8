import type { FastifyPluginAsync } from 'fastify';
import commands from './commands/index.js';
import customers from './customers/index.js';
import guests from './guests/index.js';
import health from './health/index.js';
import points from './points/index.js';
import rewards from './rewards/index.js';
import tiers from './tiers/index.js';
import webhooks from './webhooks/index.js';

/** Every resource of SPEC §5, one folder each, and the webhook endpoints. */
const routes: FastifyPluginAsync = async (app) => {
  await app.register(customers);
  await app.register(points);
  await app.register(commands);
  await app.register(guests);
  await app.register(rewards);
  await app.register(tiers);
  await app.register(webhooks);
  await app.register(health);
};

export default routes;
