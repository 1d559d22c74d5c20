/**
 * How an annotation body is laid out in its Y.Map, kept small because a
 * document holds thousands of them: a field at its default is not stored, the
 * fields no one may change are one entry, and the anchors are one packed
 * field. Reading fills it all back in, so every reader (the gate, the app,
 * the exports) sees whole bodies.
 */
import * as Y from 'yjs';
import { ANCHORS_FIELD, LEGACY_ANCHOR_FIELDS, packAnchors, unpackAnchors } from './anchors.ts';
import {
  type AnnotationBody,
  ARRAY_FIELDS,
  annotationBodySchema,
  FIXED_FIELDS,
  isTextField,
  type Message,
  messageToYMap,
} from './bodies.ts';
import { annotationBodies, type BodyMap } from './layout.ts';

/**
 * What each kind's fields read when they are not stored. A new body leaves
 * out every field at its default; a write of a field stores it, whatever its
 * value. (The prose fields, the thread and the sources are stored even when
 * empty: they are collaborative types that colleagues' first additions must
 * meet in, not race to create.)
 */
export const FIELD_DEFAULTS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  claim: {
    verdict: null,
    status: 'draft',
    assignee: null,
    claimant: null,
    claimDate: null,
    appearances: [],
    firstAppearance: null,
    verdictBy: null,
    verdictAt: null,
    checkedBy: null,
  },
  citation: { claimId: null },
  correction: { state: 'proposed', decidedBy: null, decidedAt: null },
  comment: { resolved: false, resolvedBy: null, resolvedAt: null },
};

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** {@link FIELD_DEFAULTS} as each kind's list of entries, made once (a document reads thousands of bodies). */
const DEFAULT_ENTRIES = new Map(Object.entries(FIELD_DEFAULTS).map(([kind, fields]) => [kind, Object.entries(fields)]));

/**
 * The body field that holds the fields no one may change once the body exists
 * (its kind, quote, author and creation time; the gate refuses a change to any
 * of them) as one plain array: `[kind, quote, authorId, authorName, createdAt]`,
 * the time as milliseconds since 1970 when that reads back as the same ISO
 * string, else the string. One entry instead of four saves three map entries'
 * keys and headers and the author's field names: about 100 bytes of the
 * document's state per annotation.
 */
export const FIXED_FIELD = 'fixed';
/** True for a field {@link FIXED_FIELD} holds (one of {@link FIXED_FIELDS}). */
const isFixedKey = (key: string) => (FIXED_FIELDS as readonly string[]).includes(key);
type Fixed = { kind: string; quote: string; author: { id: string; name: string }; createdAt: string };

/** The fixed fields of `body` as one value, or null when they are not all there in their shape. */
function packFixed(body: Record<string, unknown>): unknown[] | null {
  const { kind, quote, author, createdAt } = body;
  const { id, name } = (author ?? {}) as { id?: unknown; name?: unknown };
  if (![kind, quote, id, name, createdAt].every((v) => typeof v === 'string')) return null;
  const ms = Date.parse(createdAt as string);
  const exact = Number.isFinite(ms) && new Date(ms).toISOString() === createdAt;
  return [kind, quote, id, name, exact ? ms : createdAt];
}

/** The fixed fields packed in `value`, or null when it is not such a value. */
function unpackFixed(value: unknown): Fixed | null {
  if (!Array.isArray(value) || value.length !== 5) return null;
  const [kind, quote, id, name, time] = value as unknown[];
  if (![kind, quote, id, name].every((v) => typeof v === 'string')) return null;
  // 8.64e15 ms is the last time a Date can hold.
  const createdAt =
    typeof time === 'string'
      ? time
      : Number.isInteger(time) && Math.abs(time as number) <= 8.64e15
        ? new Date(time as number).toISOString()
        : null;
  if (createdAt === null) return null;
  return { kind, quote, author: { id, name }, createdAt } as Fixed;
}

/** A body's kind as stored (in its fixed fields, or on its own in documents from before); undefined when it has none. */
export function bodyKind(map: BodyMap): string | undefined {
  const fixed = map.get(FIXED_FIELD);
  const kind = map.get('kind') ?? (Array.isArray(fixed) ? fixed[0] : undefined);
  return typeof kind === 'string' ? kind : undefined;
}

/**
 * True when `key` need not be stored for `body`: its id (the map's key in the
 * annotations map), the last change while it is the creation itself, a verdict's giver who is the claim's author,
 * a field at its kind's default, an absent review.
 */
