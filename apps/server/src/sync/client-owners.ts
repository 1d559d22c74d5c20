/**
 * Which user each Yjs client id of a document writes as. A client id belongs
 * to the first user who writes under it or announces their presence with it;
 * ids already in a document when the server loads it, and the server's own,
 * belong to the server. Kept in the
 * store with the document, cached per loaded document.
 */
import type { Document } from '@hocuspocus/server';
import * as Y from 'yjs';
import type { DocumentStore } from '../storage/store.ts';

/** The owner recorded for client ids the server itself wrote, or found in a document with no owner. */
export const SERVER_WRITER = '(server)';

/** The client ids `update` writes under; none for bytes Yjs cannot read (the gate reports those). */
export function clientsWrittenBy(update: Uint8Array): number[] {
  try {
    return [...Y.parseUpdateMeta(update).to.keys()];
  } catch {
    return [];
  }
}

export class ClientOwners {
  private readonly cache = new WeakMap<Document, Promise<Map<number, string>>>();

  constructor(private readonly store: DocumentStore) {}

  /** Start loading a document's owners (giving the server every client id in it that nobody owns yet). */
  load(document: Document): Promise<Map<number, string>> {
    let loading = this.cache.get(document);
    if (!loading) {
      loading = this.read(document);
      this.cache.set(document, loading);
      // A failed load is retried by the next update rather than kept.
      loading.catch(() => this.cache.delete(document));
    }
    return loading;
  }

  private async read(document: Document): Promise<Map<number, string>> {
    const owners = await this.store.clientOwners(document.name);
    const unowned = [...document.store.clients.keys(), document.clientID].filter((c) => !owners.has(c));
    if (unowned.length > 0) {
      await this.store.claimClients(document.name, unowned, SERVER_WRITER);
      for (const c of unowned) owners.set(c, SERVER_WRITER);
    }
    return owners;
  }

  /**
   * The owners of `document`, current for every client id `update` writes
   * under (another server instance may have recorded one meanwhile).
   */
  async for(document: Document, update: Uint8Array): Promise<Map<number, string>> {
    const owners = await this.load(document);
    for (const client of clientsWrittenBy(update)) {
      if (owners.has(client)) continue;
      for (const [c, user] of await this.store.clientOwners(document.name)) owners.set(c, user);
      break;
    }
    return owners;
  }

  /**
   * Give `clients` to `userId` at once in `owners` (the map {@link ClientOwners.for}
   * gave the gate), when the gate accepts the update that writes under them,
   * so that a colleague's update judged before this one is stored cannot take
   * them too. The store records them with the update's batch; if storing
   * fails, {@link ClientOwners.forget}.
   */
  static reserve(owners: Map<number, string>, clients: readonly number[], userId: string): void {
    for (const c of clients) if (!owners.has(c)) owners.set(c, userId);
  }

  /** Drop what is known of a document's owners (reserved ids whose update was not stored); read again when next needed. */
  forget(document: Document): void {
    this.cache.delete(document);
  }
}
