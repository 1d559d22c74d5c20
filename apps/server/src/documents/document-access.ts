/**
 * The port the document service changes documents through, and its two
 * adapters: the live document (a Hocuspocus direct connection: everyone
 * connected receives the change, and it is stored like any other) and the
 * stored one (the update appended to the store: the command line on a data
 * directory, with the server stopped).
 */
import { docFromUpdates } from '@factmark/collab';
import type { Hocuspocus } from '@hocuspocus/server';
import * as Y from 'yjs';
import type { DocumentStore } from '../storage/store.ts';

/** Where the service reads and changes a document's Y.Doc. */
export interface DocumentAccess {
  /** The document's current state as one update. */
  state(documentId: string): Promise<Uint8Array>;
  /**
   * Run `change` on the document as one transaction and keep what it wrote.
   * `context` says why (it reaches the server's hooks and its log).
   */
  change<T>(documentId: string, context: Record<string, unknown>, change: (doc: Y.Doc) => T): Promise<T>;
}

/** The state the store holds for `documentId`, as one update. */
async function storedState(store: DocumentStore, documentId: string): Promise<Uint8Array> {
  const doc = docFromUpdates(await store.loadUpdates(documentId));
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return state;
}

/** Documents as the running server holds them: the live copy when loaded, changed through Hocuspocus. */
export class LiveDocuments implements DocumentAccess {
  constructor(
    private readonly store: DocumentStore,
    private readonly hocuspocus: Hocuspocus,
  ) {}

  state(documentId: string): Promise<Uint8Array> {
    const live = this.hocuspocus.documents.get(documentId);
    return live ? Promise.resolve(Y.encodeStateAsUpdate(live)) : storedState(this.store, documentId);
  }

  async change<T>(documentId: string, context: Record<string, unknown>, change: (doc: Y.Doc) => T): Promise<T> {
    const connection = await this.hocuspocus.openDirectConnection(documentId, context);
    let result: T | undefined;
    try {
      await connection.transact((doc) => {
        result = change(doc);
      });
    } finally {
      await connection.disconnect();
    }
    return result as T;
  }
}

/** Documents as the store holds them, with no server running: a change is appended as one update. */
export class StoredDocuments implements DocumentAccess {
  constructor(private readonly store: DocumentStore) {}

  state(documentId: string): Promise<Uint8Array> {
    return storedState(this.store, documentId);
  }

  async change<T>(documentId: string, _context: Record<string, unknown>, change: (doc: Y.Doc) => T): Promise<T> {
    const doc = docFromUpdates(await this.store.loadUpdates(documentId));
    const before = Y.encodeStateVector(doc);
    const result = change(doc);
    const update = Y.encodeStateAsUpdate(doc, before);
    if (update.length > 2) await this.store.appendUpdate(documentId, update);
    doc.destroy();
    return result;
  }
}
