/**
 * "Checked before": claims like this one that the desk already judged in its other documents, with their verdict,
 * date and document — found in the store's claim index, which is brought up to date, before every search, for the
 * documents the person may read that changed since they were last indexed (but the one searched from, which the
 * answer leaves out). Only those documents are searched.
 */

import { collapseWhitespace } from '@factmark/editor';
import { numberedClaims, readCheck } from '@factmark/interop';
import type * as Y from 'yjs';
import type { IndexedClaim, SimilarClaim } from '../storage/claim-index-store.ts';
import type { DocumentStore } from '../storage/store.ts';
import type { DocumentAccess } from './document-access.ts';

/** The longest text searched for (a claim's statement is at most 2,000 characters). */
const MAX_TEXT = 2_000;

/** The judged claims of a document: those with a verdict, dated by their check, else by their verdict. */
export function judgedClaims(doc: Y.Doc): IndexedClaim[] {
  return numberedClaims(readCheck(doc)).flatMap(({ body }) => {
    if (body.verdict === null) return [];
    const when = body.checkedBy?.verdict === body.verdict ? body.checkedBy.at : (body.verdictAt ?? body.updatedAt);
    const statement = collapseWhitespace(body.statement);
    return statement ? [{ claimId: body.id, statement, verdict: body.verdict, checkedAt: when.slice(0, 10) }] : [];
  });
}

/** Finds earlier checks of a claim across the documents a person may read. */
export class CheckedBefore {
  /** Documents being indexed now (two searches at once index a document once). */
  private readonly indexing = new Map<string, Promise<void>>();

  constructor(
    private readonly store: DocumentStore,
    private readonly documents: DocumentAccess,
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
        const claims = await this.documents.read(id, judgedClaims);
        await this.store.claimIndex.replace(id, updatedAt, claims);
      })().finally(() => this.indexing.delete(key));
      this.indexing.set(key, running);
    }
    return running;
  }
}
