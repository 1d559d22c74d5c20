/**
 * Each document's progress for the document list — claims checked of all, claims per verdict — read from the
 * document (in place when the server holds it) and kept until the document changes (the store's `updatedAt` moves
 * on every stored update), so listing documents reads each one once per change, not once per request.
 */
import { type CheckProgress, checkProgress, readCheck } from '@factmark/interop';
import type { DocumentMeta } from '../storage/store.ts';
import type { DocumentAccess } from './document-access.ts';

/** The progress of documents, read through `documents` and remembered per document and version of it. */
export class ProgressCache {
  private readonly known = new Map<string, { updatedAt: string; progress: CheckProgress }>();

  constructor(private readonly documents: DocumentAccess) {}

  /** The progress of the document `meta` names, as of its `updatedAt`. */
  async of(meta: DocumentMeta): Promise<CheckProgress> {
    const cached = this.known.get(meta.id);
    if (cached?.updatedAt === meta.updatedAt) return cached.progress;
    const progress = await this.documents.read(meta.id, (doc) => checkProgress(readCheck(doc)));
    this.known.set(meta.id, { updatedAt: meta.updatedAt, progress });
    return progress;
  }

  /** Forget a deleted document. */
  forget(documentId: string): void {
    this.known.delete(documentId);
  }
}
