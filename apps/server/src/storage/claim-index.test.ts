/**
 * The claim index on both databases: ranked by pg_trgm's similarity (restated for SQLite, PostgreSQL's own), only
 * readable documents, and complete for someone who reads one document among a crowd of near-identical claims they
 * may not read; replacing a document's claims drops its old ones; a deleted document's claims are gone.
 */

import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AccountStore } from '../auth/account-store.ts';
import { trigramSimilarity } from './claim-index-store.ts';
import { PostgresStore } from './postgres-store.ts';
import { SqliteStore } from './sqlite-store.ts';
import type { DocumentStore } from './store.ts';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function desk(store: DocumentStore & AccountStore) {
  const at = new Date().toISOString();
  for (const id of ['reader', 'other'])
    await store.createUser({ id, email: `${id}@desk.example`, name: id, isAdmin: false, createdAt: at }, 'x');
  const document = async (id: string, members: string[]) => {
    await store.createDocument({ id, title: `Title ${id}`, createdAt: at, updatedAt: at }, new Uint8Array([0, 0]));
    for (const m of members) await store.setRole(id, m, 'editor');
  };
  await document('crowd', ['other']);
  await document('mine', ['reader', 'other']);
  await document('asking', ['reader']);
  // 600 near-identical claims the reader may not read, one less alike they may.
  await store.claimIndex.replace(
    'crowd',
    at,
    Array.from({ length: 600 }, (_, i) => ({
      claimId: `c${i}`,
      statement: `More than 50,000 soldiers and 140 aircraft take part in the drills ${i}`,
      verdict: 'True',
      checkedAt: '2026-11-03',
    })),
  );
  await store.claimIndex.replace('mine', at, [
    {
      claimId: 'm1',
      statement: 'Some 50,000 soldiers took part in naval drills',
      verdict: 'Mostly false',
      checkedAt: '2026-11-03',
    },
    { claimId: 'm2', statement: 'The weather was fine on Tuesday', verdict: 'True', checkedAt: '2026-11-04' },
  ]);
  return at;
}

for (const [name, open] of [
  [
    'SQLite',
    async () => ({ store: new SqliteStore(mkdtempSync(join(tmpdir(), 'factmark-claims-'))), drop: async () => {} }),
  ],
  [
    'PostgreSQL',
    async () => {
      const schema = `factmark_claims_${randomBytes(6).toString('hex')}`;
      const store = await PostgresStore.open(url, schema);
      return { store, drop: () => store.dropSchema(schema) };
    },
  ],
] as const) {
  describe(`the claim index on ${name}`, () => {
    it('finds for a reader of one document among a crowd of claims they may not read, ranked, and follows changes', async () => {
      const { store, drop } = await open();
      try {
        const at = await desk(store);
        const text = 'More than 50,000 soldiers and 140 aircraft take part in the drills';
        const found = await store.claimIndex.similar('reader', text, { excludeDocumentId: 'asking', limit: 5 });
        expect(found.map((f) => [f.documentId, f.claimId, f.verdict])).toEqual([['mine', 'm1', 'Mostly false']]);
        expect(found[0]?.score).toBeCloseTo(
          trigramSimilarity(text, 'Some 50,000 soldiers took part in naval drills'),
          4,
        );
        const other = await store.claimIndex.similar('other', text, { excludeDocumentId: 'asking', limit: 3 });
        expect(other).toHaveLength(3);
        expect(other.every((f) => f.documentId === 'crowd')).toBe(true);
        expect(other.map((f) => f.score)).toEqual([...other.map((f) => f.score)].sort((a, b) => b - a));
        // Replaced claims are gone; a deleted document's claims too.
        await store.claimIndex.replace('mine', at, []);
        expect(await store.claimIndex.similar('reader', text, { excludeDocumentId: 'asking', limit: 5 })).toEqual([]);
        await store.deleteDocument('crowd');
        expect(await store.claimIndex.similar('other', text, { excludeDocumentId: 'asking', limit: 5 })).toEqual([]);
        // Query syntax in the text is words, nothing more.
        expect(
          await store.claimIndex.similar('reader', '" OR * NEAR(', { excludeDocumentId: 'asking', limit: 5 }),
        ).toEqual([]);
      } finally {
        await drop();
        await store.close();
      }
    }, 60_000);
  });
}
