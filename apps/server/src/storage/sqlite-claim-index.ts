/** The claim index on SQLite (see claim-index-store.ts): FTS5 finds candidates by their words, trigram similarity ranks them. */
import type Database from 'better-sqlite3';
import {
  anyWordQuery,
  type ClaimIndexChange,
  type ClaimIndexStore,
  type IndexedClaim,
  lastChanges,
  SIMILARITY_THRESHOLD,
  type SimilarClaim,
  trigramSimilarity,
} from './claim-index-store.ts';

/** How many FTS5 candidates (best bm25 first) are ranked by similarity. */
const CANDIDATES = 200;

/**
 * Drop the claim index of before, when `db` has it: its words were a table beside the claims, deleted by document and
 * claim id with a scan of the whole table (a change to a thousand claims took seconds). The index is derived: every
 * document is left to be read and indexed again by the next search. Runs before the store's tables are created.
 */
export function dropClaimIndexOfBefore(db: Database.Database): void {
  if (!db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'claim_fts'").get()) return;
  db.transaction(() => {
    db.exec('DROP TABLE claim_fts; DROP TABLE claim_index; DELETE FROM claim_index_docs;');
  }).immediate();
}

/** {@link ClaimIndexStore} on the SQLite store's connection. */
export class SqliteClaimIndex implements ClaimIndexStore {
  private readonly stmts;

  constructor(private readonly db: Database.Database) {
    this.stmts = {
      stale: db.prepare(
        `SELECT d.id, d.updated_at AS updatedAt FROM documents d
         JOIN memberships m ON m.doc_id = d.id AND m.user_id = ?
         LEFT JOIN claim_index_docs i ON i.doc_id = d.id
         WHERE i.indexed_at IS NULL OR i.indexed_at <> d.updated_at`,
      ),
      clear: db.prepare('DELETE FROM claim_index WHERE doc_id = ?'),
      delete: db.prepare('DELETE FROM claim_index WHERE doc_id = ? AND claim_id = ?'),
      indexed: db.prepare(
        `SELECT claim_id AS claimId, statement, verdict, checked_at AS checkedAt FROM claim_index
         WHERE doc_id = ? ORDER BY claim_id`,
      ),
      advance: db.prepare(
        `UPDATE claim_index_docs SET indexed_at = ?
         WHERE doc_id = ? AND indexed_at = (SELECT updated_at FROM documents WHERE id = ?)`,
      ),
      insert: db.prepare(
        'INSERT INTO claim_index (doc_id, claim_id, statement, verdict, checked_at) VALUES (?, ?, ?, ?, ?)',
      ),
      mark: db.prepare(
        `INSERT INTO claim_index_docs (doc_id, indexed_at) VALUES (?, ?)
         ON CONFLICT (doc_id) DO UPDATE SET indexed_at = excluded.indexed_at`,
      ),
      search: db.prepare(
        `SELECT c.doc_id AS documentId, d.title AS documentTitle, c.claim_id AS claimId, c.statement, c.verdict,
                c.checked_at AS checkedAt
         FROM claim_words f
         JOIN claim_index c ON c.seq = f.rowid
         JOIN documents d ON d.id = c.doc_id
         JOIN memberships m ON m.doc_id = c.doc_id AND m.user_id = ?
         WHERE claim_words MATCH ? AND c.doc_id <> ?
         ORDER BY bm25(claim_words) LIMIT ${CANDIDATES}`,
      ),
    };
  }

  async stale(userId: string): Promise<{ id: string; updatedAt: string }[]> {
    return this.stmts.stale.all(userId) as { id: string; updatedAt: string }[];
  }

  async replace(documentId: string, updatedAt: string, claims: readonly IndexedClaim[]): Promise<void> {
    this.db
      .transaction(() => {
        this.stmts.clear.run(documentId);
        for (const c of claims) this.insert(documentId, c);
        this.stmts.mark.run(documentId, updatedAt);
      })
      .immediate();
  }

  async indexed(documentId: string): Promise<IndexedClaim[]> {
    return this.stmts.indexed.all(documentId) as IndexedClaim[];
  }

  /**
   * Bring document `documentId`'s index to its version `updatedAt` with `changes`, when it is at the document's
   * version before (see ClaimIndexStore). Runs inside the store's transaction that appends the update, before the
   * update touches the document's `updatedAt`.
   */
  follow(documentId: string, updatedAt: string, changes: readonly ClaimIndexChange[]): void {
    if (this.stmts.advance.run(updatedAt, documentId, documentId).changes === 0) return;
    for (const [claimId, claim] of lastChanges(changes)) {
      this.stmts.delete.run(documentId, claimId);
      if (claim) this.insert(documentId, claim);
    }
  }

  private insert(documentId: string, c: IndexedClaim): void {
    this.stmts.insert.run(documentId, c.claimId, c.statement, c.verdict, c.checkedAt);
  }

  async similar(
    userId: string,
    text: string,
    options: { excludeDocumentId: string; limit: number },
  ): Promise<SimilarClaim[]> {
    const query = anyWordQuery(text);
    if (!query) return [];
    const rows = this.stmts.search.all(userId, query, options.excludeDocumentId) as Omit<SimilarClaim, 'score'>[];
    return rows
      .map((row) => ({ ...row, score: trigramSimilarity(text, row.statement) }))
      .filter((row) => row.score >= SIMILARITY_THRESHOLD)
      .sort((a, b) => b.score - a.score)
      .slice(0, options.limit);
  }
}
