/**
 * Notifications: derived from each accepted change (assignment, reply to one's thread, decision on one's correction),
 * never to the person who made it; stored with the update; listed, counted and marked read over HTTP on SQLite and
 * PostgreSQL; hidden once the person's access to the document is gone.
 */
import { randomBytes } from 'node:crypto';
import { annotationBodies, articleFragment, bodyToYMap, messageToYMap, newClaimBody } from '@factmark/collab';
import { afterAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { notificationsFor } from './notifications.ts';
import { PostgresStore } from './storage/postgres-store.ts';
import { ApiClient, attempt, TestServer } from './test-support/harness.ts';

const ana = { id: 'u-ana', name: 'Ana' };
const ben = { id: 'u-ben', name: 'Ben' };
const at = '2026-12-04T10:00:00.000Z';
const claim = { id: 'c1', kind: 'claim', statement: '140 aircraft', quote: '140 aircraft', author: ana, thread: [] };

describe('what a change tells whom', () => {
  it('tells the assignee, the thread’s starter and the correction’s author — never the one who made the change', () => {
    expect(notificationsFor({ id: 'c1', before: claim, after: { ...claim, assignee: ben } }, ana, 'd1', at)).toEqual([
      {
        userId: 'u-ben',
        documentId: 'd1',
        annotationId: 'c1',
        kind: 'assigned',
        text: 'Ana assigned you the claim “140 aircraft”',
        createdAt: at,
      },
    ]);
    expect(notificationsFor({ id: 'c1', before: claim, after: { ...claim, assignee: ana } }, ana, 'd1', at)).toEqual(
      [],
    );
    const started = { ...claim, thread: [{ id: 'm1', author: ana, text: 'Source?' }] };
    const answered = { ...claim, thread: [...started.thread, { id: 'm2', author: ben, text: 'The briefing.' }] };
    expect(
      notificationsFor({ id: 'c1', before: started, after: answered }, ben, 'd1', at).map((n) => [
        n.userId,
        n.kind,
        n.text,
      ]),
    ).toEqual([['u-ana', 'reply', 'Ben replied on the claim “140 aircraft”']]);
    const proposal = {
      id: 'k1',
      kind: 'correction',
      quote: 'hostile or hostile',
      author: ben,
      state: 'proposed',
      thread: [],
    };
    expect(
      notificationsFor({ id: 'k1', before: proposal, after: { ...proposal, state: 'accepted' } }, ana, 'd1', at).map(
        (n) => n.text,
      ),
    ).toEqual(['Ana accepted your correction the correction “hostile or hostile”']);
    // A new annotation, or a removal, tells no one.
    expect(
      notificationsFor({ id: 'c1', before: null, after: { ...claim, assignee: ben } }, ana, 'd1', at),
    ).toHaveLength(1);
    expect(notificationsFor({ id: 'c1', before: claim, after: null }, ana, 'd1', at)).toEqual([]);
  });
});

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `factmark_notices_${randomBytes(6).toString('hex')}`;
afterAll(async () => {
  const store = await PostgresStore.open(url, schema);
  await store.dropSchema(schema);
  await store.close();
});

for (const [backend, env] of [
  ['SQLite', {}],
  ['PostgreSQL', { DATABASE_URL: url, DATABASE_SCHEMA: schema }],
] as const) {
  describe(`the inbox, on ${backend}`, () => {
    it('gets an assignment and a reply as they are stored, counts unread, marks read, and hides a lost document', async () => {
      const t = await new TestServer().start(env);
      try {
        const owner = await new ApiClient(t.base).signUp('ana@desk.example', 'Ana', t.setupToken ?? undefined);
        const bob = await new ApiClient(t.base).signUp('ben@desk.example', 'Ben');
        const id = ((await owner.request('GET', '/api/documents')).body as { documents: { id: string }[] })
          .documents[0]!.id;
        await owner.request('PUT', `/api/documents/${id}/members`, { email: 'ben@desk.example', role: 'editor' });
        const me = { id: owner.userId, name: 'Ana' };
        const him = { id: bob.userId, name: 'Ben' };
        const conn = await t.connect(id, await owner.syncToken(id));
        const now = new Date();
        expect(
          await attempt(conn, (doc) => {
            ((articleFragment(doc).get(1) as Y.XmlElement).get(0) as Y.XmlText).format(0, 4, {
              claim: { id: 'noticeclaim00001' },
            });
            const thread = [{ id: 'm1', author: me, text: 'Which port?', createdAt: now.toISOString() }];
            const body = bodyToYMap(
              newClaimBody({ id: 'noticeclaim00001', quote: 'PORT', author: me, at: now, assignee: him, thread }),
            );
            annotationBodies(doc).set('noticeclaim00001', body);
          }),
        ).toBe('acked');
        const bens = (await bob.request('GET', '/api/notifications')).body as {
          notifications: { text: string; kind: string; documentTitle: string; readAt: null }[];
          unread: number;
        };
        expect(bens.unread).toBe(1);
        expect(bens.notifications[0]).toMatchObject({
          kind: 'assigned',
          text: 'Ana assigned you the claim “PORT”',
          readAt: null,
        });
        expect(((await owner.request('GET', '/api/notifications')).body as { unread: number }).unread).toBe(0);

        const reply = await t.connect(id, await bob.syncToken(id));
        expect(
          await attempt(reply, (doc) => {
            ((annotationBodies(doc).get('noticeclaim00001') as Y.Map<unknown>).get('thread') as Y.Array<unknown>).push([
              messageToYMap({ id: 'm2', author: him, text: 'Meridan.', createdAt: new Date().toISOString() }),
            ]);
          }),
        ).toBe('acked');
        const anas = (await owner.request('GET', '/api/notifications')).body as {
          notifications: { id: string; text: string }[];
          unread: number;
        };
        expect(anas).toMatchObject({ unread: 1, notifications: [{ text: 'Ben replied on the claim “PORT”' }] });
        expect(
          (await owner.request('POST', '/api/notifications/read', { ids: [anas.notifications[0]!.id] })).body,
        ).toEqual({ unread: 0 });
        expect((await bob.request('POST', '/api/notifications/read', {})).body).toEqual({ unread: 0 });
        // Without access to the document, its notifications are not shown.
        await owner.request('DELETE', `/api/documents/${id}/members/${bob.userId}`);
        expect(((await bob.request('GET', '/api/notifications')).body as { notifications: [] }).notifications).toEqual(
          [],
        );
        expect((await new ApiClient(t.base).request('GET', '/api/notifications')).status).toBe(401);
      } finally {
        await t.dispose();
      }
    }, 60_000);
  });
}
