/** Routes of a person's notifications: the inbox, its live unread count (server-sent events), marking read, their settings, and the unsubscribe link of an email. */
import { NOTIFICATION_KINDS, type NotificationSettings } from '@factmark/api';
import { FactmarkError } from '@factmark/editor';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { checkUnsubscribe } from '../../mail/unsubscribe.ts';
import type { Mute, NotificationStore } from '../../storage/notification-store.ts';
import type { RouteContext } from '../context.ts';
import { parse, schemas } from '../schemas.ts';

/** How often a live count asks the database again (another instance may have stored a notification). */
const EVENTS_RECHECK_MS = 5_000;

/** Stream `userId`'s unread count as server-sent events until the request closes. */
async function streamUnread(
  notifications: NotificationStore,
  userId: string,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  reply.hijack();
  const out = reply.raw;
  out.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    'x-accel-buffering': 'no',
  });
  let last = -1;
  let asking = false;
  let again = false;
  const check = async (): Promise<void> => {
    if (asking) {
      again = true;
      return;
    }
    asking = true;
    try {
      const unread = await notifications.unread(userId);
      if (unread !== last && !out.destroyed) out.write(`event: unread\ndata: ${JSON.stringify({ unread })}\n\n`);
      last = unread;
    } catch {
      // The next signal or round asks again.
    } finally {
      asking = false;
      if (again) {
        again = false;
        void check();
      }
    }
  };
  const stop = notifications.changed.listen(() => void check());
  const rounds = setInterval(() => void check(), EVENTS_RECHECK_MS);
  const ping = setInterval(() => out.write(': ping\n\n'), 25_000);
  request.raw.on('close', () => {
    stop();
    clearInterval(rounds);
    clearInterval(ping);
  });
  await check();
}

/** `userId`'s settings: every kind on both channels unless turned off. */
async function settingsOf(store: NotificationStore, userId: string, email: boolean): Promise<NotificationSettings> {
  const mutes = await store.mutes(userId);
  const on = (kind: string, channel: Mute['channel']) => !mutes.some((m) => m.kind === kind && m.channel === channel);
  const kinds = Object.fromEntries(
    NOTIFICATION_KINDS.map((kind) => [kind, { app: on(kind, 'app'), email: on(kind, 'email') }]),
  ) as NotificationSettings['kinds'];
  return { kinds, emailAvailable: email };
}

/** Register /api/notifications and /api/unsubscribe. */
export function notificationRoutes({ app, guard, store, mailer, secret }: RouteContext): void {
  app.get('/api/notifications', async (request) => {
    const caller = await guard.caller(request);
    return store.notifications.inbox(caller.user.id, 100);
  });

  // The unread count, live, as server-sent events: sent at once, then whenever it changes — told by this process's
  // store when it writes notifications or marks some read, and asked again every few seconds for other instances'.
  app.get('/api/notifications/events', async (request, reply) => {
    const caller = await guard.caller(request);
    await streamUnread(store.notifications, caller.user.id, request, reply);
  });

  app.post('/api/notifications/read', async (request) => {
    const caller = await guard.caller(request);
    const { ids } = parse(schemas.readNotifications, request.body ?? {});
    return { unread: await store.notifications.markRead(caller.user.id, ids ?? null, new Date().toISOString()) };
  });

  app.get('/api/notifications/settings', async (request) => {
    const caller = await guard.caller(request);
    return settingsOf(store.notifications, caller.user.id, mailer !== null);
  });

  app.put('/api/notifications/settings', async (request) => {
    const caller = await guard.caller(request);
    const { kinds } = parse(schemas.notificationSettings, request.body);
    const current = await settingsOf(store.notifications, caller.user.id, mailer !== null);
    const next = { ...current.kinds, ...kinds };
    const mutes = NOTIFICATION_KINDS.flatMap((kind) =>
      (['app', 'email'] as const).filter((channel) => !next[kind][channel]).map((channel) => ({ kind, channel })),
    );
    await store.notifications.setMutes(caller.user.id, mutes);
    return settingsOf(store.notifications, caller.user.id, mailer !== null);
  });

  // An email's unsubscribe link: the signed user id is the credential (no session; mail programs post here with
  // RFC 8058's one-click, a form body, the app's page posts the same as JSON). Every kind's email is turned off.
  // The form parser lives in this route's own scope: no other route takes form posts.
  app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) =>
      done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );
    scope.post('/api/unsubscribe', unsubscribe);
  });
  async function unsubscribe(request: { query: unknown; body: unknown }) {
    const given = parse(schemas.unsubscribe, { ...(request.query as object), ...((request.body as object) ?? {}) });
    const user = checkUnsubscribe(secret, given.u, given.t) ? await store.getUser(given.u) : null;
    if (!user)
      throw new FactmarkError('invalid_body', 'This unsubscribe link is not valid: open the one in your latest email');
    const mutes = await store.notifications.mutes(user.id);
    await store.notifications.setMutes(user.id, [
      ...mutes.filter((m) => m.channel === 'app'),
      ...NOTIFICATION_KINDS.map((kind) => ({ kind, channel: 'email' as const })),
    ]);
    return { email: user.email };
  }
}
