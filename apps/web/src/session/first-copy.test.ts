/**
 * The server's copy applied unheard, against its oracle: whatever the page's document holds afterwards, its copy in
 * IndexedDB holds (the stored updates replayed give the same state) and the server holds once it has what the
 * provider sent (nothing the page wrote goes unsent) — with the copy itself never encoded a second time.
 */

import { MessageType } from '@hocuspocus/provider';
import fc from 'fast-check';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import { messageYjsSyncStep2, messageYjsUpdate } from 'y-protocols/sync';
import * as Y from 'yjs';
import { syncFrame } from '../test-support/sync-frames.ts';
import { applyServerCopiesUnheard } from './first-copy.ts';
import type { ProviderMessageListener } from './sync-messages.ts';

/** The provider as far as this concerns it: its message event, then the message applied; what it sends. */
class Provider {
  private listeners = new Set<ProviderMessageListener>();
  readonly sent: Uint8Array[] = [];
  boundDocumentUpdateHandler = (update: Uint8Array, origin: unknown) => {
    if (origin !== this) this.sent.push(update);
  };
  constructor(private readonly doc: Y.Doc) {}
  on(_event: 'message', listener: ProviderMessageListener) {
    this.listeners.add(listener);
  }
  off(_event: 'message', listener: ProviderMessageListener) {
    this.listeners.delete(listener);
  }
  /** As HocuspocusProvider.onMessage: the event with the socket's bytes, then the message applied. */
  receive(update: Uint8Array, syncType: number = messageYjsSyncStep2): void {
    this.hear(syncFrame(syncType, update));
    Y.applyUpdate(this.doc, update, this);
  }
  /** The message event alone. */
  hear(data: Uint8Array): void {
    for (const listener of this.listeners) listener({ event: { data } });
  }
}

/**
 * The copy in IndexedDB as far as this concerns it (y-indexeddb, patched): every update it is given once its
 * database is open, stored; once open, when it has read what the database held, what `_stateToStore` gives (by
 * default the whole document, encoded), and `synced`.
 */
class Store {
  readonly stored: Uint8Array[] = [];
  db: unknown;
  synced: boolean;
  /** How many times the whole document was encoded for `_stateToStore`. */
  wholeEncodings = 0;
  constructor(
    private readonly doc: Y.Doc,
    open: boolean,
  ) {
    this.db = open ? {} : null;
    this.synced = open;
  }
  _storeUpdate = (update: Uint8Array, origin: unknown) => {
    if (this.db && origin !== this) this.stored.push(update);
  };
  _stateToStore = () => {
    this.wholeEncodings++;
    return [Y.encodeStateAsUpdate(this.doc)];
  };
  /** The database opens (as y-indexeddb's constructor goes on once it has), then its updates are read. */
  open(): void {
    this.opened();
    this.read();
  }
  /** The database is open: what the store is given from now on, it stores. */
  opened(): void {
    this.db = {};
  }
  /** What the database held is read (y-indexeddb's fetchUpdates): what the document holds by then, stored first. */
  read(): void {
    this.stored.push(...this._stateToStore());
    this.synced = true;
  }
}

/** A page's document with its store and provider listening in the page's order, the copy applied unheard. */
function page(storeOpen = true) {
  const doc = new Y.Doc();
  const store = new Store(doc, storeOpen);
  const provider = new Provider(doc);
  doc.on('update', store._storeUpdate);
  doc.on('update', provider.boundDocumentUpdateHandler);
  // How many times Yjs encoded a transaction of the provider's for listeners.
  let encodedCopies = 0;
  doc.on('afterTransaction', (transaction: Y.Transaction) => {
    if (transaction.origin === provider && doc._observers.has('update')) encodedCopies++;
  });
  const stop = applyServerCopiesUnheard(provider, store, doc);
  return { doc, store, provider, stop, encodedCopies: () => encodedCopies };
}

const afterMicrotasks = () => new Promise((resolve) => setTimeout(resolve, 0));

/** The state of `updates` applied to an empty document. */
function replayed(updates: Uint8Array[]): string {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return JSON.stringify(doc.getText('t').toDelta()) + JSON.stringify(doc.getMap('m').toJSON());
}
const stateOf = (doc: Y.Doc) => JSON.stringify(doc.getText('t').toDelta()) + JSON.stringify(doc.getMap('m').toJSON());

