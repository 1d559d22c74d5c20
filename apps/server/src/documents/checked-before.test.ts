/**
 * "Checked before" over HTTP, on SQLite and on PostgreSQL: a claim finds the desk's earlier checks of claims like it,
 * ranked by similarity, with their verdict, date and document; only documents the person may read are searched, and
 * the index follows the documents as they change.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { annotationBodies, bodyToYMap, docFromUpdates, newClaimBody } from '@factmark/collab';
import { articleFromText } from '@factmark/editor';
import { readCheck } from '@factmark/interop';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { trigramSimilarity } from '../storage/claim-index-store.ts';
import { PostgresStore } from '../storage/postgres-store.ts';
import { SqliteStore } from '../storage/sqlite-store.ts';
import { ApiClient, attempt, TestServer } from '../test-support/harness.ts';
import { CheckedBefore } from './checked-before.ts';
import { StoredDocuments } from './document-access.ts';
import { DocumentService } from './document-service.ts';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `factmark_checked_${randomBytes(6).toString('hex')}`;

afterAll(async () => {
  const store = await PostgresStore.open(url, schema);
  await store.dropSchema(schema);
  await store.close();
});

type Found = {
  documentId: string;
  documentTitle: string;
  statement: string;
  verdict: string;
  checkedAt: string;
  score: number;
};

async function checkedBefore(client: ApiClient, id: string, text: string) {
  const answer = await client.request('GET', `/api/documents/${id}/checked-before?text=${encodeURIComponent(text)}`);
  return { status: answer.status, claims: (answer.body as { claims?: Found[] }).claims ?? [] };
}

for (const [backend, env] of [
  ['SQLite', {}],
  ['PostgreSQL', { DATABASE_URL: url, DATABASE_SCHEMA: schema }],
] as const) {
  describe(`checked before, on ${backend}`, () => {
    it('finds the earlier check with its verdict, ranked by similarity, in readable documents only, as they change', async () => {
      const t = await new TestServer().start({ ...env, DEMO_DOCUMENT: 'example' });
      try {
        const ada = await new ApiClient(t.base).signUp('ada@desk.example', 'Ada', t.setupToken ?? undefined);
        const carla = await new ApiClient(t.base).signUp('carla@desk.example', 'Carla');
        const { documents } = (await ada.request('GET', '/api/documents')).body as { documents: { id: string }[] };
        const drills = documents[0]!.id;
        const created = await ada.request('POST', '/api/documents', {
          article: articleFromText(
            'Fleet exercises\n\nOver 50,000 soldiers and 140 aircraft took part, officials said.',
          ).toJSON(),
        });
        const second = (created.body as { document: { id: string } }).document.id;
        await ada.request('PUT', `/api/documents/${second}/members`, { email: 'carla@desk.example', role: 'editor' });

        const text = 'Over 50,000 soldiers and 140 aircraft take part in the Kessel Sea exercises';
        const found = await checkedBefore(ada, second, text);
        expect(found.status).toBe(200);
        expect(found.claims[0]).toMatchObject({
          documentId: drills,
          documentTitle: expect.stringContaining('Varnia'),
          statement: 'More than 50,000 soldiers and 140 aircraft take part in the Kessel Sea exercises.',
          verdict: 'True',
          checkedAt: expect.stringMatching(/^\d{4}-\d\d-\d\d$/),
        });
        // Ranked by similarity (pg_trgm's measure on both databases), none below its threshold.
        const scores = found.claims.map((c) => c.score);
        expect(scores).toEqual([...scores].sort((a, b) => b - a));
        for (const c of found.claims) {
          expect(c.score).toBeGreaterThanOrEqual(0.3);
          expect(c.score).toBeCloseTo(trigramSimilarity(text, c.statement), 4);
        }
        // The document asked from is never its own "before"; unrelated words find nothing.
        expect((await checkedBefore(ada, drills, text)).claims.filter((c) => c.documentId === drills)).toEqual([]);
        expect((await checkedBefore(ada, second, 'weather in the capital tomorrow')).claims).toEqual([]);
        // Carla reads the second document only: nothing of the first reaches her, not even its title.
        const hers = await checkedBefore(carla, second, text);
        expect(hers).toEqual({ status: 200, claims: [] });
        expect((await checkedBefore(carla, drills, text)).status).toBe(404);

        // A colleague's new verdict on the earlier claim shows at the next search.
        const conn = await t.connect(drills, await ada.syncToken(drills));
        const claim = readCheck(conn.doc).spans.find((s) => s.text.startsWith('More than 50,000'))!;
        expect(
          await attempt(conn, (doc) => {
            const body = annotationBodies(doc).get(claim.id) as Y.Map<unknown>;
            const now = new Date().toISOString();
            doc.transact(() => {
              body.set('verdict', 'Mostly true');
              body.set('verdictBy', { id: ada.userId, name: 'Ada' });
              body.set('verdictAt', now);
              body.set('checkedBy', null);
              body.set('status', 'in_review');
            });
          }),
        ).toBe('acked');
        await expect
          .poll(async () => (await checkedBefore(ada, second, text)).claims[0]?.verdict, { timeout: 10_000 })
          .toBe('Mostly true');
        // Once Carla is a member of the first document, she finds it too.
        await ada.request('PUT', `/api/documents/${drills}/members`, { email: 'carla@desk.example', role: 'viewer' });
        expect((await checkedBefore(carla, second, text)).claims[0]?.documentId).toBe(drills);
      } finally {
        await t.dispose();
      }
    }, 60_000);
  });
}

/** A SQLite store in a directory of its own, holding Ada's account (created at `at`), given to `use` and closed after. */
async function withAdasStore(use: (store: SqliteStore, at: string) => Promise<void>): Promise<void> {
  const store = new SqliteStore(mkdtempSync(join(tmpdir(), 'factmark-checked-')));
  try {
    const at = new Date().toISOString();
    await store.createUser({ id: 'ada', email: 'ada@desk.example', name: 'Ada', isAdmin: false, createdAt: at }, 'x');
    await use(store, at);
  } finally {
    await store.close();
  }
}

