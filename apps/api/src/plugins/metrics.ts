import fp from 'fastify-plugin';
import fastifyMetrics from 'fastify-metrics';

// A CommonJS module with an ES-style default export: under Node's ESM loader the default import
// is the whole module object, and the plugin is its `default`.
const metricsPlugin = fastifyMetrics.default;

/**
 * Prometheus metrics at /metrics: request counts and latency histograms by route and status
 * (`http_request_duration_seconds`), plus Node's process metrics. Open like the health checks,
 * for scrapers inside the deployment; keep it off the public edge.
 */
export default fp(
  async function metrics(app) {
    await app.register(metricsPlugin, {
      endpoint: {
        method: 'GET',
        url: '/metrics',
        schema: { hide: true },
        config: { access: 'public' },
        handler: async () => undefined,
      },
      // Tests build many apps in one process; each starts from a clean registry.
      clearRegisterOnInit: true,
      routeMetrics: {
        enabled: true,
        // Label by route pattern, never by raw URL: customer IDs would explode the label set.
        registeredRoutesOnly: true,
        groupStatusCodes: false,
      },
    });
  },
  { name: 'metrics', fastify: '5.x' },
);
