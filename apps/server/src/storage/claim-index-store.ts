/**
 * The desk's index of judged claims, for "checked before": each document's claims that have a verdict, kept in the
 * store's database with the document version they were read from, and searched by similarity of their words —
 * SQLite's FTS5 (candidates) and PostgreSQL's full-text search and pg_trgm, both ranked by trigram similarity as
 * pg_trgm defines it — over the documents a person is a member of.
 */

import type { CheckedClaim } from '@factmark/api';

/** One judged claim of a document, as indexed. */
export interface IndexedClaim {
  claimId: string;
  statement: string;
  verdict: string;
  /** When it was checked (its second review), else when its verdict was given, YYYY-MM-DD. */
  checkedAt: string;
}

/**
 * What an update does to a document's judged claims: claim `claimId` is indexed as `claim`, or, with null, no longer
 * (its verdict was taken back, its body removed). The store applies these with the update itself (see
 * {@link ClaimIndexStore}).
 */
export interface ClaimIndexChange {
  claimId: string;
  claim: IndexedClaim | null;
}

/** Each claim's last change of `changes` (applied in order, the last one stands), by claim id. */
export function lastChanges(changes: readonly ClaimIndexChange[]): Map<string, IndexedClaim | null> {
  return new Map(changes.map(({ claimId, claim }) => [claimId, claim]));
}

/** A similar claim found in another document (the API's wire type). */
export type SimilarClaim = CheckedClaim;

/** The least similarity a claim must have to be shown (pg_trgm's default threshold). */
export const SIMILARITY_THRESHOLD = 0.3;

/**
 * The index, in the store's database. A document's claims are indexed at a version (its `updatedAt`); an update
 * appended to a document indexed at the version before it brings the index along in the same transaction (its
 * {@link ClaimIndexChange}s, see `UpdateRecords.claimIndex`), so the document stays indexed without being read again.
 * A document whose index is behind (never indexed, or changed while it was behind) is left for {@link stale} to find.
 */
export interface ClaimIndexStore {
  /** The documents `userId` may read whose claims were not indexed at their current version. */
  stale(userId: string): Promise<{ id: string; updatedAt: string }[]>;
  /** Replace document `documentId`'s claims with `claims`, read from its version `updatedAt`. */
  replace(documentId: string, updatedAt: string, claims: readonly IndexedClaim[]): Promise<void>;
  /** The claims indexed for document `documentId`, by claim id. */
  indexed(documentId: string): Promise<IndexedClaim[]>;
  /**
   * The claims most similar to `text` in the documents `userId` may read, `excludeDocumentId` left out, most similar
   * first, none below {@link SIMILARITY_THRESHOLD}.
   */
  similar(userId: string, text: string, options: { excludeDocumentId: string; limit: number }): Promise<SimilarClaim[]>;
}

/** pg_trgm's trigrams of `text`: each word (letters and digits, lower case) padded with two spaces before, one after. */
export function trigrams(text: string): Set<string> {
  const out = new Set<string>();
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    const padded = `  ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3));
  }
  return out;
}

/** pg_trgm's `similarity`: shared trigrams over all trigrams of both texts. */
export function trigramSimilarity(a: string, b: string): number {
  const x = trigrams(a);
  const y = trigrams(b);
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  for (const t of x) if (y.has(t)) shared++;
  return shared / (x.size + y.size - shared);
}

/** An FTS5 query matching any word of `text` (each quoted, so nothing in it is read as query syntax); null: none. */
export function anyWordQuery(text: string): string | null {
  const words = [...new Set(text.toLowerCase().match(/[\p{L}\p{N}]{2,}/gu) ?? [])].slice(0, 32);
  return words.length ? words.map((w) => `"${w}"`).join(' OR ') : null;
}