describe('checked before, what a search reads', () => {
  it('indexes the changed documents the person may read, but not the one asked from (the answer leaves it out)', async () => {
    await withAdasStore(async (store, at) => {
      for (const id of ['asking', 'other', 'hidden'])
        await store.createDocument({ id, title: `Title ${id}`, createdAt: at, updatedAt: at }, new Uint8Array([0, 0]));
      await store.setRole('asking', 'ada', 'editor');
      await store.setRole('other', 'ada', 'editor');
      const read: string[] = [];
      // Each document holds one judged claim, read as the server reads a document's judged claims.
      const service = new CheckedBefore(store, async (id: string) => {
        read.push(id);
        return [
          {
            claimId: `c-${id}`,
            statement: 'More than 50,000 soldiers took part',
            verdict: 'False',
            checkedAt: '2026-11-03',
          },
        ];
      });

      const fromAsking = await service.similar('ada', 'asking', 'More than 50,000 soldiers and 140 aircraft');
      expect(read).toEqual(['other']);
      expect(fromAsking.map((c) => c.documentId)).toEqual(['other']);
      // Asked from the other document, the first is read and found; nothing read twice while unchanged.
      const fromOther = await service.similar('ada', 'other', 'More than 50,000 soldiers and 140 aircraft');
      expect(read).toEqual(['other', 'asking']);
      expect(fromOther.map((c) => c.documentId)).toEqual(['asking']);
      await service.similar('ada', 'asking', 'More than 50,000 soldiers');
      expect(read).toEqual(['other', 'asking']);

      // An update that says what it does to the claims brings the index along: found at once, nothing read.
      const newer = { claimId: 'c-new', statement: 'More than 50,000 soldiers and 140 aircraft', verdict: 'True' };
      await store.appendUpdate('other', new Uint8Array([0, 0]), {
        claimIndex: [{ claimId: 'c-new', claim: { ...newer, checkedAt: '2026-11-04' } }],
      });
      const found = await service.similar('ada', 'asking', 'More than 50,000 soldiers and 140 aircraft');
      expect(read).toEqual(['other', 'asking']);
      expect(found.map((c) => c.claimId)).toEqual(['c-new', 'c-other']);
      // One that does not (a migration, say) leaves the document to be read again at the next search.
      await store.appendUpdate('other', new Uint8Array([0, 0]));
      await service.similar('ada', 'asking', 'More than 50,000 soldiers');
      expect(read).toEqual(['other', 'asking', 'other']);
    });
  });
});

describe('checked before, a document left behind', () => {
  it('is read from the store, every stored update applied, and indexed again at the next search', async () => {
    await withAdasStore(async (store, at) => {
      const documents = new StoredDocuments(store);
      const service = new DocumentService(store, documents);
      const drills = await service.create(articleFromText('Drills\n\nOver 50,000 soldiers took part.'), 'ada');
      const asking = await service.create(articleFromText('Budget\n\nText.'), 'ada');
      // A judged claim written by an update that does not say what it does to the claims (as a migration's):
      // the index falls behind.
      const doc = docFromUpdates(await store.loadUpdates(drills.id));
      const vector = Y.encodeStateVector(doc);
      const ada = { id: 'ada', name: 'Ada' };
      const body = newClaimBody({ id: 'c1', quote: 'Over 50,000 soldiers took part', author: ada, at: new Date(at) });
      annotationBodies(doc).set('c1', bodyToYMap({ ...body, verdict: 'False', verdictAt: at }));
      await store.appendUpdate(drills.id, Y.encodeStateAsUpdate(doc, vector));
      expect((await store.claimIndex.stale('ada')).map((d) => d.id)).toEqual([drills.id]);

      const found = await new CheckedBefore(store).similar('ada', asking.id, 'Over 50,000 soldiers took part');
      expect(found.map((c) => [c.documentId, c.claimId, c.verdict])).toEqual([[drills.id, 'c1', 'False']]);
      expect(await store.claimIndex.stale('ada')).toEqual([]);
    });
  });
});
