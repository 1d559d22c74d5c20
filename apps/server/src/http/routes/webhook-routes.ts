/**
 * Routes of webhooks: a document's owners register endpoints for it (`/api/documents/:id/webhooks`), an
 * administrator for the whole desk (`/api/webhooks`); each endpoint is changed, paused, resumed, removed and its
 * deliveries listed at `/api/webhooks/:webhookId`. The signing secret is shown once, when the endpoint is made. With
 * an access token, these need the admin scope (an owner's role).
 */
import { randomUUID } from 'node:crypto';
import type { NewWebhook, Webhook } from '@factmark/api';
import { FactmarkError } from '@factmark/editor';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TokenCaller } from '../../auth/access-tokens.ts';
import type { Caller } from '../../auth/auth.ts';
import { refusedAtOnce } from '../../sources/safe-fetch.ts';
import type { StoredWebhook } from '../../storage/webhook-store.ts';
import { newWebhookSecret } from '../../webhooks/signing.ts';
import type { RouteContext } from '../context.ts';
import { parse, schemas } from '../schemas.ts';

/** How many deliveries an endpoint's list shows. */
const DELIVERIES_SHOWN = 50;

/** Register the webhook routes. */
export function webhookRoutes(context: RouteContext): void {
  const { app, guard, auth, store, config } = context;
  const hooks = store.webhooks;

  /** The URL, unless the server may never reach it (then a 400 in words). */
  const reachable = (url: string): string => {
    const refused = refusedAtOnce(url, config.sources.allow);
    if (refused) throw new FactmarkError('invalid_body', refused);
    return url;
  };

  const create = async (
    reply: FastifyReply,
    caller: Caller | TokenCaller,
    documentId: string | null,
    body: unknown,
  ) => {
    const input = parse(schemas.webhook, body);
    const secret = newWebhookSecret();
    const webhook: StoredWebhook = {
      id: randomUUID(),
      documentId,
      ownerId: caller.user.id,
      url: reachable(input.url),
      events: input.events,
      createdAt: new Date().toISOString(),
      pausedAt: null,
      pauseReason: null,
      secret,
    };
    await hooks.create(webhook);
    const { secret: _, ...shown } = webhook;
    reply.header('cache-control', 'no-store');
    return reply.code(201).send({ webhook: shown, secret } satisfies NewWebhook);
  };

  /** The endpoint of the route's `:webhookId`, when the caller may manage it (a document's owner; for the desk's, an administrator). */
  const managed = async (request: FastifyRequest): Promise<StoredWebhook> => {
    const caller = await guard.caller(request, 'admin');
    const { webhookId } = request.params as { webhookId: string };
    const webhook = await hooks.get(webhookId);
    if (!webhook) throw new FactmarkError('not_found', 'There is no such webhook');
    if (webhook.documentId) await auth.requireAccess(webhook.documentId, caller, 'integrate');
    else if (!caller.user.isAdmin)
      throw new FactmarkError('forbidden', 'Only an administrator manages the desk’s webhooks');
    return webhook;
  };

  const desk = async (request: FastifyRequest) => {
    const caller = await guard.caller(request, 'admin');
    if (!caller.user.isAdmin) throw new FactmarkError('forbidden', 'Only an administrator manages the desk’s webhooks');
    return caller;
  };

  app.get('/api/documents/:id/webhooks', async (request) => {
    const { id } = await guard.document(request, 'integrate');
    return { webhooks: await hooks.list(id) };
  });

  app.post('/api/documents/:id/webhooks', async (request, reply) => {
    const { id, caller } = await guard.document(request, 'integrate');
    return create(reply, caller, id, request.body);
  });

  app.get('/api/webhooks', async (request) => {
    await desk(request);
    return { webhooks: await hooks.list(null) };
  });

  app.post('/api/webhooks', async (request, reply) => create(reply, await desk(request), null, request.body));

  app.patch('/api/webhooks/:webhookId', async (request) => {
    const webhook = await managed(request);
    const input = parse(schemas.webhookChange, request.body);
    if (input.url !== undefined || input.events !== undefined)
      await hooks.update(webhook.id, {
        url: input.url === undefined ? undefined : reachable(input.url),
        events: input.events,
      });
    if (input.paused === true) await hooks.pause(webhook.id, new Date().toISOString(), 'Paused by hand');
    if (input.paused === false) await hooks.resume(webhook.id, Date.now());
    const now = await hooks.get(webhook.id);
    if (!now) throw new FactmarkError('not_found', 'There is no such webhook');
    return { webhook: stripSecret(now) };
  });

  app.delete('/api/webhooks/:webhookId', async (request) => {
    const webhook = await managed(request);
    await hooks.remove(webhook.id);
    return { removed: webhook.id };
  });

  app.get('/api/webhooks/:webhookId/deliveries', async (request) => {
    const webhook = await managed(request);
    return { webhook: stripSecret(webhook), deliveries: await hooks.deliveries(webhook.id, DELIVERIES_SHOWN) };
  });

  app.post('/api/webhooks/:webhookId/deliveries/:deliveryId/redeliver', async (request) => {
    const webhook = await managed(request);
    const { deliveryId } = request.params as { deliveryId: string };
    if (!(await hooks.redeliver(webhook.id, deliveryId, Date.now())))
      throw new FactmarkError('not_found', 'There is no such delivery, or it is being sent now');
    return { deliveries: await hooks.deliveries(webhook.id, DELIVERIES_SHOWN) };
  });
}

/** The endpoint as its owner sees it: everything but the secret. */
function stripSecret({ secret: _, ...webhook }: StoredWebhook): Webhook {
  return webhook;
}
