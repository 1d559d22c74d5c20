/**
 * The snapshot's derivation: from the editor's state, the Y.Doc and what
 * changed since the last derivation to the annotations, sources, settings and
 * orphans the page renders. Pure: the same inputs give the same output, and
 * an entry whose inputs did not change is the same object as before (React
 * and the margin skip it).
 */
import {
  annotationEntry,
  type BlockAt,
  type BodyRead,
  type CaptureRecord,
  type CorrectionLogEntry,
  type Orphan,
  orphansOf,
  type Publication,
  type RatingScale,
  type ReviewRule,
  readCaptures,
  readCorrectionsLog,
  readPublication,
  readRatingScale,
  readReviewRule,
  readSources,
  type Source,
  TopLevelBlocks,
} from '@factmark/collab';
import { type AnnotationKind, annotationIndex, LayeredMap } from '@factmark/editor';
import type { EditorState } from 'prosemirror-state';
import type * as Y from 'yjs';
import { sameBodies, sameBody, sameIds, type WorkspaceEntry } from '../editor/workspace-model.ts';

/** A source in the library with the annotations that use it (in document order). */
export interface SourceEntry {
  source: Source;
  usedBy: string[];
  /** What the server found at the source's URL (null until it records a capture, or with capture off). */
  capture: CaptureRecord | null;
}

/** What the derivation produces (and takes back the next time, to keep what did not change). */
export interface Derived {
  /** Every annotation that covers text, in document order. */
  annotations: WorkspaceEntry[];
  /** {@link annotations} as a body reader sees them: the same list while only entries' text changed. */
  byBody: WorkspaceEntry[];
  orphans: Orphan[];
  sources: SourceEntry[];
  scale: RatingScale;
  log: CorrectionLogEntry[];
  /** The publication details (the article's and the fact-check's). */
  publication: Publication;
  /** The second-reviewer rule as set (null: never set, so on). */
  reviewRule: ReviewRule | null;
  /**
   * What each entry was derived from (the next derivation reuses entries whose inputs are the same): a persistent
   * map, so that a derivation of a few entries (a key typed, a colleague's) does not copy every entry's.
   */
  cache: LayeredMap<string, CachedEntry>;
  /** The annotations this derivation alone looked at again (typing), or null when it looked at every one. */
  moved: ReadonlySet<string> | null;
}

/** What changed since the derivation that produced the previous {@link Derived}. */
export interface Changes {
  /**
   * Annotations whose spans the document changes may have moved or changed
   * (from the annotation index); null when unknown (derive every entry).
   */
  spans: ReadonlySet<string> | null;
  /** Annotations whose bodies changed (added, edited, removed); null when unknown (derive every entry). */
  bodies: ReadonlySet<string> | null;
  /** The source library or its captures changed. */
  library: boolean;
  /** The settings (the scale, the publication details, the review rule) or the corrections log changed. */
  settings: boolean;
}

/** Everything changed: the first derivation, or after anything the changes cannot say. */
export const EVERYTHING: Changes = { spans: null, bodies: null, library: true, settings: true };

/** Nothing changed yet (what a derivation leaves for the next one to add to). */
export const NOTHING: Changes = { spans: new Set(), bodies: new Set(), library: false, settings: false };

/** What the derivation reads: the editor's state, the Y.Doc and its bodies (through a cache the caller keeps). */
export interface Sources {
  state: EditorState;
  doc: Y.Doc;
  readBody: (id: string) => BodyRead | null;
}

/** A snapshot entry and what it was derived from: the same inputs give the same entry object. */
export interface CachedEntry {
  entry: WorkspaceEntry;
  read: BodyRead | null;
  /** The span's ranges when the entry was last checked. */
  ranges: readonly { from: number; to: number }[];
  /** The top-level block the span lies in, and where (null when it spans several: then it is derived again). */
  block: BlockAt | null;
}

/** The derivation before anything was derived. */
export function emptyDerived(doc: Y.Doc): Derived {
  return {
    annotations: [],
    byBody: [],
    orphans: [],
    sources: [],
    scale: readRatingScale(doc),
    log: [],
    publication: readPublication(doc),
    reviewRule: readReviewRule(doc),
    cache: LayeredMap.from(new Map()),
    moved: null,
  };
}

/** Annotations changed since the last derivation above which deriving every entry is as cheap. */
const FAST_MAX = 200;

/**
 * The new derivation. With only spans changed (typing), only the entries of
 * those spans are derived again, when none appeared, vanished or changed
 * places with another; otherwise every entry is, reusing each whose block,
 * body and ranges (perhaps shifted) are the same. Fields whose value did not
 * change keep their previous object.
 */
