/**
 * How the server writes to a live document (the document service's changes, source capture's records): one write
 * per document at a time, each made on a copy of the document under a client id recorded as the server's, stored
 * with what it records, and only then applied to the live document (as `STORED_ORIGIN`, so it is not stored
 * twice), which relays it to everyone connected.
 */
import * as Y from 'yjs';

/** Runs tasks one at a time per key (a document), in the order they came; tasks of other keys run meanwhile. */
export class PerKey {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Run `task` after the key's earlier tasks settled (whether or not they failed); its own result or failure. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const next = (this.tails.get(key) ?? Promise.resolve()).catch(() => {}).then(task);
    this.tails.set(key, next);
    const forget = () => {
      if (this.tails.get(key) === next) this.tails.delete(key);
    };
    // The caller gets `next` with its failure; the queue only needs to know it settled.
    next.then(forget, forget);
    return next;
  }
}

/** A copy of `live` to write on as `clientId` (the update it makes is then written under that id alone). */
export function writableCopy(live: Y.Doc, clientId: number): Y.Doc {
  const copy = new Y.Doc({ gc: false });
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(live));
  // Set after loading: Yjs gives a doc a new id when an update brings structs under its own.
  copy.clientID = clientId;
  return copy;
}