describe("the server's copy applied unheard", () => {
  it('stores the bytes that arrived, encodes nothing again, and hears the next change as before', async () => {
    const server = new Y.Doc();
    server.getText('t').insert(0, 'More than 50,000 soldiers and 140 aircraft, the ministry said on Monday.');
    const { doc, store, provider, encodedCopies } = page();
    const copy = Y.encodeStateAsUpdate(server);
    provider.receive(copy);
    await afterMicrotasks();
    expect(encodedCopies()).toBe(0);
    expect(store.stored).toEqual([copy]);
    expect(provider.sent).toEqual([]);
    doc.getText('t').insert(0, 'NEW ');
    expect(provider.sent).toHaveLength(1);
    expect(store.stored).toHaveLength(2);
    expect(replayed(store.stored)).toBe(stateOf(doc));
  });

  it('gives a database that opens after the copy the bytes that arrived and what came after, encoding no copy', async () => {
    const server = new Y.Doc();
    server.getText('t').insert(0, 'more than 50,000 soldiers and 140 aircraft');
    const { doc, store, provider, encodedCopies } = page(false);
    doc.getText('t').observe((event) => {
      if (event.transaction.origin === provider) doc.transact(() => doc.getMap('m').set('repaired', true), 'repair');
    });
    const copy = Y.encodeStateAsUpdate(server);
    provider.receive(copy);
    await afterMicrotasks();
    doc.getText('t').insert(0, 'NEW ');
    expect(store.stored).toEqual([]);
    store.open();
    expect(encodedCopies()).toBe(0);
    // The copy's bytes as they arrived, then what came after them (the repair, the edit): not one whole encoding.
    expect(store.stored).toHaveLength(2);
    expect(store.stored[0]).toEqual(copy);
    expect(replayed(store.stored)).toBe(stateOf(doc));
    // Without the copy's bytes (a database that opens first, or a page that held something before), the default.
    const other = page(false);
    other.doc.getText('t').insert(0, 'the ministry said on Monday. ');
    other.provider.receive(copy);
    await afterMicrotasks();
    other.store.open();
    expect(other.store.stored).toHaveLength(1);
    expect(replayed(other.store.stored)).toBe(stateOf(other.doc));
  });

  it('stores a copy that arrives while an open database is being read once, not encoded again', async () => {
    const server = new Y.Doc();
    server.getText('t').insert(0, 'more than 50,000 soldiers and 140 aircraft');
    const { doc, store, provider, encodedCopies } = page(false);
    doc.getText('t').observe((event) => {
      if (event.transaction.origin === provider) doc.transact(() => doc.getMap('m').set('repaired', true), 'repair');
    });
    store.opened();
    const copy = Y.encodeStateAsUpdate(server);
    provider.receive(copy);
    await afterMicrotasks();
    doc.getText('t').insert(0, 'NEW ');
    store.read();
    expect(encodedCopies()).toBe(0);
    expect(store.wholeEncodings).toBe(0);
    // The copy's bytes as they arrived, the repair, the edit: each once.
    expect(store.stored[0]).toEqual(copy);
    expect(store.stored).toHaveLength(3);
    expect(replayed(store.stored)).toBe(stateOf(doc));
    // A page that held something before the copy came: the document's whole state, as y-indexeddb stores it.
    const other = page(false);
    other.store.opened();
    other.doc.getText('t').insert(0, 'the ministry said on Monday. ');
    other.provider.receive(copy);
    await afterMicrotasks();
    other.store.read();
    expect(other.store.wholeEncodings).toBe(1);
    expect(replayed(other.store.stored)).toBe(stateOf(other.doc));
  });

  it('leaves a copy into a document that holds something to the listeners: only what is new is stored', async () => {
    const server = new Y.Doc();
    server.getText('t').insert(0, 'more than 50,000 soldiers and 140 aircraft, the ministry said on Monday');
    const { doc, store, provider, encodedCopies } = page();
    // This browser's copy, loaded first (y-indexeddb applies it as its own, and does not store it again).
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(server), store);
    store.stored.length = 0;
    provider.sent.length = 0;
    const copy = Y.encodeStateAsUpdate(server);
    provider.receive(copy);
    await afterMicrotasks();
    // Nothing new: nothing stored (the bytes as they arrived would be the whole document again).
    expect(store.stored.reduce((n, u) => n + u.length, 0)).toBeLessThan(copy.length / 4);
    // Something new since: that, encoded by Yjs, is stored.
    server.getText('t').insert(0, 'NEW ');
    provider.receive(Y.encodeStateAsUpdate(server));
    await afterMicrotasks();
    expect(encodedCopies()).toBe(2);
    const held = new Y.Doc();
    Y.applyUpdate(held, Y.encodeStateAsUpdate(server));
    for (const update of store.stored) Y.applyUpdate(held, update);
    expect(stateOf(held)).toBe(stateOf(doc));
    expect(provider.sent).toEqual([]);
  });

  it('hands what an observer wrote in reaction to the copy to both listeners', async () => {
    const server = new Y.Doc();
    server.getText('t').insert(0, 'according to the Defense Ministry. Russian.');
    const { doc, store, provider } = page();
    // A reaction to the copy, in a transaction of its own (as a repair of the page would be).
    doc.getText('t').observe((event) => {
      if (event.transaction.origin === provider) doc.transact(() => doc.getMap('m').set('repaired', true), 'repair');
    });
    provider.receive(Y.encodeStateAsUpdate(server));
    await afterMicrotasks();
    expect(provider.sent).toHaveLength(1);
    for (const update of provider.sent) Y.applyUpdate(server, update);
    expect(stateOf(server)).toBe(stateOf(doc));
    expect(replayed(store.stored)).toBe(stateOf(doc));
  });

  it('leaves a message it cannot read to the provider, listeners in place', async () => {
    const { doc, store, provider } = page();
    // A sync step 2 cut short: its update's length says more bytes than there are.
    const encoder = encoding.createEncoder();
    encoding.writeVarString(encoder, 'doc');
    encoding.writeVarUint(encoder, MessageType.Sync);
    encoding.writeVarUint(encoder, messageYjsSyncStep2);
    encoding.writeVarUint(encoder, 1_000);
    const cut = encoding.toUint8Array(encoder);
    expect(() => provider.hear(cut)).not.toThrow();
    await afterMicrotasks();
    doc.getText('t').insert(0, 'more than 50,000 soldiers');
    expect(provider.sent).toHaveLength(1);
    expect(store.stored).toHaveLength(1);
  });

  it('leaves other messages to the listeners, and stops when told', async () => {
    const server = new Y.Doc();
    server.getText('t').insert(0, 'malicious or malicious cyber operations');
    const { store, provider, stop, encodedCopies } = page();
    provider.receive(Y.encodeStateAsUpdate(server), messageYjsUpdate);
    await afterMicrotasks();
    expect(encodedCopies()).toBe(1);
    expect(store.stored).toHaveLength(1);
    stop();
    server.getText('t').insert(0, 'A ');
    provider.receive(Y.encodeStateAsUpdate(server));
    await afterMicrotasks();
    expect(encodedCopies()).toBe(2);
    expect(store.stored).toHaveLength(2);
  });

  it('keeps the store and the server whole over random copies, local edits and reactions', async () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('server' as const), text: fc.string({ maxLength: 8 }) }),
      fc.record({ kind: fc.constant('local' as const), text: fc.string({ maxLength: 8 }) }),
      fc.record({
        kind: fc.constant('sync' as const),
        syncType: fc.constantFrom(messageYjsSyncStep2, messageYjsUpdate),
      }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { maxLength: 12 }),
        fc.boolean(),
        fc.option(fc.nat(12)),
        fc.nat(4),
        async (steps, reacts, opensAt, readAfter) => {
          const server = new Y.Doc();
          // The database open and read from the start, or opening before step `opensAt` (or after the last) and read
          // `readAfter` steps later (or after the last).
          const { doc, store, provider } = page(opensAt === null);
          const readsAt = opensAt === null ? null : opensAt + readAfter;
          if (reacts)
            doc.getText('t').observe((event) => {
              if (event.transaction.origin === provider)
                doc.transact(() => doc.getMap('m').set(`seen${doc.getMap('m').size}`, true), 'reaction');
            });
          for (const [i, s] of steps.entries()) {
            if (i === opensAt) store.opened();
            if (i === readsAt) store.read();
            if (s.kind === 'server') server.getText('t').insert(0, s.text);
            else if (s.kind === 'local') doc.getText('t').insert(doc.getText('t').length, s.text);
            else {
              provider.receive(Y.encodeStateAsUpdate(server, Y.encodeStateVector(doc)), s.syncType);
              await afterMicrotasks();
            }
          }
          if (store.db === null) store.opened();
          if (!store.synced) store.read();
          // The copy in IndexedDB: all of the page's document.
          expect(replayed(store.stored)).toBe(stateOf(doc));
          // The server, with what the provider sent: nothing of the page's document is missing from it.
          for (const update of provider.sent) Y.applyUpdate(server, update);
          const held = stateOf(server);
          Y.applyUpdate(server, Y.encodeStateAsUpdate(doc));
          expect(stateOf(server)).toBe(held);
        },
      ),
      { numRuns: 150 },
    );
  });
});
