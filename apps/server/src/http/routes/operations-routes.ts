/** Routes for operators: liveness, readiness (the store answers), Prometheus metrics behind an optional token, and the API's OpenAPI description. */
import { timingSafeEqual } from 'node:crypto';
import { openApiDocument, referencePage } from '../api-description.ts';
import type { RouteContext } from '../context.ts';
import { sendError } from '../errors.ts';

/** True when `header` is `Bearer <token>` with exactly `token` (compared in constant time). */
function bearerMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/.exec(header ?? '')?.[1] ?? '');
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/** Register /healthz, /readyz, /metrics and the API's description at /api/openapi.json. */
export function operationsRoutes({ app, store, log, config, metrics }: RouteContext): void {
  app.get('/healthz', async () => ({ status: 'ok' }));

  // The API described (OpenAPI 3.0), built once from the schemas the routes validate with.
  const description = openApiDocument();
  app.get('/api/openapi.json', async () => description);
  const reference = referencePage();
  app.get('/api/reference', async (_request, reply) => reply.type('text/html; charset=utf-8').send(reference));

  app.get('/readyz', async (_request, reply) => {
    try {
      await store.countUsers();
      return { status: 'ready' };
    } catch (error) {
      log.error({ err: error }, 'not ready: storage');
      return reply.code(503).send({ status: 'unavailable', reason: 'storage' });
    }
  });

  app.get('/metrics', async (request, reply) => {
    if (config.metricsToken && !bearerMatches(request.headers.authorization, config.metricsToken)) {
      return sendError(reply.header('www-authenticate', 'Bearer'), 'unauthenticated', 'A metrics token is required');
    }
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}
