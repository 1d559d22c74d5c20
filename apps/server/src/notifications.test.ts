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
import { REVIEWERS } from './storage/notification-store.ts';
import { PostgresStore } from './storage/postgres-store.ts';
import { ApiClient, attempt, TestServer } from './test-support/harness.ts';

/** The unread counts `/api/notifications/events` sends to `email`'s session, as they come. */
async function unreadStream(base: string, email: string): Promise<{ next: () => Promise<number>; close: () => void }> {
  const signIn = await fetch(`${base}/api/auth/signin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ email, password: 'correct horse battery' }),
  });
  const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const abort = new AbortController();
  const res = await fetch(`${base}/api/notifications/events`, { headers: { cookie }, signal: abort.signal });
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  let buffered = '';
  return {
    async next() {
      for (;;) {
        const event = /event: unread\ndata: (.*)\n\n/.exec(buffered);
        if (event) {
          buffered = buffered.slice((event.index ?? 0) + event[0].length);
          return (JSON.parse(event[1] as string) as { unread: number }).unread;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('The stream ended');
        buffered += new TextDecoder().decode(value);
      }
    },
    close: () => abort.abort(),
  };
}

const ana = { id: 'u-ana', name: 'Ana' };
const ben = { id: 'u-ben', name: 'Ben' };
const at = '2026-12-04T10:00:00.000Z';
const claim = { id: 'c1', kind: 'claim', statement: '140 aircraft', quote: '140 aircraft', author: ana, thread: [] };

describe('what a change tells whom', () => {
  it('tells the assignee, the thread’s starter and the correction’s author — never the one who made the change', () => {
    expect(notificationsFor({ id: 'c1', before: claim, after: { ...claim, assignee: ben } }, ana, 'd1', at)).toEqual([
      {
        userId: 'u-ben',
        byIds: ['u-ana'],
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
    ).toEqual(['Ana accepted your correction “hostile or hostile”']);
    // A new annotation, or a removal, tells no one.
    expect(
      notificationsFor({ id: 'c1', before: null, after: { ...claim, assignee: ben } }, ana, 'd1', at),
    ).toHaveLength(1);
    expect(notificationsFor({ id: 'c1', before: claim, after: null }, ana, 'd1', at)).toEqual([]);
  });

  it('tells whoever a message or a rationale newly mentions, once, and the reviewers when a verdict waits for a check', () => {
    const benId = '1b5e2c63-9e3f-4d4c-8a72-6c8d3e9fab21';
    const cyId = '2c6f3d74-af40-4e5d-9b83-7d9e4fa0bc32';
    const asked = { ...claim, thread: [{ id: 'm1', author: ana, text: `<@${benId}> is 140 right?` }] };
    const tell = (before: object | null, after: object, by = ana) =>
      notificationsFor({ id: 'c1', before: before as never, after: after as never }, by, 'd1', at).map((n) => [
        n.userId,
        n.kind,
        n.text,
      ]);
    expect(tell(claim, asked)).toEqual([
      [benId, 'mention', 'Ana mentioned you in a message on the claim “140 aircraft”'],
    ]);
    // Editing the message to add a second person tells only the new one; the same mention again tells no one.
    const edited = { ...claim, thread: [{ ...asked.thread[0], text: `<@${benId}> <@${cyId}> is 140 right?` }] };
    expect(tell(asked, edited).map((n) => n[0])).toEqual([cyId]);
    expect(tell(edited, edited)).toEqual([]);
    expect(tell(claim, { ...claim, rationale: `Per <@${cyId}>'s call.` })).toEqual([
      [cyId, 'mention', 'Ana mentioned you in the rationale of the claim “140 aircraft”'],
    ]);
    // Mentioning oneself tells no one.
    expect(tell(claim, { ...claim, rationale: `<@u-ana>` })).toEqual([]);
    // In review with a verdict not yet checked: the reviewers (the store picks them), not the giver nor the mover.
    const judged = { ...claim, verdict: 'false', verdictBy: ben, status: 'draft' };
    const review = notificationsFor(
      { id: 'c1', before: judged, after: { ...judged, status: 'in_review' } },
      ana,
      'd1',
      at,
    );
    expect(review).toMatchObject([
      {
        userId: REVIEWERS,
        kind: 'review',
        byIds: ['u-ana', 'u-ben'],
        text: 'Ana asks for a second check of the claim “140 aircraft” (false)',
      },
    ]);
    const checked = { ...judged, checkedBy: { id: 'u-cy', name: 'Cy', at, verdict: 'false' } };
    expect(
      notificationsFor({ id: 'c1', before: checked, after: { ...checked, status: 'in_review' } }, ana, 'd1', at),
    ).toEqual([]);
  });
});

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `factmark_notices_${randomBytes(6).toString('hex')}`;
afterAll(async () => {
  for (const name of [schema, `${schema}_m`]) {
    const store = await PostgresStore.open(url, name);
    await store.dropSchema(name);
    await store.close();
  }
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
        const id = await owner.firstDocumentId();
        await owner.request('PUT', `/api/documents/${id}/members`, { email: 'ben@desk.example', role: 'editor' });
        const me = { id: owner.userId, name: 'Ana' };
        const him = { id: bob.userId, name: 'Ben' };
        // Ben's live count: 0 at once, then 1 as soon as the assignment is stored.
        const live = await unreadStream(t.base, 'ben@desk.example');
        expect(await live.next()).toBe(0);
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
        const told = Date.now();
        expect(await live.next()).toBe(1);
        expect(Date.now() - told).toBeLessThan(1_000);
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
        expect(await live.next()).toBe(0);
        live.close();
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

    it('tells a mentioned member (not a stranger), asks the reviewers for a check, and keeps to each person’s settings', async () => {
      // A database of its own, so Ana is its first account (the demo article's owner).
      const t = await new TestServer().start(
        'DATABASE_SCHEMA' in env ? { ...env, DATABASE_SCHEMA: `${schema}_m` } : env,
      );
      try {
        const ana = await new ApiClient(t.base).signUp('ana@mention.example', 'Ana', t.setupToken ?? undefined);
        const ben = await new ApiClient(t.base).signUp('ben@mention.example', 'Ben');
        const cy = await new ApiClient(t.base).signUp('cy@mention.example', 'Cy');
        const dee = await new ApiClient(t.base).signUp('dee@mention.example', 'Dee');
        const out = await new ApiClient(t.base).signUp('out@mention.example', 'Outsider');
        const id = await ana.firstDocumentId();
        for (const [who, role] of [
          ['ben', 'editor'],
          ['cy', 'editor'],
          ['dee', 'commenter'],
        ])
          await ana.request('PUT', `/api/documents/${id}/members`, { email: `${who}@mention.example`, role });
        const inbox = async (c: ApiClient) =>
          ((await c.request('GET', '/api/notifications')).body as { notifications: { kind: string; text: string }[] })
            .notifications;
        // Cy turns mentions off in the app.
        const settings = await cy.request('PUT', '/api/notifications/settings', {
          kinds: { mention: { app: false, email: true } },
        });
        expect(settings.body).toMatchObject({ kinds: { mention: { app: false, email: true }, reply: { app: true } } });
        expect(
          (await cy.request('PUT', '/api/notifications/settings', { kinds: { mention: { app: 'no' } } })).status,
        ).toBe(400);

        const me = { id: ana.userId, name: 'Ana' };
        const conn = await t.connect(id, await ana.syncToken(id));
        const now = new Date().toISOString();
        const text = `<@${ben.userId}> <@${cy.userId}> <@${out.userId}> which base?`;
        expect(
          await attempt(conn, (doc) => {
            ((articleFragment(doc).get(1) as Y.XmlElement).get(0) as Y.XmlText).format(0, 4, {
              claim: { id: 'mentionclaim0001' },
            });
            const thread = [{ id: 'm1', author: me, text, createdAt: now }];
            const body = newClaimBody({ id: 'mentionclaim0001', quote: 'PORT', author: me, at: new Date(now), thread });
            annotationBodies(doc).set('mentionclaim0001', bodyToYMap({ ...body, verdict: 'false' }));
          }),
        ).toBe('acked');
        expect(await inbox(ben)).toMatchObject([
          { kind: 'mention', text: 'Ana mentioned you in a message on the claim “PORT”' },
        ]);
        expect(await inbox(cy)).toEqual([]);
        expect(await inbox(out)).toEqual([]);
        // Ben's My work lists the mention until he answers.
        const work = async () =>
          ((await ben.request('GET', '/api/my-work')).body as { items: { category: string; detail: string }[] }).items;
        expect(await work()).toContainEqual(
          expect.objectContaining({ category: 'mentioned', detail: 'Ana mentioned you' }),
        );

        // Ana sends her verdict for a second check: the editors hear of it (not Dee, a commenter, nor Ana).
        expect(
          await attempt(conn, (doc) => {
            (annotationBodies(doc).get('mentionclaim0001') as Y.Map<unknown>).set('status', 'in_review');
          }),
        ).toBe('acked');
        const review = 'Ana asks for a second check of the claim “PORT” (false)';
        expect((await inbox(ben)).map((n) => n.text)).toContain(review);
        expect((await inbox(cy)).map((n) => n.text)).toEqual([review]);
        expect(await inbox(dee)).toEqual([]);
        expect(await inbox(ana)).toEqual([]);

        const benConn = await t.connect(id, await ben.syncToken(id));
        expect(
          await attempt(benConn, (doc) => {
            ((annotationBodies(doc).get('mentionclaim0001') as Y.Map<unknown>).get('thread') as Y.Array<unknown>).push([
              messageToYMap({ id: 'm2', author: { id: ben.userId, name: 'Ben' }, text: 'Meridan.', createdAt: now }),
            ]);
          }),
        ).toBe('acked');
        expect((await work()).filter((i) => i.category === 'mentioned')).toEqual([]);
      } finally {
        await t.dispose();
      }
    }, 60_000);
  });
}
