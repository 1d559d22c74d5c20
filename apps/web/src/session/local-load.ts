/**
 * What this browser's copy loads into the document reaches the server only as far as the server lacks it.
 *
 * y-indexeddb applies the stored copy to the page's document as one update of its own, and the provider sends every
 * update that is not its own. On a returning open whose stored copy loads before the server's copy is applied (the
 * boot's socket holds the server's answer until the editor is drawn, and a large copy arrives after the server's
 * first sync step), that update is the whole document: at 5,000 annotations 2.6 MB went up on every open, past the
 * server's message limit, which closed the connection, and the page was ready only once a new one had synced (1.5 s
 * later). The server needs only what it lacks, and the sync says what that is. Before the provider has heard the
 * server's first sync step, the stored copy's updates are not handed to it: its answer to that step sends the
 * page's document minus the server's state vector. After, they are handed to it minus that state vector (Yjs'
 * `diffUpdate`): what was changed here and never sent, or nothing but deletions.
 */
import { messageYjsSyncStep1 } from 'y-protocols/sync';
import * as Y from 'yjs';
import { type ProviderMessageListener, readSyncMessage, type WatchedProvider } from './sync-messages.ts';

/**
 * From now on, hand `provider` the updates `local` (the copy in this browser) applies to `doc` only as far as the
 * server lacks them, by the state vector of the server's last first sync step (see the module's comment): its
 * listener of the document's updates is replaced by one that does so. Returns the function that stops it.
 */
export function sendLocalLoadsThroughSync(provider: WatchedProvider, local: object, doc: Y.Doc): () => void {
  const send = provider.boundDocumentUpdateHandler;
  let server: Uint8Array | null = null;
  let stopped = false;
  const filtered = (update: Uint8Array, origin: unknown) => {
    if (origin !== local || stopped) return send(update, origin);
    // Not yet: the provider's answer to the server's first step will carry it.
    if (server === null) return;
    send(Y.diffUpdate(update, server), origin);
  };
  const onMessage: ProviderMessageListener = ({ event }) => {
    // The provider answers it right after this event, with everything the document holds beyond it.
    const message = readSyncMessage(event.data);
    if (message?.syncType === messageYjsSyncStep1) server = message.bytes;
  };
  doc.off('update', send);
  doc.on('update', filtered);
  // The provider takes its listener off the document by this name when it is destroyed.
  provider.boundDocumentUpdateHandler = filtered;
  provider.on('message', onMessage);
  return () => {
    stopped = true;
    provider.off('message', onMessage);
  };
}
