/** Routes for operators: liveness, readiness (the store answers) and Prometheus metrics behind an optional token. */
import { timingSafeEqual } from 'node:crypto';
import type { RouteContext } from '../context.ts';
import { sendError } from '../errors.ts';

/** True when `header` is `Bearer <token>` with exactly `token` (compared in constant time). */
function bearerMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/.exec(header ?? '')?.[1] ?? '');
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/** Register /healthz, /readyz and /metrics. */
export function operationsRoutes({ app, store, log, config, metrics }: RouteContext): void {
  app.get('/healthz', async () => ({ status: 'ok' }));

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
