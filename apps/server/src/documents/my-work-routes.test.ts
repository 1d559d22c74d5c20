/**
 * My work over HTTP, per role, on SQLite and PostgreSQL: an owner, an editor, a commenter and a viewer of one
 * document each get what waits for them — an assignment and a second check for the editor, a correction to decide
 * for those who may decide, an unanswered mention for the viewer — and nothing else; a stranger gets nothing.
 */
import { randomBytes } from 'node:crypto';
import { annotationBodies, articleFragment, bodyToYMap, messageToYMap, newClaimBody } from '@factmark/collab';
import { afterAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { PostgresStore } from '../storage/postgres-store.ts';
import { ApiClient, attempt, TestServer } from '../test-support/harness.ts';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `factmark_work_${randomBytes(6).toString('hex')}`;
afterAll(async () => {
  const store = await PostgresStore.open(url, schema);
  await store.dropSchema(schema);
  await store.close();
});

for (const [backend, env] of [
  ['SQLite', {}],
  ['PostgreSQL', { DATABASE_URL: url, DATABASE_SCHEMA: schema }],
] as const) {
  describe(`My work on ${backend}`, () => {
    it('gives each role what waits for it, and a stranger nothing', async () => {
      const t = await new TestServer().start(env);
      try {
        const ana = await new ApiClient(t.base).signUp('ana@work.example', 'Ana', t.setupToken ?? undefined);
        const ben = await new ApiClient(t.base).signUp('ben@work.example', 'Ben');
        const cy = await new ApiClient(t.base).signUp('cy@work.example', 'Cy');
        const dee = await new ApiClient(t.base).signUp('dee@work.example', 'Dee');
        const eve = await new ApiClient(t.base).signUp('eve@work.example', 'Eve');
        const id = await ana.firstDocumentId();
        for (const [who, role] of [
          ['ben', 'editor'],
          ['cy', 'commenter'],
          ['dee', 'viewer'],
        ])
          await ana.request('PUT', `/api/documents/${id}/members`, { email: `${who}@work.example`, role });
        const me = { id: ana.userId, name: 'Ana' };
        const at = new Date();
        const conn = await t.connect(id, await ana.syncToken(id));
        expect(
          await attempt(conn, (doc) => {
            const paragraphs = articleFragment(doc)
              .toArray()
              .filter((n): n is Y.XmlElement => (n as Y.XmlElement).nodeName === 'paragraph');
            const text = (i: number) => paragraphs[i]?.get(0) as Y.XmlText;
            text(0).format(0, 4, { claim: { id: 'workclaim0000001' } });
            const claim = newClaimBody({
              id: 'workclaim0000001',
              quote: text(0).toString().slice(0, 4),
              author: me,
              at,
              assignee: { id: ben.userId, name: 'Ben' },
            });
            annotationBodies(doc).set(
              'workclaim0000001',
              bodyToYMap({ ...claim, verdict: 'false', verdictBy: me, status: 'in_review' }),
            );
            const time = at.toISOString();
            const base = { author: me, createdAt: time, updatedAt: time, updatedBy: me, thread: [] };
            text(1).format(0, 4, { correction: { id: 'workfix000000001' } });
            const quote = text(1).toString().slice(0, 4);
            annotationBodies(doc).set(
              'workfix000000001',
              bodyToYMap({
                ...base,
                id: 'workfix000000001',
                kind: 'correction',
                quote,
                original: quote,
                proposed: 'fixed',
                category: 'typo',
                rationale: '',
                state: 'proposed',
                decidedBy: null,
                decidedAt: null,
              } as never),
            );
            text(2).format(0, 4, { comment: { id: 'worknote00000001' } });
            const message = {
              id: 'm1',
              author: me,
              text: `<@${dee.userId}> can you read this?`,
              createdAt: at.toISOString(),
            };
            const note = { ...base, id: 'worknote00000001', kind: 'comment', quote: text(2).toString().slice(0, 4) };
            const map = bodyToYMap({
              ...note,
              resolved: false,
              resolvedBy: null,
              resolvedAt: null,
              thread: [],
            } as never);
            annotationBodies(doc).set('worknote00000001', map);
            (map.get('thread') as Y.Array<unknown>).push([messageToYMap(message)]);
          }),
        ).toBe('acked');
        const work = async (c: ApiClient) =>
          (
            (await c.request('GET', '/api/my-work')).body as { items: { category: string; annotationId: string }[] }
          ).items
            .map((i) => `${i.category} ${i.annotationId}`)
            .sort();
        // Ana: her claim has a verdict but no source; the correction waits for a decision she may make.
        expect(await work(ana)).toEqual(['decision workfix000000001', 'unfinished workclaim0000001']);
        // Ben, an editor: assigned, the second check of Ana's verdict, and the correction.
        expect(await work(ben)).toEqual([
          'assigned workclaim0000001',
          'decision workfix000000001',
          'review workclaim0000001',
        ]);
        // Cy, a commenter: neither decides corrections nor checks others' verdicts.
        expect(await work(cy)).toEqual([]);
        // Dee, a viewer, was mentioned and has not answered.
        expect(await work(dee)).toEqual(['mentioned worknote00000001']);
        expect(await work(eve)).toEqual([]);
      } finally {
        await t.dispose();
      }
    }, 60_000);
  });
}