function implied(body: Record<string, unknown>, key: string, value: unknown): boolean {
  if (key === 'id') return true;
  if (key === 'updatedAt') return value === body.createdAt;
  if (key === 'updatedBy') return same(value, body.author);
  if (key === 'review') return value === null;
  // A verdict given by the claim's author (the usual case, and claims from before): its giver is not stored.
  if (key === 'verdictBy') return body.kind === 'claim' && body.verdict != null && same(value, body.author);
  const defaults = FIELD_DEFAULTS[String(body.kind)];
  return defaults !== undefined && key in defaults && same(defaults[key], value);
}

/** Build the Y.Map for a new, already validated body: the fields it needs, nothing implied. */
export function bodyToYMap(body: AnnotationBody): BodyMap {
  const map = new Y.Map<unknown>();
  const fields = body as Record<string, unknown>;
  const fixed = packFixed(fields);
  if (fixed) map.set(FIXED_FIELD, fixed);
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || implied(fields, key, value)) continue;
    if (fixed && isFixedKey(key)) continue;
    if ((LEGACY_ANCHOR_FIELDS as readonly string[]).includes(key)) continue;
    if (key === 'thread') map.set(key, Y.Array.from((value as Message[]).map(messageToYMap)));
    else if (ARRAY_FIELDS.has(key)) map.set(key, Y.Array.from(value as never[]));
    else if (isTextField(key) && typeof value === 'string') map.set(key, new Y.Text(value));
    else map.set(key, value);
  }
  const { anchorStart, anchorEnd, anchorSv } = body;
  if (anchorStart && anchorEnd && anchorSv) map.set(ANCHORS_FIELD, packAnchors({ anchorStart, anchorEnd, anchorSv }));
  return map;
}

/** What {@link bodyJSON} reads besides a body's own fields. */
export interface BodyJSONOptions {
  /**
   * The packed anchors unpacked into `anchorStart`, `anchorEnd` and `anchorSv` (the default): what the gate and
   * the server's comparisons of bodies need. Readers that show bodies leave them out: three typed arrays a body,
   * thousands of them on an open, for a span's upkeep that reads them from the map itself (`readAnchors`).
   */
  anchors?: boolean;
}

/**
 * A body's fields (Y.Arrays as arrays, messages as objects, Y.Text as
 * strings), the fixed ones and the implied ones filled in, the anchors
 * unpacked (unless `options` leaves them out); not validated. A fixed field
 * also stored on its own reads as stored on its own (so a write of one is
 * seen, and judged, as a change); a {@link FIXED_FIELD} that does not unpack
 * stays, under its name, for the gate to refuse. `id` defaults to the map's
 * key in the annotations map.
 */
export function bodyJSON(map: BodyMap, id?: string, options: BodyJSONOptions = {}): Record<string, unknown> {
  // The packed fields are set aside, not copied and then deleted: a deletion turns the object into a slow
  // dictionary, which every later read of the body (the validation first) pays for, thousands of times on an open.
  const out: Record<string, unknown> = {};
  let packedFixed: unknown;
  let packedAnchors: unknown;
  const anchors = options.anchors !== false;
  map.forEach((value, key) => {
    if (key === FIXED_FIELD) packedFixed = value;
    else if (key === ANCHORS_FIELD) packedAnchors = value;
    else if (!anchors && LEGACY_ANCHOR_FIELDS.includes(key as never)) return;
    else out[key] = value instanceof Y.Array ? value.toJSON() : value instanceof Y.Text ? value.toString() : value;
  });
  if (packedFixed !== undefined) {
    const fixed = unpackFixed(packedFixed);
    if (fixed) {
      for (const key of FIXED_FIELDS) if (out[key] === undefined) out[key] = fixed[key];
    } else out[FIXED_FIELD] = packedFixed;
  }
  const key = id ?? map._item?.parentSub ?? undefined;
  if (out.id === undefined && key !== undefined) out.id = key;
  if (out.updatedAt === undefined && out.createdAt !== undefined) out.updatedAt = out.createdAt;
  if (out.updatedBy === undefined && out.author !== undefined) out.updatedBy = out.author;
  if (out.kind === 'claim' && out.verdictBy === undefined && out.verdict != null) out.verdictBy = out.author;
  for (const [field, value] of DEFAULT_ENTRIES.get(String(out.kind)) ?? [])
    if (out[field] === undefined) out[field] = value;
  if (packedAnchors !== undefined && anchors) {
    const unpacked = unpackAnchors(packedAnchors);
    if (unpacked) Object.assign(out, unpacked);
  }
  return out;
}

