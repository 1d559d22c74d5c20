/**
 * "Checked before": claims like this one that the desk already judged in its other documents, with their verdict,
 * date and document — found in the store's claim index. An accepted update brings the index along with the claims it
 * changed (judged-claims.ts, stored with the update); a document whose index is behind (never indexed, or
 * changed while behind) is read whole and reindexed before a search — only the documents the person may read, and not
 * the one searched from, which the answer leaves out.
 */

import { collapseWhitespace } from '@factmark/editor';
import type { IndexedClaim, SimilarClaim } from '../storage/claim-index-store.ts';
import type { DocumentStore } from '../storage/store.ts';
import { withStoredCopy } from './document-access.ts';
import { judgedClaims } from './judged-claims.ts';

/** The longest text searched for (a claim's statement is at most 2,000 characters). */
const MAX_TEXT = 2_000;

/** Finds earlier checks of a claim across the documents a person may read. */
export class CheckedBefore {
  /** Documents being indexed now (two searches at once index a document once). */
  private readonly indexing = new Map<string, Promise<void>>();

  /**
   * @param read a document's judged claims as stored: by default the store's copy, every stored update applied (a
   *   live document may not have applied the last one, and the index would then be marked current without it)
   */
  constructor(
    private readonly store: DocumentStore,
    private readonly read: (documentId: string) => Promise<IndexedClaim[]> = (id) =>
      withStoredCopy(store, id, judgedClaims),
  ) {}

  /** Claims like `text` that `userId` may read, outside document `documentId`, most similar first. */
  async similar(userId: string, documentId: string, text: string, limit = 5): Promise<SimilarClaim[]> {
    const wanted = collapseWhitespace(text).slice(0, MAX_TEXT);
    if (!wanted) return [];
    // The document asked from is left out of the answer, so it is not indexed for it: a claim's card asks as it
    // opens — on every claim marked there — and reading that document again each time held the server.
    const stale = (await this.store.claimIndex.stale(userId)).filter((d) => d.id !== documentId);
    await Promise.all(stale.map((d) => this.reindex(d.id, d.updatedAt)));
    return this.store.claimIndex.similar(userId, wanted, { excludeDocumentId: documentId, limit });
  }

  private reindex(id: string, updatedAt: string): Promise<void> {
    const key = `${id}@${updatedAt}`;
    let running = this.indexing.get(key);
    if (!running) {
      running = (async () => {
        // The version is read before the state: a change in between is indexed now and read again next time.
        const claims = await this.read(id);
        await this.store.claimIndex.replace(id, updatedAt, claims);
      })().finally(() => this.indexing.delete(key));
      this.indexing.set(key, running);
    }
    return running;
  }
}
