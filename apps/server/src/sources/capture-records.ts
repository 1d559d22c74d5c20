/**
 * Writing a source's capture record into its document, stored before anyone
 * sees it: the change is made on a copy, the update stored (its client id
 * recorded as the server's, so no client can write under it), then applied
 * to the live document, which relays it to everyone connected.
 */
import { type CaptureRecord, forgetCapture, readCapture, sourceLibrary, writeCapture } from '@factmark/collab';
import type { Hocuspocus } from '@hocuspocus/server';
import * as Y from 'yjs';
import { STORED_ORIGIN } from '../persistence.ts';
import { PerKey, writableCopy } from '../server-writes.ts';
import type { DocumentStore, UpdateRecords } from '../storage/store.ts';
import { SERVER_WRITER } from '../sync/client-owners.ts';

/** What the capture worker reads and writes of a document. */
export interface CaptureRecords {
  /** The URL source `sourceId` has now, or null when the library holds no such source (or no such document). */
  sourceUrl(documentId: string, sourceId: string): Promise<string | null>;
  /**
   * Replace a source's record with what `change` makes of it (given the
   * record and the source's URL now); `change` returns null to leave it, and
   * `'forget'` to drop it. Changes of one document run one at a time.
   */
  update(
    documentId: string,
    sourceId: string,
    change: (record: CaptureRecord | null, url: string | null) => CaptureRecord | 'forget' | null,
  ): Promise<void>;
}

/** The URL a source has in `doc`, or null. */
export function sourceUrlIn(doc: Y.Doc, sourceId: string): string | null {
  const source = sourceLibrary(doc).get(sourceId);
  const url = source instanceof Y.Map ? source.get('url') : null;
  return typeof url === 'string' ? url : null;
}

/** The client id this process writes capture records under (one per process, recorded as the server's). */
const CAPTURE_CLIENT = new Y.Doc().clientID;

/** {@link CaptureRecords} on the running server's documents. */
export class LiveCaptureRecords implements CaptureRecords {
  private readonly queue = new PerKey();

  constructor(
    private readonly hocuspocus: () => Hocuspocus,
    private readonly store: DocumentStore,
    private readonly persist: (documentId: string, update: Uint8Array, alongside: UpdateRecords) => Promise<void>,
  ) {}

  async sourceUrl(documentId: string, sourceId: string): Promise<string | null> {
    if (!(await this.store.getDocument(documentId))) return null;
    return this.withDocument(documentId, async (doc) => sourceUrlIn(doc, sourceId));
  }

  update(
    documentId: string,
    sourceId: string,
    change: (record: CaptureRecord | null, url: string | null) => CaptureRecord | 'forget' | null,
  ): Promise<void> {
    return this.queue.run(documentId, async () => {
      if (!(await this.store.getDocument(documentId))) return;
      await this.withDocument(documentId, async (live) => {
        const outcome = change(readCapture(live, sourceId), sourceUrlIn(live, sourceId));
        if (outcome === null) return;
        const copy = writableCopy(live, CAPTURE_CLIENT);
        const before = Y.encodeStateVector(copy);
        if (outcome === 'forget') forgetCapture(copy, sourceId);
        else writeCapture(copy, sourceId, outcome);
        const update = Y.encodeStateAsUpdate(copy, before);
        copy.destroy();
        // A capture record changes no claim: the claim index stays current.
        await this.persist(documentId, update, {
          claims: [{ userId: SERVER_WRITER, clients: [CAPTURE_CLIENT] }],
          claimIndex: [],
        });
        Y.applyUpdate(live, update, STORED_ORIGIN);
      });
    });
  }

  /** Run `use` on the live document, loading it for the while when nobody has it open. */
  private async withDocument<T>(documentId: string, use: (doc: Y.Doc) => Promise<T>): Promise<T> {
    const connection = await this.hocuspocus().openDirectConnection(documentId, { capture: true });
    try {
      if (!connection.document) throw new Error(`The document "${documentId}" could not be opened`);
      return await use(connection.document);
    } finally {
      await connection.disconnect();
    }
  }
}
