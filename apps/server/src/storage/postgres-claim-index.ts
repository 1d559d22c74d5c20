/** The claim index on PostgreSQL (see claim-index-store.ts): full-text search and pg_trgm find, pg_trgm's similarity ranks. */
import type pg from 'pg';
import {
  type ClaimIndexStore,
  type IndexedClaim,
  SIMILARITY_THRESHOLD,
  type SimilarClaim,
} from './claim-index-store.ts';
import { inTransaction } from './postgres-transaction.ts';

/** {@link ClaimIndexStore} on the PostgreSQL store's pool (pg_trgm lives in `public`, whatever the store's schema). */
export class PostgresClaimIndex implements ClaimIndexStore {
  constructor(private readonly pool: pg.Pool) {}

  async stale(userId: string): Promise<{ id: string; updatedAt: string }[]> {
    const { rows } = await this.pool.query(
      `SELECT d.id, d.updated_at AS "updatedAt" FROM documents d
       JOIN memberships m ON m.doc_id = d.id AND m.user_id = $1
       LEFT JOIN claim_index_docs i ON i.doc_id = d.id
       WHERE i.indexed_at IS NULL OR i.indexed_at <> d.updated_at`,
      [userId],
    );
    return rows;
  }

  async replace(documentId: string, updatedAt: string, claims: readonly IndexedClaim[]): Promise<void> {
    await inTransaction(this.pool, async (c) => {
      await c.query('DELETE FROM claim_index WHERE doc_id = $1', [documentId]);
      if (claims.length > 0)
        await c.query(
          `INSERT INTO claim_index (doc_id, claim_id, statement, verdict, checked_at)
           SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[])`,
          [
            documentId,
            claims.map((x) => x.claimId),
            claims.map((x) => x.statement),
            claims.map((x) => x.verdict),
            claims.map((x) => x.checkedAt),
          ],
        );
      await c.query(
        `INSERT INTO claim_index_docs (doc_id, indexed_at) VALUES ($1, $2)
         ON CONFLICT (doc_id) DO UPDATE SET indexed_at = excluded.indexed_at`,
        [documentId, updatedAt],
      );
    });
  }

  async similar(
    userId: string,
    text: string,
    options: { excludeDocumentId: string; limit: number },
  ): Promise<SimilarClaim[]> {
    if (!/[\p{L}\p{N}]/u.test(text)) return [];
    const { rows } = await this.pool.query(
      `SELECT * FROM (
         SELECT c.doc_id AS "documentId", d.title AS "documentTitle", c.claim_id AS "claimId", c.statement, c.verdict,
                c.checked_at AS "checkedAt", public.similarity(c.statement, $2) AS score
         FROM claim_index c
         JOIN documents d ON d.id = c.doc_id
         JOIN memberships m ON m.doc_id = c.doc_id AND m.user_id = $1
         WHERE c.doc_id <> $3
           AND (c.statement OPERATOR(public.%) $2
                OR to_tsvector('simple', c.statement) @@ plainto_tsquery('simple', $2))
       ) found
       WHERE score >= $4
       ORDER BY score DESC, "documentId", "claimId"
       LIMIT $5`,
      [userId, text, options.excludeDocumentId, SIMILARITY_THRESHOLD, options.limit],
    );
    return rows.map((r) => ({ ...r, score: Number(r.score) }));
  }
}
