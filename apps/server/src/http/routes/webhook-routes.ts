/**
 * Routes of webhooks: a document's owners register endpoints for it (`/api/documents/:id/webhooks`), an
 * administrator for the whole desk (`/api/webhooks`); each endpoint is changed, paused, resumed, removed and its
 * deliveries listed at `/api/webhooks/:webhookId`. The signing secret is shown once, when the endpoint is made. With
 * an access token, these need the admin scope (an owner's role).
 */
import { randomUUID } from 'node:crypto';
import type { NewWebhook } from '@factmark/api';
import { FactmarkError } from '@factmark/editor';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TokenCaller } from '../../auth/access-tokens.ts';
import type { Caller } from '../../auth/auth.ts';
import { refusedAtOnce } from '../../sources/safe-fetch.ts';
import { type StoredWebhook, webhookOf } from '../../storage/webhook-store.ts';
import { newWebhookSecret } from '../../webhooks/signing.ts';
import type { RouteContext } from '../context.ts';
import { parse, schemas } from '../schemas.ts';

/** How many deliveries an endpoint's list shows. */
const DELIVERIES_SHOWN = 50;

/** The URL, unless the server may never reach it (then a 400 in words). */
function reachable({ config }: RouteContext, url: string): string {
  const refused = refusedAtOnce(url, config.sources.allow);
  if (refused) throw new FactmarkError('invalid_body', refused);
  return url;
}

/** Register an endpoint for `documentId` (null: the desk) from `body`; answers it with its secret, once. */
async function create(
  context: RouteContext,
  reply: FastifyReply,
  caller: Caller | TokenCaller,
  documentId: string | null,
  body: unknown,
) {
  const input = parse(schemas.webhook, body);
  const secret = newWebhookSecret();
  const webhook: StoredWebhook = {
    id: randomUUID(),
    documentId,
    ownerId: caller.user.id,
    url: reachable(context, input.url),
    events: input.events,
    createdAt: new Date().toISOString(),
    pausedAt: null,
    pauseReason: null,
    secret,
  };
  await context.store.webhooks.create(webhook);
  reply.header('cache-control', 'no-store');
  return reply.code(201).send({ webhook: webhookOf(webhook), secret } satisfies NewWebhook);
}

/** `caller`, when an administrator (the desk's webhooks are theirs). */
function administrator(caller: Caller | TokenCaller): Caller | TokenCaller {
  if (!caller.user.isAdmin) throw new FactmarkError('forbidden', 'Only an administrator manages the desk’s webhooks');
  return caller;
}

/** The endpoint of the route's `:webhookId`, when the caller may manage it (a document's owner; the desk's: an administrator). */
async function managed(context: RouteContext, request: FastifyRequest): Promise<StoredWebhook> {
  const { webhookId } = request.params as { webhookId: string };
  const caller = await context.guard.caller(request, 'admin');
  const webhook = await context.store.webhooks.get(webhookId);
  if (!webhook) throw new FactmarkError('not_found', 'There is no such webhook');
  if (webhook.documentId) await context.auth.requireAccess(webhook.documentId, caller, 'integrate');
  else administrator(caller);
  return webhook;
}

/** Register the webhook routes. */
export function webhookRoutes(context: RouteContext): void {
  const { app, guard, store } = context;
  const hooks = store.webhooks;

  app.get('/api/documents/:id/webhooks', async (request) => {
    const { id } = await guard.document(request, 'integrate');
    return { webhooks: await hooks.list(id) };
  });

  app.post('/api/documents/:id/webhooks', async (request, reply) => {
    const { id, caller } = await guard.document(request, 'integrate');
    return create(context, reply, caller, id, request.body);
  });

  app.get('/api/webhooks', async (request) => {
    administrator(await guard.caller(request, 'admin'));
    return { webhooks: await hooks.list(null) };
  });

  app.post('/api/webhooks', async (request, reply) =>
    create(context, reply, administrator(await guard.caller(request, 'admin')), null, request.body),
  );

  app.patch('/api/webhooks/:webhookId', async (request) => {
    const webhook = await managed(context, request);
    const input = parse(schemas.webhookChange, request.body);
    if (input.url !== undefined || input.events !== undefined)
      await hooks.update(webhook.id, {
        url: input.url === undefined ? undefined : reachable(context, input.url),
        events: input.events,
      });
    if (input.paused === true) await hooks.pause(webhook.id, new Date().toISOString(), 'Paused by hand');
    if (input.paused === false) await hooks.resume(webhook.id, Date.now());
    const now = await hooks.get(webhook.id);
    if (!now) throw new FactmarkError('not_found', 'There is no such webhook');
    return { webhook: webhookOf(now) };
  });

  app.delete('/api/webhooks/:webhookId', async (request) => {
    const webhook = await managed(context, request);
    await hooks.remove(webhook.id);
    return { removed: webhook.id };
  });

  app.get('/api/webhooks/:webhookId/deliveries', async (request) => {
    const webhook = await managed(context, request);
    return { webhook: webhookOf(webhook), deliveries: await hooks.deliveries(webhook.id, DELIVERIES_SHOWN) };
  });

  app.post('/api/webhooks/:webhookId/deliveries/:deliveryId/redeliver', async (request) => {
    const webhook = await managed(context, request);
    const { deliveryId } = request.params as { deliveryId: string };
    if (!(await hooks.redeliver(webhook.id, deliveryId, Date.now())))
      throw new FactmarkError('not_found', 'There is no such delivery, or it is being sent now');
    return { deliveries: await hooks.deliveries(webhook.id, DELIVERIES_SHOWN) };
  });
}
