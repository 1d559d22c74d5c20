/**
 * What an update did, as Yjs itself reports it: the structs it integrated
 * (with their real parents and content), the items it deleted, and whether it
 * left anything pending. Read from the transaction that applied the update to
 * a trial copy, before Yjs collects the deleted content.
 */
import * as Y from 'yjs';

// biome-ignore lint/suspicious/noExplicitAny: Yjs types are generic over their event type.
type AnyType = Y.AbstractType<any>;

/** Where a struct sits in the document's layout. */
export interface Location {
  /** The root type's name (a key of `doc.share`), or null for a struct with no parent (GC). */
  root: string | null;
  /** How many types lie between the root and the struct's parent (0: the struct sits in the root itself). */
  depth: number;
  /** The key of the ancestor directly under the root (a body or source id), when it has one. */
  topKey: string | null;
  /** The struct's direct parent type. */
  parent: AnyType | null;
}

/** One struct the update added or deleted, with where it is. */
export interface Touched {
  item: Y.Item;
  /** The item's content when the update was applied (Yjs replaces deleted content right after). */
  content: Y.Item['content'];
  where: Location;
}

/** The effects of one update on the trial copy. */
export interface Effects {
  /** Items the update integrated and that are still visible after it. */
  inserted: Touched[];
  /** Items the update integrated as already deleted (tombstones, overwritten map values, children of deleted types). */
  insertedDeleted: Touched[];
  /** Items that existed before and that the update deleted. */
  deleted: Touched[];
  /**
   * Items whose neighbours belong to another type than the parent they name: Yjs links a struct that
   * reuses a known clock range after its left neighbour, wherever that is, but keeps the parent it names.
   */
  misplaced: number;
  /** Client ids under which the update integrated structs (items or GC ranges). */
  clients: Set<number>;
  /**
   * Clock ranges the update integrated as garbage: content its sender created and deleted in the same
   * transaction (Yjs collects it before encoding, e.g. formatting y-prosemirror writes and cleans up at once).
   */
  collected: { client: number; clock: number; length: number }[];
  /** True when the update left structs or deletions pending (they refer to what the document does not have). */
  pendingAdded: boolean;
  /** The client ids whose clocks the newly pending deletions name. */
  pendingDeleteClients: Set<number>;
}

const GATE_ORIGIN = Symbol('factmark-gate');

function rootNames(doc: Y.Doc): Map<AnyType, string> {
  const out = new Map<AnyType, string>();
  for (const [name, type] of doc.share) out.set(type, name);
  return out;
}

function locate(item: Y.Item, roots: Map<AnyType, string>): Location {
  const parent = item.parent as AnyType | null;
  if (!parent || !(parent instanceof Y.AbstractType)) return { root: null, depth: 0, topKey: null, parent: null };
  let depth = 0;
  let topKey: string | null = item.parentSub;
  let type: AnyType = parent;
  while (type._item) {
    depth++;
    topKey = type._item.parentSub;
    type = type._item.parent as AnyType;
  }
  return { root: roots.get(type) ?? null, depth, topKey, parent };
}

function misplaced(item: Y.Item): boolean {
  for (const neighbour of [item.left, item.right]) {
    if (neighbour && (neighbour.parent !== item.parent || neighbour.parentSub !== item.parentSub)) return true;
  }
  return false;
}

/**
 * The type in `doc` that `type` (a nested type of the trial copy) is the copy of — found by the id of the
 * item that created it — or null when the update created it, or `doc` has it deleted.
 */
export function typeBefore<T extends AnyType>(doc: Y.Doc, type: T): T | null {
  const id = type._item?.id;
  if (!id) return null;
  try {
    const item = Y.getItem(doc.store, id);
    return item instanceof Y.Item && item.content instanceof Y.ContentType && !item.deleted
      ? (item.content.type as T)
      : null;
  } catch {
    return null;
  }
}

function pendingBytes(doc: Y.Doc): { structs: Uint8Array | null; ds: Uint8Array | null } {
  return { structs: doc.store.pendingStructs?.update ?? null, ds: doc.store.pendingDs };
}

function sameBytes(a: Uint8Array | null, b: Uint8Array | null): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Apply `update` to `copy` and report what Yjs did. Throws what Yjs throws on
 * bytes it cannot read (the copy must then be dropped).
 */
export function applyAndRead(copy: Y.Doc, update: Uint8Array): Effects {
  const before = pendingBytes(copy);
  const effects: Effects = {
    inserted: [],
    insertedDeleted: [],
    deleted: [],
    misplaced: 0,
    clients: new Set(),
    collected: [],
    pendingAdded: false,
    pendingDeleteClients: new Set(),
  };
  const read = (tr: Y.Transaction) => {
    if (tr.origin !== GATE_ORIGIN) return;
    const roots = rootNames(copy);
    for (const [client, after] of tr.afterState) {
      const from = tr.beforeState.get(client) ?? 0;
      if (after <= from) continue;
      effects.clients.add(client);
      const structs = copy.store.clients.get(client) ?? [];
      for (let i = Y.findIndexSS(structs, from); i < structs.length; i++) {
        const s = structs[i];
        if (!s || s.id.clock >= after) break;
        if (s instanceof Y.GC) effects.collected.push({ client, clock: s.id.clock, length: s.length });
        if (!(s instanceof Y.Item)) continue;
        if (misplaced(s)) effects.misplaced++;
        const touched = { item: s, content: s.content, where: locate(s, roots) };
        (s.deleted ? effects.insertedDeleted : effects.inserted).push(touched);
      }
    }
    Y.iterateDeletedStructs(tr, tr.deleteSet, (s) => {
      if (!(s instanceof Y.Item)) return;
      // Items the update itself added and deleted are reported as insertedDeleted.
      if (s.id.clock >= (tr.beforeState.get(s.id.client) ?? 0)) return;
      effects.deleted.push({ item: s, content: s.content, where: locate(s, roots) });
    });
  };
  copy.on('afterTransaction', read);
  try {
    Y.applyUpdate(copy, update, GATE_ORIGIN);
  } finally {
    copy.off('afterTransaction', read);
  }
  const after = pendingBytes(copy);
  if (!sameBytes(before.structs, after.structs)) effects.pendingAdded = after.structs !== null;
  if (!sameBytes(before.ds, after.ds) && after.ds) {
    effects.pendingAdded = true;
    for (const client of Y.decodeUpdateV2(after.ds).ds.clients.keys()) effects.pendingDeleteClients.add(client);
  }
  return effects;
}
