/** The claim index on PostgreSQL (see claim-index-store.ts): pg_trgm's nearest-neighbour search over its GiST index finds, its similarity ranks. */
import type pg from 'pg';
import {
  type ClaimIndexChange,
  type ClaimIndexStore,
  type IndexedClaim,
  lastChanges,
  SIMILARITY_THRESHOLD,
  type SimilarClaim,
} from './claim-index-store.ts';
import { inTransaction } from './postgres-transaction.ts';

/** How many nearest claims of the whole desk are looked at (then kept only where the person may read them). */
const NEAREST = 500;

/** The columns of a claim found. */
const FOUND = `c.doc_id AS "documentId", d.title AS "documentTitle", c.claim_id AS "claimId", c.statement, c.verdict,
  c.checked_at AS "checkedAt", c.score`;

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
      await insertClaims(c, documentId, claims);
      await c.query(
        `INSERT INTO claim_index_docs (doc_id, indexed_at) VALUES ($1, $2)
         ON CONFLICT (doc_id) DO UPDATE SET indexed_at = excluded.indexed_at`,
        [documentId, updatedAt],
      );
    });
  }

  async indexed(documentId: string): Promise<IndexedClaim[]> {
    const { rows } = await this.pool.query<IndexedClaim>(
      `SELECT claim_id AS "claimId", statement, verdict, checked_at AS "checkedAt" FROM claim_index
       WHERE doc_id = $1 ORDER BY claim_id COLLATE "C"`,
      [documentId],
    );
    return rows;
  }

  /**
   * Bring document `documentId`'s index to its version `updatedAt` with `changes`, when it is at the document's
   * version before (see ClaimIndexStore), on `c`: the store's transaction appending the update, which holds the
   * document's row (so appends to one document follow one another) and has not touched its `updatedAt` yet.
   */
  async follow(
    c: pg.PoolClient,
    documentId: string,
    updatedAt: string,
    changes: readonly ClaimIndexChange[],
  ): Promise<void> {
    const advanced = await c.query(
      `UPDATE claim_index_docs SET indexed_at = $1
       WHERE doc_id = $2 AND indexed_at = (SELECT updated_at FROM documents WHERE id = $2)`,
      [updatedAt, documentId],
    );
    if (advanced.rowCount === 0) return;
    const last = lastChanges(changes);
    if (last.size === 0) return;
    await c.query('DELETE FROM claim_index WHERE doc_id = $1 AND claim_id = ANY($2::text[])', [
      documentId,
      [...last.keys()],
    ]);
    await insertClaims(
      c,
      documentId,
      [...last.values()].filter((claim) => claim !== null),
    );
  }

  async similar(
    userId: string,
    text: string,
    options: { excludeDocumentId: string; limit: number },
  ): Promise<SimilarClaim[]> {
    if (!/[\p{L}\p{N}]/u.test(text)) return [];
    const params = [userId, text, options.excludeDocumentId, SIMILARITY_THRESHOLD, options.limit];
    // The desk's nearest claims by the GiST index first (a scan that stops early), then those the person may read.
    const { rows } = await this.pool.query(
      `WITH nearest AS MATERIALIZED (
         SELECT doc_id, claim_id, statement, verdict, checked_at, public.similarity(statement, $2) AS score
         FROM claim_index WHERE doc_id <> $3
         ORDER BY statement OPERATOR(public.<->) $2 LIMIT ${NEAREST}
       ), bounds AS (SELECT count(*) AS looked, min(score) AS lowest FROM nearest)
       SELECT b.looked, b.lowest, r.* FROM bounds b LEFT JOIN LATERAL (
         SELECT ${FOUND} FROM nearest c
         JOIN documents d ON d.id = c.doc_id
         JOIN memberships m ON m.doc_id = c.doc_id AND m.user_id = $1
         WHERE c.score >= $4 ORDER BY c.score DESC, c.doc_id, c.claim_id LIMIT $5
       ) r ON true`,
      params,
    );
    const found = rows.filter((r) => r.documentId !== null);
    const first = rows[0] as { looked: string; lowest: number | null } | undefined;
    // Complete unless the nearest were all similar enough and too few readable among them: then every readable
    // claim is ranked (someone who reads few documents of a large desk of like claims).
    const complete =
      found.length >= options.limit ||
      Number(first?.looked ?? 0) < NEAREST ||
      Number(first?.lowest ?? 0) < SIMILARITY_THRESHOLD;
    const result = complete
      ? found
      : (
          await this.pool.query(
            `SELECT ${FOUND} FROM (
               SELECT c.*, public.similarity(c.statement, $2) AS score FROM claim_index c
               JOIN memberships m ON m.doc_id = c.doc_id AND m.user_id = $1
               WHERE c.doc_id <> $3 AND c.statement OPERATOR(public.%) $2
             ) c JOIN documents d ON d.id = c.doc_id
             WHERE c.score >= $4 ORDER BY c.score DESC, c.doc_id, c.claim_id LIMIT $5`,
            params,
          )
        ).rows;
    return result.map(({ looked: _l, lowest: _w, ...r }) => ({ ...r, score: Number(r.score) }) as SimilarClaim);
  }
}

/** Insert `claims` as document `documentId`'s, in one statement. */
async function insertClaims(c: pg.PoolClient, documentId: string, claims: readonly IndexedClaim[]): Promise<void> {
  if (claims.length === 0) return;
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
}