export function derive(previous: Derived, from: Sources, changes: Changes): Derived {
  const blocks = new TopLevelBlocks(from.state.doc);
  if (!changes.library && !changes.settings && changes.spans !== null && changes.bodies !== null) {
    const fast = deriveChanged(previous, from, changes.spans, changes.bodies, blocks);
    if (fast) return fast;
  }
  const index = annotationIndex(from.state);
  const entries = new Map<string, CachedEntry>();
  const derived = index
    .inDocumentOrder()
    .map(({ id, kind, ranges }) => deriveEntry(from, id, kind, ranges, blocks, previous.cache, entries));
  const cache = LayeredMap.from(entries);
  const annotations = sameList(derived, previous.annotations) ? previous.annotations : derived;
  const found = orphansOf(from.state, from.doc);
  const orphans = sameOrphans(found, previous.orphans) ? previous.orphans : found;
  return {
    annotations,
    byBody: sameBodies(annotations, previous.byBody) ? previous.byBody : annotations,
    cache,
    moved: null,
    orphans,
    // A source lists its users in document order, those whose passage was deleted last (a span moved past
    // another by a deletion reorders them too).
    sources:
      changes.library ||
      changes.bodies === null ||
      changes.bodies.size > 0 ||
      orphans !== previous.orphans ||
      !sameIds(annotations, previous.annotations)
        ? sourceEntries(from.doc, annotations, orphans)
        : previous.sources,
    scale: changes.settings ? readRatingScale(from.doc) : previous.scale,
    log: changes.settings ? readCorrectionsLog(from.doc) : previous.log,
    publication: changes.settings ? keepSame(previous.publication, readPublication(from.doc)) : previous.publication,
    reviewRule: changes.settings ? keepSame(previous.reviewRule, readReviewRule(from.doc)) : previous.reviewRule,
  };
}

/** `next`, or `previous` when it says the same (React renders nothing then). */
function keepSame<T>(previous: T, next: T): T {
  return JSON.stringify(previous) === JSON.stringify(next) ? previous : next;
}

/**
 * The library's sources by title, each with the annotations that use it — a claim listing it, a citation of
 * it — in document order (those whose passage was deleted after, by id), and its capture. One pass over the
 * derived bodies, not one read of every body per source.
 */
function sourceEntries(doc: Y.Doc, annotations: readonly WorkspaceEntry[], orphans: readonly Orphan[]): SourceEntry[] {
  const users = new Map<string, string[]>();
  const use = (id: string, body: WorkspaceEntry['body']) => {
    const used = body?.kind === 'claim' ? body.sourceIds : body?.kind === 'citation' ? [body.sourceId] : [];
    for (const sourceId of new Set(used)) {
      const list = users.get(sourceId);
      if (list) list.push(id);
      else users.set(sourceId, [id]);
    }
  };
  for (const entry of annotations) use(entry.id, entry.body);
  for (const orphan of [...orphans].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)))
    use(orphan.id, orphan.body);
  const sources = readSources(doc);
  const captures = readCaptures(doc, new Map([...sources].map(([id, s]) => [id, s.url])));
  return [...sources.values()]
    .map((source) => ({ source, usedBy: users.get(source.id) ?? [], capture: captures.get(source.id) ?? null }))
    .sort((a, b) => a.source.title.localeCompare(b.source.title));
}

/**
 * The fast derivation after edits inside blocks and changes of a few bodies (a claim marked, a verdict set): the
 * entries of those annotations derived again, a new one put in its place, or null when a span vanished, a body
 * is not on the page, or (without a new one) a span changed places with another — then everything is derived.
 */
