/**
 * The port the document service changes documents through, and its two
 * adapters: the live document (the change made on a copy, stored with what it
 * records, then applied: everyone connected receives it) and the stored one
 * (the update appended to the store: the command line on a data directory,
 * with the server stopped). Either way a change records its audit trail,
 * notifications and webhook events in the same transaction as its update.
 */
import { bodiesJSON, bodyChangesSince, docFromUpdates, readTitle } from '@factmark/collab';
import type { Hocuspocus } from '@hocuspocus/server';
import * as Y from 'yjs';
import { STORED_ORIGIN } from '../persistence.ts';
import { PerKey, writableCopy } from '../server-writes.ts';
import type { DocumentStore, UpdateRecords } from '../storage/store.ts';
import { SERVER_WRITER } from '../sync/client-owners.ts';
import { recordsOf } from '../update-records.ts';
import type { EventActor, WebhookEventRecord } from '../webhooks/webhook-events.ts';
import { claimIndexChanges } from './judged-claims.ts';

/** Who makes a change through the service, and the events it sends besides those of the bodies it changed. */
export interface ChangeAuthor<T> {
  by: EventActor;
  /** E.g. a revision's `document.revised`, from the change's result. */
  events?: (result: T, document: { id: string; title: string }, at: string) => Omit<WebhookEventRecord, 'id'>[];
}

/** Where the service reads and changes a document's Y.Doc. */
export interface DocumentAccess {
  /** The document's current state as one update. */
  state(documentId: string): Promise<Uint8Array>;
  /**
   * Run `reader` on the document as it is now, and its answer. `reader` only reads, synchronously, and keeps no Yjs
   * type past its return: it may be given the live document itself (read in place, not encoded and decoded again).
   */
  read<T>(documentId: string, reader: (doc: Y.Doc) => T): Promise<T>;
  /**
   * Run `change` on the document as one transaction and keep what it wrote.
   * `context` says why (it reaches the server's log); with `author`, the change
   * records its audit trail, notifications and webhook events.
   */
  change<T>(
    documentId: string,
    context: Record<string, unknown>,
    change: (doc: Y.Doc) => T,
    author?: ChangeAuthor<T>,
  ): Promise<T>;
}

/**
 * `use`'s answer on a copy of the document the store holds for `documentId`, built for it and let go after: every
 * update stored so far, where the live document may not have applied the last one yet.
 */
export async function withStoredCopy<T>(store: DocumentStore, documentId: string, use: (doc: Y.Doc) => T): Promise<T> {
  const doc = docFromUpdates(await store.loadUpdates(documentId));
  try {
    return use(doc);
  } finally {
    doc.destroy();
  }
}

/** The state the store holds for `documentId`, as one update. */
function storedState(store: DocumentStore, documentId: string): Promise<Uint8Array> {
  return withStoredCopy(store, documentId, (doc) => Y.encodeStateAsUpdate(doc));
}

/** Run `change` on `doc`: its result, the update it made, and what that records (always its claim index changes). */
function changed<T>(
  doc: Y.Doc,
  documentId: string,
  change: (doc: Y.Doc) => T,
  author: ChangeAuthor<T> | undefined,
): { result: T; update: Uint8Array; records: UpdateRecords } {
  const vector = Y.encodeStateVector(doc);
  const bodies = bodiesJSON(doc);
  let result: T | undefined;
  doc.transact(() => {
    result = change(doc);
  });
  const update = Y.encodeStateAsUpdate(doc, vector);
  const changes = bodyChangesSince(bodies, doc);
  // A change without an author records nothing but what it does to the claim index.
  if (!author) return { result: result as T, update, records: { claimIndex: claimIndexChanges(changes) } };
  const at = new Date().toISOString();
  const document = { id: documentId, title: readTitle(doc) };
  const extra = author.events?.(result as T, document, at) ?? [];
  return { result: result as T, update, records: recordsOf(changes, author.by, document, at, extra) };
}

/** The client id this process writes the service's changes under (one per process, recorded as the server's). */
const SERVICE_CLIENT = new Y.Doc().clientID;

/** Documents as the running server holds them: changed on a copy, stored, then applied to the live document. */
export class LiveDocuments implements DocumentAccess {
  private readonly queue = new PerKey();

  /** @param persist stores an update with its records before it is applied (the persistence extension's) */
  constructor(
    private readonly store: DocumentStore,
    private readonly hocuspocus: Hocuspocus,
    private readonly persist: (documentId: string, update: Uint8Array, alongside: UpdateRecords) => Promise<void>,
  ) {}

  state(documentId: string): Promise<Uint8Array> {
    const live = this.hocuspocus.documents.get(documentId);
    return live ? Promise.resolve(Y.encodeStateAsUpdate(live)) : storedState(this.store, documentId);
  }

  /**
   * On the live document when the server has it in memory: reading it in place spares encoding it and building a
   * copy (at 5,000 annotations ≈ 0.3 s of the event loop, where every document's edits wait).
   */
  read<T>(documentId: string, reader: (doc: Y.Doc) => T): Promise<T> {
    const live = this.hocuspocus.documents.get(documentId);
    return live ? Promise.resolve().then(() => reader(live)) : withStoredCopy(this.store, documentId, reader);
  }

  /** Changes of one document run one at a time, each on a copy of the live document as it is then. */
  change<T>(
    documentId: string,
    context: Record<string, unknown>,
    change: (doc: Y.Doc) => T,
    author?: ChangeAuthor<T>,
  ): Promise<T> {
    return this.queue.run(documentId, () => this.changeNow(documentId, context, change, author));
  }

  private async changeNow<T>(
    documentId: string,
    context: Record<string, unknown>,
    change: (doc: Y.Doc) => T,
    author?: ChangeAuthor<T>,
  ): Promise<T> {
    const connection = await this.hocuspocus.openDirectConnection(documentId, context);
    try {
      const live = connection.document;
      if (!live) throw new Error(`The document "${documentId}" could not be opened`);
      const copy = writableCopy(live, SERVICE_CLIENT);
      const { result, update, records } = changed(copy, documentId, change, author);
      copy.destroy();
      if (update.length > 2) {
        await this.persist(documentId, update, {
          ...records,
          claims: [{ userId: SERVER_WRITER, clients: [SERVICE_CLIENT] }],
        });
        Y.applyUpdate(live, update, STORED_ORIGIN);
      }
      return result;
    } finally {
      await connection.disconnect();
    }
  }
}

/** Documents as the store holds them, with no server running: a change is appended as one update. */
export class StoredDocuments implements DocumentAccess {
  constructor(private readonly store: DocumentStore) {}

  state(documentId: string): Promise<Uint8Array> {
    return storedState(this.store, documentId);
  }

  read<T>(documentId: string, reader: (doc: Y.Doc) => T): Promise<T> {
    return withStoredCopy(this.store, documentId, reader);
  }

  async change<T>(
    documentId: string,
    _context: Record<string, unknown>,
    change: (doc: Y.Doc) => T,
    author?: ChangeAuthor<T>,
  ): Promise<T> {
    const { result, update, records } = await withStoredCopy(this.store, documentId, (doc) =>
      changed(doc, documentId, change, author),
    );
    if (update.length > 2) await this.store.appendUpdate(documentId, update, records);
    return result;
  }
}
