/**
 * Errors to HTTP: each {@link FactmarkError} code has its status in one
 * table (@factmark/api's ERRORS, which the web app reads too), every answer is `{ error: { code, message } }`, and nothing
 * else decides a status. Errors that are not Factmark's (a bug, storage) are
 * a 500 whose details go to the log, not to the caller.
 */
import { statusOf } from '@factmark/api';
import { type ErrorCode, FactmarkError } from '@factmark/editor';
import { PublishCheckError } from '@factmark/interop';
import type { FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { DocumentGone } from '../storage/store.ts';
import type { RouteContext } from './context.ts';
import { TooManyAttempts } from './sign-in-limits.ts';

/** Send the typed JSON error `{ error: { code, message } }` with the code's status. */
export function sendError(reply: FastifyReply, code: ErrorCode, message: string, extra: object = {}) {
  return reply.code(statusOf(code)).send({ error: { code, message, ...extra } });
}

/**
 * Answer every error thrown by a route: a Factmark error with its code's
 * status (and its extra fields: the problems of a check not ready to publish,
 * when to try again), a change to a document deleted meanwhile as not found, Fastify's own client errors (a body too large, bad
 * JSON) with theirs, anything else as a 500.
 */
export function installErrorHandler(app: RouteContext['app'], log: Logger): void {
  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, _request, reply) => {
    if (error instanceof FactmarkError) {
      if (error instanceof TooManyAttempts) reply.header('retry-after', String(error.retryAfter));
      const extra = error instanceof PublishCheckError ? { problems: error.problems } : {};
      return sendError(reply, error.code, error.message, extra);
    }
    // Deleted while the request's change was being stored: nothing of it was kept.
    if (error instanceof DocumentGone) return sendError(reply, 'not_found', 'The document was deleted');
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      log.error({ err: error }, 'request failed');
      return reply.code(status).send({ error: { code: 'internal', message: 'Internal server error' } });
    }
    return reply.code(status).send({ error: { code: error.code ?? 'internal', message: error.message } });
  });
}
