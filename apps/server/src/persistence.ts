/** The persistence extension of Hocuspocus: loads a document from its stored updates and stores every update before it is applied. */
import { migrateBodies, readTitle, titleChangedBy } from '@factmark/collab';
import { Connection, type Extension } from '@hocuspocus/server';
import type { Logger } from 'pino';
import * as Y from 'yjs';
import type { DocumentStore, UpdateRecords } from './storage/store.ts';

/** The transaction origin @hocuspocus/extension-redis gives updates from other instances. */
export const REDIS_ORIGIN = '__hocuspocus__redis__origin__';
/** The origin of server updates stored before they were applied (capture records): not stored again. */
export const STORED_ORIGIN = 'factmark:stored';

/**
 * Hocuspocus extension that loads documents from the store, stores updates
 * that did not come from a client (clients' updates are stored by the sync
 * gate before they are applied: see {@link storeIncoming}), keeps the title in
 * the metadata and compacts a document's log every `compactEvery` updates.
 * Only documents created through the API exist: connecting to an unknown name
 * fails instead of creating an empty document.
 */
export function persistence(
  store: DocumentStore,
  log: Logger,
  onStored: (seconds: number) => void = () => {},
  compactEvery = 500,
): Extension & {
  storeIncoming: (documentName: string, update: Uint8Array, alongside?: UpdateRecords) => Promise<void>;
} {
  const sinceCompaction = new Map<string, number>();
  const compacting = new Set<string>();

  /** Count a stored update and compact in the background when enough have piled up. */
  function counted(documentName: string): void {
    sinceCompaction.set(documentName, (sinceCompaction.get(documentName) ?? 0) + 1);
    compactWhenDue(documentName);
  }

  /** One compaction of a document at a time; updates stored while it runs count toward the next, started after it. */
  function compactWhenDue(documentName: string): void {
    if ((sinceCompaction.get(documentName) ?? 0) < compactEvery || compacting.has(documentName)) return;
    sinceCompaction.set(documentName, 0);
    compacting.add(documentName);
    setImmediate(() => {
      store
        .compact(documentName)
        .then(
          (merged) => log.debug({ documentName, merged }, 'compacted'),
          (error: unknown) => log.error({ err: error, documentName }, 'compaction failed'),
        )
        .finally(() => {
          compacting.delete(documentName);
          compactWhenDue(documentName);
        });
    });
  }

  async function storeUpdate(documentName: string, update: Uint8Array, alongside?: UpdateRecords): Promise<void> {
    const started = performance.now();
    await store.appendUpdate(documentName, update, alongside);
    onStored((performance.now() - started) / 1000);
    counted(documentName);
  }

  return {
    storeIncoming: storeUpdate,
    async onLoadDocument({ documentName, document }) {
      const meta = await store.getDocument(documentName);
      if (!meta) throw new Error(`There is no document "${documentName}"`);
      applyStoredLog(document, await store.loadUpdates(documentName));
      for (const update of migrated(document)) await storeUpdate(documentName, update);
    },
    async afterLoadDocument({ documentName, document }) {
      let title = readTitle(document);
      document.on('update', (update: Uint8Array, origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
        // Clients' updates were stored by the gate; updates from other instances (Redis) by theirs; capture records first.
        if (!(origin instanceof Connection) && origin !== REDIS_ORIGIN && origin !== STORED_ORIGIN) {
          storeUpdate(documentName, update).catch((error: unknown) =>
            log.error({ err: error, documentName }, 'failed to store an update'),
          );
        }
        // Read again only when the update may have changed it (not on every keystroke in the body).
        if (!titleChangedBy(document, transaction)) return;
        const next = readTitle(document);
        if (next !== title) {
          title = next;
          store.setTitle(documentName, next).catch((error: unknown) => {
            log.error({ err: error, documentName }, 'failed to store the title');
          });
        }
      });
    },
  };
}

/**
 * Apply a document's stored log to `document`: one transaction for the whole log (far faster than Y.mergeUpdates on
 * long logs), heard by nobody — the document has no connection yet, and a listener would make Yjs encode the whole
 * state it just read.
 */
function applyStoredLog(document: Y.Doc, updates: readonly Uint8Array[]): void {
  if (updates.length === 0) return;
  unheard(document, () =>
    document.transact(() => {
      for (const update of updates) Y.applyUpdate(document, update, 'storage');
    }, 'storage'),
  );
}

/**
 * Bring a document of an earlier body layout (plain prose fields, three anchor fields) up to date, once, before any
 * client sees it; the updates that did it, to store.
 */
function migrated(document: Y.Doc): Uint8Array[] {
  const migration: Uint8Array[] = [];
  const capture = (update: Uint8Array) => migration.push(update);
  document.on('update', capture);
  try {
    migrateBodies(document, 'migration');
  } finally {
    document.off('update', capture);
  }
  return migration;
}

/**
 * Run `change` on `doc` with its update listeners set aside, so that Yjs does not encode the change as an update
 * (it does for every transaction that has a listener: a whole document's worth when the change is its load). Yjs has
 * no public way to list a document's listeners; they are lib0's `_observers`, checked by `persistence.test.ts`.
 */
export function unheard(doc: Y.Doc, change: () => void): void {
  const observers = (doc as unknown as { _observers?: Map<string, unknown> })._observers;
  const listeners = observers?.get('update');
  observers?.delete('update');
  try {
    change();
  } finally {
    if (listeners !== undefined) observers?.set('update', listeners);
  }
}
