import fp from 'fastify-plugin';
import type { LoyaltyGateway } from '../gateway/gateway.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** How routes reach the loyalty actors. Its owner (server.ts, or a test) opens and closes it. */
    gateway: LoyaltyGateway;
  }
}

export default fp<{ gateway: LoyaltyGateway }>(
  async function gateway(app, options) {
    app.decorate('gateway', options.gateway);
  },
  { name: 'gateway', fastify: '5.x' },
);
