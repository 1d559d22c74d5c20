/**
 * Orphans: items a copy holds under a client id another user owns, which the
 * server lacks. The server relays an update before storing it (see
 * `gate-extension.ts`); if it stops between the two, the colleagues who saw
 * the update hold its items, and the sync that follows their reconnection
 * sends them, beside their own. The gate may not take them as the sender's
 * (only the owner writes under a client id) nor refuse the sender's own work
 * for them: it judges what the sender wrote now, without them, and judges the
 * rest once the owner's copy has brought them back.
 */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

/** A clock beyond any client's: a state vector entry that makes `Y.diffUpdate` leave out all of a client's items. */
const BEYOND = Number.MAX_SAFE_INTEGER;

/**
 * The client ids under which `update` writes items `doc` lacks and that
 * `owners` gives to another user than `userId`, each with the clock the
 * update reaches, when they start where the server's items end, as a sync
 * sends them (anything else under another's id is no copy of theirs: the
 * gate refuses it). Empty for a malformed update (the gate reports it).
 */
export function orphansOf(
  doc: Y.Doc,
  update: Uint8Array,
  owners: ReadonlyMap<number, string>,
  userId: string,
): Map<number, number> {
  const orphans = new Map<number, number>();
  let meta: ReturnType<typeof Y.parseUpdateMeta>;
  try {
    meta = Y.parseUpdateMeta(update);
  } catch {
    return orphans;
  }
  for (const [client, to] of meta.to) {
    const owner = owners.get(client);
    if (owner === undefined || owner === userId) continue;
    const has = Y.getState(doc.store, client);
    if (to > has && meta.from.get(client) === has) orphans.set(client, to);
  }
  return orphans;
}

type Struct = ReturnType<typeof Y.decodeUpdate>['structs'][number];
type DeleteItems = Map<number, { clock: number; len: number }[]>;

/** The ids an item needs before Yjs can integrate it: its neighbours when written, and its parent when an item. */
function needs(struct: Struct): Y.ID[] {
  if (!(struct instanceof Y.Item)) return [];
  const ids = [struct.origin, struct.rightOrigin];
  if (struct.parent instanceof Y.ID) ids.push(struct.parent);
  return ids.filter((id): id is Y.ID => id !== null);
}

/**
 * Of each client's structs (in clock order, none below `clocks`), how many
 * Yjs would integrate now: a struct needs its own client's previous one and
 * the items it names, in the document or before it in the update; the first
 * that lacks one stops its client (Yjs keeps the rest pending).
 */
function integrable(
  byClient: Map<number, Struct[]>,
  clocks: Map<number, number>,
): { taken: Map<number, number>; reached: Map<number, number> } {
  const reached = new Map(clocks);
  const taken = new Map<number, number>([...byClient.keys()].map((c) => [c, 0]));
  const has = (id: Y.ID) => id.clock < (reached.get(id.client) ?? 0);
  for (let progress = true; progress; ) {
    progress = false;
    for (const [client, structs] of byClient) {
      let i = taken.get(client) as number;
      while (i < structs.length) {
        const struct = structs[i] as Struct;
        if (struct instanceof Y.Skip || struct.id.clock !== (reached.get(client) ?? 0)) break;
        if (!needs(struct).every(has)) break;
        reached.set(client, struct.id.clock + struct.length);
        i++;
        progress = true;
      }
      taken.set(client, i);
    }
  }
  return { taken, reached };
}

/** An update in Yjs' V1 encoding, written as Yjs writes one: clients in descending order. */
function encodeUpdate(byClient: Map<number, Struct[]>, deletions: DeleteItems): Uint8Array {
  const encoder = new Y.UpdateEncoderV1();
  const clients = [...byClient].filter(([, structs]) => structs.length > 0).sort((a, b) => b[0] - a[0]);
  encoding.writeVarUint(encoder.restEncoder, clients.length);
  for (const [client, structs] of clients) {
    encoding.writeVarUint(encoder.restEncoder, structs.length);
    encoder.writeClient(client);
    encoding.writeVarUint(encoder.restEncoder, (structs[0] as Struct).id.clock);
    for (const struct of structs) struct.write(encoder, 0);
  }
  const deleted = [...deletions].filter(([, items]) => items.length > 0).sort((a, b) => b[0] - a[0]);
  encoding.writeVarUint(encoder.restEncoder, deleted.length);
  for (const [client, items] of deleted) {
    encoder.resetDsCurVal();
    encoding.writeVarUint(encoder.restEncoder, client);
    encoding.writeVarUint(encoder.restEncoder, items.length);
    for (const { clock, len } of items) {
      encoder.writeDsClock(clock);
      encoder.writeDsLen(len);
    }
  }
  return encoder.toUint8Array();
}

/**
 * What of `update` the sender may be judged on now: without the items it
 * writes under the `orphans` client ids, nor what builds on them (Yjs would
 * keep it pending, to integrate with the owner's update and be judged as
 * theirs), nor deletions of items the server would still lack (they would
 * wait in Yjs as well). Null when the update cannot be cut so (the gate
 * then judges it only whole, after the wait).
 */
export function withoutOrphans(
  doc: Y.Doc,
  update: Uint8Array,
  orphans: ReadonlyMap<number, number>,
): Uint8Array | null {
  const clocks = Y.decodeStateVector(Y.encodeStateVector(doc));
  const leaveOut = new Map(clocks);
  for (const client of orphans.keys()) leaveOut.set(client, BEYOND);
  try {
    // What the server has already, and the orphans, left out by Yjs itself; then what builds on the orphans.
    const { structs, ds } = Y.decodeUpdate(Y.diffUpdate(update, Y.encodeStateVector(leaveOut)));
    const byClient = new Map<number, Struct[]>();
    for (const struct of structs) {
      const list = byClient.get(struct.id.client) ?? [];
      list.push(struct);
      byClient.set(struct.id.client, list);
    }
    const { taken, reached } = integrable(byClient, clocks);
    for (const [client, count] of taken) byClient.set(client, (byClient.get(client) as Struct[]).slice(0, count));
    const deletions: DeleteItems = new Map();
    for (const [client, items] of ds.clients) {
      const has = reached.get(client) ?? 0;
      deletions.set(
        client,
        items
          .filter((item) => item.clock < has)
          .map((item) => ({ clock: item.clock, len: Math.min(item.len, has - item.clock) })),
      );
    }
    return encodeUpdate(byClient, deletions);
  } catch {
    return null;
  }
}

/** Resolves true once `doc` holds every client's items up to its clock in `orphans`, false after `ms` or when destroyed. */
export function whenHolds(doc: Y.Doc, orphans: ReadonlyMap<number, number>, ms: number): Promise<boolean> {
  const holds = () => [...orphans].every(([client, to]) => Y.getState(doc.store, client) >= to);
  if (holds()) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (result: boolean) => {
      clearTimeout(timer);
      doc.off('update', check);
      doc.off('destroy', gone);
      resolve(result);
    };
    const check = () => {
      if (holds()) done(true);
    };
    const gone = () => done(false);
    const timer = setTimeout(() => done(false), ms);
    doc.on('update', check);
    doc.on('destroy', gone);
  });
}
