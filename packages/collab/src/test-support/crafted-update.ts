/**
 * Hand-made Yjs updates (encoding v1), struct by struct: what an attacker
 * writes without Yjs's help — reused clock ranges, items placed only by their
 * neighbours or naming any parent, GC and skip ranges, delete sets over clocks
 * nobody has written yet, any content type.
 */
import * as encoding from 'lib0/encoding';

/** A Yjs id: [client, clock]. */
export type Id = [number, number];

/** The content of a crafted item. */
export type CraftedContent =
  | { string: string }
  | { format: [string, unknown] }
  | { any: unknown[] }
  | { deleted: number }
  | { binary: Uint8Array }
  | { embed: Record<string, unknown> }
  | { doc: string }
  | { type: 'array' | 'map' | 'text' | 'xmlFragment' | 'xmlText' }
  | { type: 'xmlElement' | 'xmlHook'; name: string };

/** One struct of a crafted update. */
export type CraftedStruct =
  | {
      client: number;
      clock: number;
      origin?: Id | null;
      rightOrigin?: Id | null;
      /** Written only when the item has neither origin: a root type's name or the id of the item holding the type. */
      parent?: string | Id;
      parentSub?: string | null;
      content: CraftedContent;
    }
  | { client: number; clock: number; gc: number }
  | { client: number; clock: number; skip: number };

function lengthOf(s: CraftedStruct): number {
  if ('gc' in s) return s.gc;
  if ('skip' in s) return s.skip;
  const c = s.content;
  if ('string' in c) return c.string.length;
  if ('any' in c) return c.any.length;
  if ('deleted' in c) return c.deleted;
  return 1;
}

const TYPE_REFS = { array: 0, map: 1, text: 2, xmlElement: 3, xmlFragment: 4, xmlHook: 5, xmlText: 6 };

function writeContent(e: encoding.Encoder, c: CraftedContent): void {
  if ('deleted' in c) encoding.writeVarUint(e, c.deleted);
  else if ('binary' in c) encoding.writeVarUint8Array(e, c.binary);
  else if ('string' in c) encoding.writeVarString(e, c.string);
  else if ('embed' in c) encoding.writeVarString(e, JSON.stringify(c.embed));
  else if ('format' in c) {
    encoding.writeVarString(e, c.format[0]);
    encoding.writeVarString(e, JSON.stringify(c.format[1]));
  } else if ('type' in c) {
    encoding.writeVarUint(e, TYPE_REFS[c.type]);
    if ('name' in c) encoding.writeVarString(e, c.name);
  } else if ('any' in c) {
    encoding.writeVarUint(e, c.any.length);
    for (const v of c.any) encoding.writeAny(e, v as never);
  } else if ('doc' in c) {
    encoding.writeVarString(e, c.doc);
    encoding.writeAny(e, {});
  }
}

function contentRef(c: CraftedContent): number {
  if ('deleted' in c) return 1;
  if ('binary' in c) return 3;
  if ('string' in c) return 4;
  if ('embed' in c) return 5;
  if ('format' in c) return 6;
  if ('type' in c) return 7;
  if ('any' in c) return 8;
  return 9;
}

function writeStruct(e: encoding.Encoder, s: CraftedStruct): void {
  if ('gc' in s) {
    encoding.writeUint8(e, 0);
    encoding.writeVarUint(e, s.gc);
    return;
  }
  if ('skip' in s) {
    encoding.writeUint8(e, 10);
    encoding.writeVarUint(e, s.skip);
    return;
  }
  const origin = s.origin ?? null;
  const right = s.rightOrigin ?? null;
  const sub = origin === null && right === null ? (s.parentSub ?? null) : null;
  encoding.writeUint8(e, contentRef(s.content) | (origin ? 0x80 : 0) | (right ? 0x40 : 0) | (sub !== null ? 0x20 : 0));
  for (const id of [origin, right]) {
    if (!id) continue;
    encoding.writeVarUint(e, id[0]);
    encoding.writeVarUint(e, id[1]);
  }
  if (origin === null && right === null) {
    const parent = s.parent ?? 'article';
    if (typeof parent === 'string') {
      encoding.writeVarUint(e, 1);
      encoding.writeVarString(e, parent);
    } else {
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint(e, parent[0]);
      encoding.writeVarUint(e, parent[1]);
    }
    if (sub !== null) encoding.writeVarString(e, sub);
  }
  writeContent(e, s.content);
}

/**
 * Encode `structs` and a delete set (`[client, clock, length]` ranges) as a
 * v1 update. Structs of one client are sorted by clock; a gap between them
 * is filled with a skip, as Yjs itself would.
 */
export function craftUpdate(structs: CraftedStruct[], deletes: [number, number, number][] = []): Uint8Array {
  const e = encoding.createEncoder();
  const byClient = new Map<number, CraftedStruct[]>();
  for (const s of structs) byClient.set(s.client, [...(byClient.get(s.client) ?? []), s]);
  encoding.writeVarUint(e, byClient.size);
  for (const [client, list] of byClient) {
    list.sort((a, b) => a.clock - b.clock);
    const filled: CraftedStruct[] = [];
    let clock = list[0]?.clock ?? 0;
    for (const s of list) {
      if (s.clock > clock) filled.push({ client, clock, skip: s.clock - clock });
      filled.push(s);
      clock = Math.max(clock, s.clock + lengthOf(s));
    }
    encoding.writeVarUint(e, filled.length);
    encoding.writeVarUint(e, client);
    encoding.writeVarUint(e, list[0]?.clock ?? 0);
    for (const s of filled) writeStruct(e, s);
  }
  const ds = new Map<number, [number, number][]>();
  for (const [client, clock, len] of deletes) ds.set(client, [...(ds.get(client) ?? []), [clock, len]]);
  encoding.writeVarUint(e, ds.size);
  for (const [client, ranges] of ds) {
    encoding.writeVarUint(e, client);
    encoding.writeVarUint(e, ranges.length);
    for (const [clock, len] of ranges) {
      encoding.writeVarUint(e, clock);
      encoding.writeVarUint(e, len);
    }
  }
  return encoding.toUint8Array(e);
}
