/**
 * The server's copy of a document, applied without Yjs encoding it a second time.
 *
 * After each (re)connection the server sends what the page lacks as one sync message (sync step 2): the whole
 * document when the page has no copy yet. Yjs encodes every transaction again for its `update` listeners, and a
 * page has two: the provider, which sends the page's own changes and drops the server's, and the copy in IndexedDB,
 * which stores the bytes. For the server's copy into an empty document that encoding is as large as the document
 * (≈ 0.1 s of a 5,000-annotation open) and serves neither: the copy in IndexedDB can store the bytes that arrived.
 * So, for that one message, the two listeners are set aside — Yjs then encodes nothing — the arrived bytes go to
 * IndexedDB, and the listeners are back before anything else runs. A copy into a document that holds something
 * (this browser's copy, loaded first) is left to the listeners: Yjs hands them only what is new in it.
 *
 * When the copy arrives before IndexedDB's database is open (a first open, often), y-indexeddb would store the whole
 * document encoded once it opens (≈ 0.1 s of a 200,000-character open): it is given the bytes that arrived instead,
 * with what came after them. When the copy arrives after the database opened but before y-indexeddb has read what it
 * holds (it reads, then stores the document's state as it is then), the bytes are stored at once and that read
 * stores nothing more: everything the document holds came after the database opened and is stored as it came (at
 * 5,000 annotations the whole state encoded again was a third of a second of the open, now and then). Should
 * anything else change the document while the listeners were aside (an observer writing in reaction to the copy),
 * what it wrote is encoded from the state before it and handed to both, so nothing goes unsent or unstored.
 */
import { messageYjsSyncStep2 } from 'y-protocols/sync';
import * as Y from 'yjs';
import { type ProviderMessageListener, readSyncMessage, type WatchedProvider } from './sync-messages.ts';

/**
 * What this needs of the copy in IndexedDB (y-indexeddb, patched): its listener, which stores what it is given once
 * its database is open (`db`; before, it stores nothing); what it stores, once the database is open and before it
 * applies what the database held, for what the document holds by then (`_stateToStore`: by default the whole state,
 * encoded); and whether it has done so (`synced`).
 */
export interface CopyStore {
  _storeUpdate: (update: Uint8Array, origin: unknown) => void;
  db: unknown;
  synced: boolean;
  _stateToStore: () => Uint8Array[];
}

/**
 * From now on, apply each sync step 2 `provider` receives for `doc` with the provider's and `store`'s update
 * listeners set aside (see the module's comment). Returns the function that stops it.
 */
export function applyServerCopiesUnheard(provider: WatchedProvider, store: CopyStore, doc: Y.Doc): () => void {
  const onMessage: ProviderMessageListener = ({ event }) => {
    // Bytes that are not a sync message are left to the provider, which says what is wrong with them.
    const message = readSyncMessage(event.data);
    if (message?.syncType !== messageYjsSyncStep2) return;
    const update = message.bytes;
    // Only a copy into an empty document is all new. Into one that holds something (this browser's copy, loaded
    // first), Yjs hands the listeners what is new in it, often nothing; stored as they arrived, the bytes would store
    // the whole document again at each open.
    if (doc.store.clients.size !== 0) return;
    const listeners = [store._storeUpdate, provider.boundDocumentUpdateHandler];
    for (const listener of listeners) doc.off('update', listener);
    // The state before the first change made by anyone but the provider while the listeners are aside.
    let before: Uint8Array | null = null;
    const watch = (transaction: Y.Transaction) => {
      if (transaction.origin !== provider && before === null) before = Y.encodeStateVector(doc);
    };
    doc.on('beforeTransaction', watch);
    // The provider applies the message right after this event, synchronously: a microtask runs once it has.
    queueMicrotask(() => {
      doc.off('beforeTransaction', watch);
      for (const listener of listeners) doc.on('update', listener);
      if (store.db === null) {
        // The database is not open yet (a first open often gets the server's copy before it): when it opens, it
        // stores the bytes that arrived and what came after them, instead of the whole document encoded again.
        const after = before ?? Y.encodeStateVector(doc);
        store._stateToStore = () => [update, Y.encodeStateAsUpdate(doc, after)];
      } else {
        store._storeUpdate(update, provider);
        // Open, and still reading what it held: the document was empty when it opened, and all it holds since is
        // stored as it came (the copy just now), so there is nothing more to store for it.
        if (!store.synced) store._stateToStore = () => [];
      }
      if (before !== null) {
        const missed = Y.encodeStateAsUpdate(doc, before);
        for (const listener of listeners) listener(missed, null);
      }
    });
  };
  provider.on('message', onMessage);
  return () => provider.off('message', onMessage);
}