/** One field of a body as {@link bodyJSON} reads it: stored on its own, else among the fixed fields, else its kind's default. */
export function bodyField(map: BodyMap, key: string): unknown {
  const value = map.get(key);
  if (value !== undefined) return value;
  if (isFixedKey(key)) return unpackFixed(map.get(FIXED_FIELD))?.[key as keyof Fixed];
  return FIELD_DEFAULTS[String(bodyKind(map))]?.[key];
}

/** The result of reading a body: valid, or the reason it is not. */
export type BodyRead = { ok: true; body: AnnotationBody } | { ok: false; id: string; error: string };

/**
 * Read and validate the body stored under `id`, as its readers see it: without its anchors (see
 * {@link BodyJSONOptions.anchors}); never throws.
 */
export function readBody(doc: Y.Doc, id: string): BodyRead | null {
  const map = annotationBodies(doc).get(id);
  if (map === undefined) return null;
  if (!(map instanceof Y.Map)) return { ok: false, id, error: 'body: not a map' };
  const parsed = annotationBodySchema.safeParse(bodyJSON(map, id, { anchors: false }));
  if (parsed.success) return { ok: true, body: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, id, error: `${issue?.path.join('.') || 'body'}: ${issue?.message}` };
}

/** Every valid body keyed by id (invalid ones are left out: see {@link readBody}). */
export function readBodies(doc: Y.Doc): Map<string, AnnotationBody> {
  const out = new Map<string, AnnotationBody>();
  annotationBodies(doc).forEach((_, key) => {
    const read = readBody(doc, key);
    if (read?.ok) out.set(key, read.body);
  });
  return out;
}

/**
 * Put a body of a layout from before in this one: the three anchor fields
 * become the packed one, and the fixed fields stored one by one become
 * {@link FIXED_FIELD} (when all four are there in their shape; a body without
 * them is left for the readers to find invalid). Fields stored at their
 * default stay: they read the same, and deleting them would not shrink the
 * document, since Yjs keeps a deleted entry's key (the fixed fields' values,
 * a quote above all, are what deleting them saves). Returns how many of the
 * two it changed.
 */
export function compactLegacyBody(map: BodyMap): number {
  let changed = 0;
  const [start, end, sv] = LEGACY_ANCHOR_FIELDS.map((key) => map.get(key));
  if (start !== undefined || end !== undefined || sv !== undefined) {
    if (!map.has(ANCHORS_FIELD) && start instanceof Uint8Array && end instanceof Uint8Array && sv instanceof Uint8Array)
      map.set(ANCHORS_FIELD, packAnchors({ anchorStart: start, anchorEnd: end, anchorSv: sv }));
    for (const key of LEGACY_ANCHOR_FIELDS) map.delete(key);
    changed++;
  }
  const loose = Object.fromEntries(FIXED_FIELDS.map((key) => [key, map.get(key)]));
  const fixed = map.has(FIXED_FIELD) ? null : packFixed(loose);
  if (fixed) {
    map.set(FIXED_FIELD, fixed);
    for (const key of FIXED_FIELDS) map.delete(key);
    changed++;
  }
  return changed;
}

/** Every annotation body of `doc` as JSON ({@link bodyJSON}), by id: what a change is compared against. */
export function bodiesJSON(doc: Y.Doc): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  annotationBodies(doc).forEach((map, id) => {
    if (map instanceof Y.Map) out.set(id, bodyJSON(map, id));
  });
  return out;
}

/**
 * The bodies a change made on the server (an import, a revision) changed: each body now in `doc` that differs from
 * `before` (taken with {@link bodiesJSON}), and each one gone — in the gate's BodyChange shape.
 */
export function bodyChangesSince(
  before: ReadonlyMap<string, Record<string, unknown>>,
  doc: Y.Doc,
): { id: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null }[] {
  const after = bodiesJSON(doc);
  const out: { id: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null }[] = [];
  for (const [id, body] of after) {
    const was = before.get(id) ?? null;
    if (!was || JSON.stringify(was) !== JSON.stringify(body)) out.push({ id, before: was, after: body });
  }
  for (const [id, was] of before) if (!after.has(id)) out.push({ id, before: was, after: null });
  return out;
}
