/**
 * The SQLite claim index's own layout: the claims' words follow the claims (a document's deletion included), and a
 * data directory with the index of before (words in a table of their own) opens with it dropped, to be rebuilt.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from './sqlite-store.ts';

const at = '2026-11-03T09:00:00.000Z';
const claim = (claimId: string, statement: string) => ({
  claimId,
  statement,
  verdict: 'False',
  checkedAt: '2026-11-03',
});

/** A store in a new directory with Ada, an editor of documents `ids`; the directory. */
async function storeWith(ids: string[], dir = mkdtempSync(join(tmpdir(), 'factmark-claim-words-'))) {
  const store = new SqliteStore(dir);
  await store.createUser({ id: 'ada', email: 'ada@desk.example', name: 'Ada', isAdmin: false, createdAt: at }, 'x');
  for (const id of ids) {
    await store.createDocument({ id, title: `Check ${id}`, createdAt: at, updatedAt: at }, new Uint8Array([0, 0]));
    await store.setRole(id, 'ada', 'editor');
  }
  return { store, dir };
}

const words = (dir: string, query: string) => {
  const db = new Database(join(dir, 'factmark.sqlite'), { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM claim_words WHERE claim_words MATCH ?').get(query) as { n: number })
      .n;
  } finally {
    db.close();
  }
};

const search = (store: SqliteStore, text: string) =>
  store.claimIndex
    .similar('ada', text, { excludeDocumentId: '', limit: 9 })
    .then((found) => found.map((c) => c.claimId));

describe('the claim index on SQLite', () => {
  it("keeps the claims' words with the claims: replaced, changed one by one, and gone with their document", async () => {
    const { store, dir } = await storeWith(['drills', 'budget']);
    try {
      await store.claimIndex.replace('drills', at, [
        claim('c1', 'More than 50,000 soldiers took part'),
        claim('c2', 'The ministry said on Monday that 140 aircraft flew'),
      ]);
      await store.claimIndex.replace('budget', at, [claim('b1', 'Soldiers will be paid more next year')]);
      expect(words(dir, 'soldiers')).toBe(2);
      await store.appendUpdate('drills', new Uint8Array([0, 0]), {
        claimIndex: [
          { claimId: 'c1', claim: null },
          { claimId: 'c2', claim: claim('c2', 'The ministry said on Tuesday that 140 aircraft flew') },
        ],
      });
      expect(words(dir, 'soldiers')).toBe(1);
      expect(words(dir, 'monday')).toBe(0);
      expect(await search(store, 'the ministry said on Tuesday that 140 aircraft flew')).toEqual(['c2']);
      await store.claimIndex.replace('drills', at, []);
      expect(words(dir, 'aircraft')).toBe(0);
      await store.deleteDocument('budget');
      expect(words(dir, 'soldiers')).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('drops the index of before as a data directory opens, and the documents are indexed again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'factmark-claim-words-before-'));
    const old = new Database(join(dir, 'factmark.sqlite'));
    old.exec(`
      CREATE TABLE documents (id TEXT PRIMARY KEY, title TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
      INSERT INTO documents VALUES ('drills', 'Drills', '${at}', '${at}');
      CREATE TABLE claim_index_docs (doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE, indexed_at TEXT NOT NULL);
      CREATE TABLE claim_index (doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, claim_id TEXT NOT NULL,
        statement TEXT NOT NULL, verdict TEXT NOT NULL, checked_at TEXT NOT NULL, PRIMARY KEY (doc_id, claim_id));
      CREATE VIRTUAL TABLE claim_fts USING fts5(statement, doc_id UNINDEXED, claim_id UNINDEXED);
      INSERT INTO claim_index_docs VALUES ('drills', '${at}');
      INSERT INTO claim_index VALUES ('drills', 'c1', 'More than 50,000 soldiers took part', 'False', '2026-11-03');
      INSERT INTO claim_fts VALUES ('More than 50,000 soldiers took part', 'drills', 'c1');
    `);
    old.close();
    const { store } = await storeWith([], dir);
    try {
      await store.setRole('drills', 'ada', 'editor');
      // Nothing of the old index is left, and the document is due to be read again.
      expect(await store.claimIndex.stale('ada')).toEqual([{ id: 'drills', updatedAt: at }]);
      expect(await store.claimIndex.indexed('drills')).toEqual([]);
      await store.claimIndex.replace('drills', at, [claim('c1', 'More than 50,000 soldiers took part')]);
      expect(await search(store, 'more than 50,000 soldiers took part')).toEqual(['c1']);
      expect(await store.claimIndex.stale('ada')).toEqual([]);
    } finally {
      await store.close();
    }
    // Opened again, the new index stays.
    const again = new SqliteStore(dir);
    try {
      expect(await again.claimIndex.indexed('drills')).toEqual([claim('c1', 'More than 50,000 soldiers took part')]);
    } finally {
      await again.close();
    }
  });
});
