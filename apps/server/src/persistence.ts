import { readTitle } from '@factmark/collab';
import type { Extension } from '@hocuspocus/server';
import type { Logger } from 'pino';
import * as Y from 'yjs';
import type { DocumentStore } from './storage/store.ts';

/**
 * Hocuspocus extension that loads documents from the store and appends every
 * update to it. Only documents created through the API exist: connecting to an
 * unknown name fails instead of creating an empty document.
 *
 * The update listener runs synchronously inside the Yjs transaction's update
 * event, so with the SQLite store the update is on disk before the server
 * acknowledges it to the sender.
 */
export function persistence(
  store: DocumentStore,
  log: Logger,
  onStored: (seconds: number) => void = () => {},
): Extension {
  return {
    async onLoadDocument({ documentName, document }) {
      const meta = await store.getDocument(documentName);
      if (!meta) throw new Error(`There is no document "${documentName}"`);
      const updates = await store.loadUpdates(documentName);
      if (updates.length > 0) Y.applyUpdate(document, Y.mergeUpdates(updates), 'storage');
    },
    async afterLoadDocument({ documentName, document }) {
      let title = readTitle(document);
      document.on('update', (update: Uint8Array) => {
        const started = performance.now();
        store.appendUpdate(documentName, update).then(
          () => onStored((performance.now() - started) / 1000),
          (error: unknown) => log.error({ err: error, documentName }, 'failed to store an update'),
        );
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
