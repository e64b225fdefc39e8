import { createHash, timingSafeEqual } from 'node:crypto';
import fp from 'fastify-plugin';
import type { Role } from '../config.js';
import { HttpProblem } from '../errors.js';
import { documentResponses } from '../openapi-responses.js';

/** Who may call a route: anyone, or a key of at least this role (admin may do what storefront may). */
export type Access = 'public' | Role;

export interface Principal {
  role: Role;
  /** A label for logs and rate limits; never the key itself. */
  keyId: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Every route declares it; a route without it fails at start rather than being open by mistake. */
    access?: Access;
  }
  interface FastifyRequest {
    /** The caller, once authenticated; null on public routes. */
    principal: Principal | null;
  }
}

export interface AuthOptions {
  apiKeys: ReadonlyMap<string, Role>;
  disabled: boolean;
}

/**
 * Routes added by plugins that do not take our route config, and are open by nature: the API's
 * documentation, and CORS preflight (browsers never send credentials with it).
 */
function isOpenByNature(method: string | string[], url: string): boolean {
  if (url === '*' && [method].flat().every((m) => m === 'OPTIONS')) return true;
  return url === '/docs' || url.startsWith('/docs/') || url === '/openapi.json';
}

const CHALLENGE = 'Bearer realm="loyalty"';

export default fp<AuthOptions>(
  async function auth(app, options) {
    // Keys are compared as digests of equal length, against every configured key, so that
    // neither the length nor the position of a match shows in the time taken.
    const digest = (value: string) => createHash('sha256').update(value).digest();
    const known = [...options.apiKeys].map(([key, role], index) => ({
      digest: digest(key),
      principal: { role, keyId: `${role}-key-${index + 1}` } satisfies Principal,
    }));

    function authenticate(header: string | undefined): Principal | null {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
      if (!match?.[1]) return null;
      const candidate = digest(match[1]);
      let found: Principal | null = null;
      for (const key of known) {
        if (timingSafeEqual(key.digest, candidate)) found = key.principal;
      }
      return found;
    }

    app.decorateRequest('principal', null);

    app.addHook('onRoute', (route) => {
      route.config ??= {};
      if (route.config.access === undefined) {
        if (!isOpenByNature(route.method, route.url)) throw new Error(`Route ${String(route.method)} ${route.url} declares no config.access`);
        route.config.access = 'public';
      }
      if (!route.schema || (route.schema as { hide?: boolean }).hide) return;
      if (route.config.access === 'public') {
        Object.assign(route.schema, { security: [] });
      } else {
        Object.assign(route.schema, { security: [{ bearerAuth: [] }] });
        // Admin routes refuse storefront keys; storefront routes take both roles.
        documentResponses(route.schema, route.method, route.config.access === 'admin' ? ['unauthorized', 'forbidden'] : ['unauthorized']);
      }
    });

    app.addHook('onRequest', async (request) => {
      const access = request.routeOptions.config.access;
      if (access === undefined || access === 'public') return;
      if (options.disabled) {
        request.principal = { role: 'admin', keyId: 'auth-disabled' };
        return;
      }
      const header = request.headers.authorization;
      const principal = authenticate(header);
      if (!principal) {
        const challenge = header === undefined ? CHALLENGE : `${CHALLENGE}, error="invalid_token"`;
        throw new HttpProblem(
          'unauthorized',
          header === undefined
            ? 'Send an API key: Authorization: Bearer <key>.'
            : 'The API key is not recognised.',
          { headers: { 'www-authenticate': challenge } },
        );
      }
      request.principal = principal;
      if (access === 'admin' && principal.role !== 'admin') {
        throw new HttpProblem('forbidden', 'This operation needs an admin key.');
      }
    });
  },
  { name: 'auth', fastify: '5.x', dependencies: ['error-handler'] },
);
