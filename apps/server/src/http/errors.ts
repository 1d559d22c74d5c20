/**
 * The one map from errors to HTTP: each {@link FactmarkError} code has its
 * status here, every answer is `{ error: { code, message } }`, and nothing
 * else decides a status. Errors that are not Factmark's (a bug, storage) are
 * a 500 whose details go to the log, not to the caller.
 */
import { type ErrorCode, FactmarkError } from '@factmark/editor';
import { PublishCheckError } from '@factmark/interop';
import type { FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import type { RouteContext } from './context.ts';
import { TooManyAttempts } from './sign-in-limits.ts';

/** The HTTP status of each error code. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid_body: 400,
  invalid_annotation: 400,
  invalid_article: 400,
  invalid_annotations: 400,
  source_in_use: 409,
  scale_in_use: 409,
  not_ready: 409,
  unauthenticated: 401,
  bad_credentials: 401,
  csrf: 403,
  bad_origin: 403,
  forbidden: 403,
  setup_closed: 403,
  not_found: 404,
  no_such_user: 404,
  email_taken: 409,
  own_role: 409,
  too_many_attempts: 429,
  unavailable: 503,
  internal: 500,
  web_not_built: 503,
};

/** Send the typed JSON error `{ error: { code, message } }` with the code's status. */
export function sendError(reply: FastifyReply, code: ErrorCode, message: string, extra: object = {}) {
  return reply.code(HTTP_STATUS[code]).send({ error: { code, message, ...extra } });
}

/**
 * Answer every error thrown by a route: a Factmark error with its code's
 * status (and its extra fields: the problems of a check not ready to publish,
 * when to try again), Fastify's own client errors (a body too large, bad
 * JSON) with theirs, anything else as a 500.
 */
export function installErrorHandler(app: RouteContext['app'], log: Logger): void {
  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, _request, reply) => {
    if (error instanceof FactmarkError) {
      if (error instanceof TooManyAttempts) reply.header('retry-after', String(error.retryAfter));
      const extra = error instanceof PublishCheckError ? { problems: error.problems } : {};
      return sendError(reply, error.code, error.message, extra);
    }
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      log.error({ err: error }, 'request failed');
      return reply.code(status).send({ error: { code: 'internal', message: 'Internal server error' } });
    }
    return reply.code(status).send({ error: { code: error.code ?? 'internal', message: error.message } });
  });
}
