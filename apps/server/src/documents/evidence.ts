/**
 * The evidence a document's sources were captured as: a snapshot is read
 * only through a document whose capture records name it (a member of one
 * document never reads another's by guessing a hash), and the publish check
 * is given the captured text of every source it verifies excerpts against.
 */
import { readCapture, readSources, snapshotHashes } from '@factmark/collab';
import { FactmarkError } from '@factmark/editor';
import type { Check } from '@factmark/interop';
import type { Snapshot } from '../storage/capture-store.ts';
import type { DocumentStore } from '../storage/store.ts';
import type { DocumentAccess } from './document-access.ts';

/** Snapshots as the documents that cite them reach them. */
export class Evidence {
  constructor(
    private readonly store: DocumentStore,
    private readonly documents: DocumentAccess,
  ) {}

  /** Snapshot `hash` when a capture record of the document names it, else null. */
  async snapshot(documentId: string, hash: string): Promise<Snapshot | null> {
    const named = await this.documents.read(documentId, (doc) => snapshotHashes(doc).has(hash));
    return named ? this.store.captures.getSnapshot(hash) : null;
  }

  /**
   * The URL of a source that has been captured (what a health check fetches); refused in words when the
   * library has no such source or its URL has no capture yet.
   */
  async capturedSource(documentId: string, sourceId: string): Promise<string> {
    const { source, record } = await this.documents.read(documentId, (doc) => ({
      source: readSources(doc).get(sourceId),
      record: readCapture(doc, sourceId),
    }));
    if (!source) throw new FactmarkError('not_found', 'That source is not in the library');
    if (!record?.capture || record.url !== source.url)
      throw new FactmarkError(
        'not_captured',
        `“${source.title}” has not been captured yet: wait for its capture first`,
      );
    return source.url;
  }

  /** Put the captured text of each source's capture into `check.evidence`. */
  async fill(check: Check): Promise<void> {
    for (const record of check.captures.values()) {
      const hash = record.capture?.hash;
      if (!hash || check.evidence.has(hash)) continue;
      const snapshot = await this.store.captures.getSnapshot(hash);
      if (snapshot) check.evidence.set(hash, snapshot.text);
    }
  }
}