function deriveChanged(
  previous: Derived,
  from: Sources,
  spans: ReadonlySet<string>,
  bodies: ReadonlySet<string>,
  blocks: TopLevelBlocks,
): Derived | null {
  const ids = bodies.size === 0 ? spans : new Set([...spans, ...bodies]);
  if (ids.size > FAST_MAX) return null;
  const index = annotationIndex(from.state);
  const current = previous.annotations;
  const position = new Map<string, number>();
  let added = false;
  const orphaned = new Set(previous.orphans.map((o) => o.id));
  for (const id of ids) {
    // A body without a span (a span deleted), or an orphan given one again, changes the orphans: derive everything.
    if (!index.has(id) || orphaned.has(id)) return null;
    added ||= !previous.cache.has(id);
    position.set(id, -1);
  }
  const indexes = positionsIn(current);
  for (const id of position.keys()) position.set(id, indexes.get(id) ?? -1);
  // The changed spans, in their previous order: their new starts must keep that order (unless one is new: then
  // the index orders them all).
  const changed = [...position].sort((a, b) => a[1] - b[1]);
  let before: { from: number; id: string } | null = null;
  const updates = new Map<string, CachedEntry>();
  const fresh = new Map<string, WorkspaceEntry>();
  for (const [id, i] of changed) {
    const ranges = index.rangesOf(id);
    const kind = index.kindOf(id);
    const first = ranges[0];
    if (!kind || !first || (i < 0 && !added)) return null;
    if (!added && before && (first.from < before.from || (first.from === before.from && id < before.id))) return null;
    before = { from: first.from, id };
    fresh.set(id, deriveEntry(from, id, kind, ranges, blocks, previous.cache, updates));
  }
  const cache = previous.cache.with(updates);
  let annotations: WorkspaceEntry[];
  if (added) {
    annotations = [];
    for (const { id } of index.inDocumentOrder()) {
      const entry = fresh.get(id) ?? cache.get(id)?.entry;
      if (!entry) return null;
      annotations.push(entry);
    }
  } else {
    const same = [...fresh].every(([id, entry]) => current[position.get(id) as number] === entry);
    if (same) annotations = current;
    else {
      annotations = [...current];
      for (const [id, entry] of fresh) annotations[position.get(id) as number] = entry;
      // The same ids at the same places: the new list's positions are the old one's.
      knownPositions.set(annotations, indexes);
    }
  }
  // The list unchanged, or only entries' text changed (a key typed inside a highlight): the body readers' list stays.
  const byBody =
    annotations === current ||
    (!added && [...fresh].every(([id, e]) => sameBody(e, previous.byBody[position.get(id) as number])))
      ? previous.byBody
      : annotations;
  return {
    ...previous,
    cache,
    moved: ids,
    annotations,
    byBody,
    sources: bodies.size > 0 ? sourceEntries(from.doc, annotations, previous.orphans) : previous.sources,
  };
}

/** Each list of entries' positions by id, made once per list (a derivation of a few entries looks a few up). */
const knownPositions = new WeakMap<readonly WorkspaceEntry[], ReadonlyMap<string, number>>();

/** Where each entry of `list` is, by id. */
function positionsIn(list: readonly WorkspaceEntry[]): ReadonlyMap<string, number> {
  let positions = knownPositions.get(list);
  if (!positions) {
    positions = new Map(list.map((entry, i) => [entry.id, i]));
    knownPositions.set(list, positions);
  }
  return positions;
}

/**
 * The entry of one annotation, reusing the previous one (same object) when
 * its block, body and ranges are the same — perhaps moved by text typed above
 * it — or when what the card shows (kind, text, body) did not change, so the
 * margin's cards skip rendering. Records what it was derived from in `into`.
 */
function deriveEntry(
  from: Sources,
  id: string,
  kind: AnnotationKind,
  ranges: readonly { from: number; to: number }[],
  blocks: TopLevelBlocks,
  previous: LayeredMap<string, CachedEntry>,
  into: Map<string, CachedEntry>,
): WorkspaceEntry {
  const read = from.readBody(id);
  const block = blocks.holding(ranges) ?? null;
  const prev = previous.get(id);
  if (
    prev?.block &&
    block &&
    prev.block.node === block.node &&
    prev.read === read &&
    prev.entry.kind === kind &&
    sameRanges(prev.ranges, ranges, block.start - prev.block.start)
  ) {
    into.set(id, { ...prev, block, ranges });
    return prev.entry;
  }
  const { ranges: _, ...fresh } = annotationEntry(from.state.doc, { id, kind, ranges }, read, block ?? undefined);
  const entry =
    prev &&
    prev.read === read &&
    prev.entry.kind === kind &&
    prev.entry.text === fresh.text &&
    prev.entry.error === fresh.error
      ? prev.entry
      : fresh;
  into.set(id, { entry, read, block, ranges });
  return entry;
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function sameOrphans(a: readonly Orphan[], b: readonly Orphan[]): boolean {
  return a.length === b.length && a.every((o, i) => o.id === b[i]?.id && o.body === b[i]?.body);
}

/** True when `b` is `a` moved by `shift`. */
function sameRanges(
  a: readonly { from: number; to: number }[],
  b: readonly { from: number; to: number }[],
  shift: number,
): boolean {
  return a.length === b.length && a.every((r, i) => r.from + shift === b[i]?.from && r.to + shift === b[i]?.to);
}
