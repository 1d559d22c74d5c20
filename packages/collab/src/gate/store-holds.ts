/**
 * Whether a document already holds part of a change: a client's items up to a
 * clock, a range of them deleted. What lets the gate tell, without applying
 * it, that a change would change nothing there (Yjs would skip it too, after
 * decoding it in a transaction of its own).
 */
import * as Y from 'yjs';

/** True when `doc` has integrated every item `client` wrote below `clock`. */
export function holdsItems(doc: Y.Doc, client: number, clock: number): boolean {
  return clock <= Y.getState(doc.store, client);
}

/** True when `doc` holds the items `client` wrote at clocks [clock, clock + len), each of them deleted. */
export function holdsDeletion(doc: Y.Doc, client: number, clock: number, len: number): boolean {
  const known = doc.store.clients.get(client);
  if (!known || !holdsItems(doc, client, clock + len)) return false;
  for (let i = Y.findIndexSS(known, clock); i < known.length; i++) {
    const struct = known[i] as Y.Item | Y.GC;
    if (struct.id.clock >= clock + len) break;
    if (!struct.deleted) return false;
  }
  return true;
}

/** True when `doc` holds everything transaction `tr` (of another document) did: its new items and its deletions. */
export function holdsTransaction(doc: Y.Doc, tr: Y.Transaction): boolean {
  for (const [client, clock] of tr.afterState)
    if (clock !== (tr.beforeState.get(client) ?? 0) && !holdsItems(doc, client, clock)) return false;
  for (const [client, ranges] of tr.deleteSet.clients)
    for (const { clock, len } of ranges) if (!holdsDeletion(doc, client, clock, len)) return false;
  return true;
}
