/** The annotation index: every annotation's kind and ranges, updated per transaction from the changed top-level blocks only. */
import type { Node as PMNode } from 'prosemirror-model';
import { type EditorState, Plugin, PluginKey, type Transaction } from 'prosemirror-state';
import { LayeredMap } from './layered-map.ts';
import type { AnnotationRange } from './ranges.ts';
import { type AnnotationKind, isAnnotationKind } from './schema.ts';

/** One annotation in the index: its kind and its ranges, sorted and merged. */
export interface IndexedAnnotation {
  kind: AnnotationKind;
  ranges: AnnotationRange[];
}

/** The annotations inside one top-level block, with ranges relative to the block's start. */
type BlockAnnotations = ReadonlyMap<string, IndexedAnnotation>;

const EMPTY: BlockAnnotations = new Map();

/** Lookups of single annotations' ranges on one index before it records them all in one walk. */
const RANGE_LOOKUPS_BEFORE_WALK = 8;

/** How many blocks an annotation appears in, and its kind. */
interface Count {
  kind: AnnotationKind;
  blocks: number;
}

/** The index's counts: how many top-level blocks each annotation appears in, and its kind. */
type Counts = LayeredMap<string, Count>;

/**
 * Per-block scans, keyed by the block node itself. ProseMirror nodes are
 * immutable and unchanged blocks are shared between successive documents
 * (y-prosemirror reuses them too when it applies a remote change), so a block
 * is scanned once however many transactions pass over it.
 */
const blockCache = new WeakMap<PMNode, BlockAnnotations>();

function scanBlock(block: PMNode): BlockAnnotations {
  const cached = blockCache.get(block);
  if (cached) return cached;
  let found: Map<string, IndexedAnnotation> | null = null;
  const visit = (node: PMNode, pos: number) => {
    if (!node.isInline) return true;
    for (const mark of node.marks) {
      if (!isAnnotationKind(mark.type.name)) continue;
      const id = mark.attrs.id as string;
      found ??= new Map();
      let entry = found.get(id);
      if (!entry) {
        entry = { kind: mark.type.name, ranges: [] };
        found.set(id, entry);
      }
      const from = pos + 1; // relative to the block's start, inside its opening token
      const last = entry.ranges[entry.ranges.length - 1];
      if (last && last.to === from) last.to = from + node.nodeSize;
      else entry.ranges.push({ from, to: from + node.nodeSize });
    }
    return false;
  };
  if (block.isInline) visit(block, -1);
  else block.descendants(visit);
  const result = found ?? EMPTY;
  blockCache.set(block, result);
  return result;
}

/**
 * Every annotation's ranges in a document, kept up to date from each
 * transaction's changed region rather than by rescanning the whole document:
 * only the top-level blocks between the old and new document's first and last
 * difference are looked at, so a keystroke costs the same with 50 or 5,000
 * annotations. `vanished` remembers the last text of annotations whose every
 * character was deleted (their bodies become orphans).
 */
export class AnnotationIndex {
  private cachedById: Map<string, IndexedAnnotation> | null = null;
  /** Lookups of one annotation's ranges made on this index (see {@link AnnotationIndex.rangesOf}). */
  private rangeLookups = 0;
  /** Blocks looked at by lookups answered from the changed blocks alone (see `rangesNearRegion`). */
  private regionBlocksRead = 0;

  private constructor(
    /** The document this index describes. */
    readonly doc: PMNode,
    /** For each annotation id, its kind and the number of top-level blocks it appears in. */
    private readonly counts: Counts,
    readonly vanished: ReadonlyMap<string, { kind: AnnotationKind; lastText: string }>,
    /** Ids whose ranges the update that made this index may have changed (all ids for a fresh index). */
    readonly changed: ReadonlySet<string>,
    /** The top-level blocks of `doc` that update looked at (indices `from` up to `to`), and where the first starts. */
    private readonly region: { from: number; to: number; start: number } | null = null,
  ) {}

  /** Build the index of `doc` (blocks already scanned are not scanned again). */
  static fromDoc(doc: PMNode): AnnotationIndex {
    const counts = new Map<string, Count>();
    doc.forEach((block) => {
      for (const [id, entry] of scanBlock(block)) {
        const c = counts.get(id);
        if (c) c.blocks++;
        else counts.set(id, { kind: entry.kind, blocks: 1 });
      }
    });
    return new AnnotationIndex(doc, LayeredMap.from(counts), new Map(), new Set(counts.keys()));
  }

  /** The index of `next`, a later version of this index's document. */
  update(next: PMNode): AnnotationIndex {
    const prev = this.doc;
    if (prev === next) return this;
    const start = prev.content.findDiffStart(next.content);
    if (start == null) return new AnnotationIndex(next, this.counts, this.vanished, new Set());
    const end = prev.content.findDiffEnd(next.content) ?? { a: prev.content.size, b: next.content.size };
    // The top-level blocks the change touched, in the old and in the new document.
    const fromIndex = childAt(prev, Math.min(start, prev.content.size)).index;
    let endA = end.a;
    let endB = end.b;
    // findDiffEnd may reach back past findDiffStart when text repeats.
    if (endA < start) {
      endB += start - endA;
      endA = start;
    }
    if (endB < start) {
      endA += start - endB;
      endB = start;
    }
    // Blocks after both ends are the same blocks in both documents.
    const tail = Math.min(
      prev.childCount - blockIndexAfter(prev, endA),
      next.childCount - blockIndexAfter(next, endB),
      prev.childCount - fromIndex,
      next.childCount - fromIndex,
    );
    const toAClamped = prev.childCount - tail;
    const toBClamped = next.childCount - tail;

    const delta = new Map<string, Count | undefined>();
    const current = (id: string) => (delta.has(id) ? delta.get(id) : this.counts.get(id));
    const changed = new Set<string>();
    const oldTexts = new Map<string, string[]>();
    // The blocks before the change are the same in both documents: where the changed ones start.
    let regionStart = 0;
    for (let i = 0; i < fromIndex; i++) regionStart += prev.child(i).nodeSize;
    let offset = regionStart;
    for (let i = fromIndex; i < toAClamped; i++) {
      const block = prev.child(i);
      for (const [id, entry] of scanBlock(block)) {
        changed.add(id);
        const c = current(id);
        if (c) delta.set(id, { kind: c.kind, blocks: c.blocks - 1 });
        const texts = oldTexts.get(id) ?? [];
        oldTexts.set(id, texts);
        for (const r of entry.ranges) texts.push(prev.textBetween(offset + r.from, offset + r.to, '\n', ' '));
      }
      offset += block.nodeSize;
    }
    for (let i = fromIndex; i < toBClamped; i++) {
      for (const [id, entry] of scanBlock(next.child(i))) {
        changed.add(id);
        const c = current(id);
        delta.set(id, { kind: c && c.blocks > 0 ? c.kind : entry.kind, blocks: (c?.blocks ?? 0) + 1 });
      }
    }
    let vanished: Map<string, { kind: AnnotationKind; lastText: string }> | null = null;
    for (const id of changed) {
      const c = current(id);
      if (c && c.blocks <= 0) {
        delta.set(id, undefined);
        vanished ??= new Map(this.vanished);
        vanished.set(id, { kind: c.kind, lastText: (oldTexts.get(id) ?? []).join(' ') });
      } else if (c && this.vanished.has(id)) {
        vanished ??= new Map(this.vanished);
        vanished.delete(id);
      }
    }
    return new AnnotationIndex(
      next,
      delta.size > 0 ? this.counts.with(delta) : this.counts,
      vanished ?? this.vanished,
      changed,
      { from: fromIndex, to: toBClamped, start: regionStart },
    );
  }

  /** Every annotation that covers text, with its absolute ranges (computed once per index, on demand). */
  get byId(): ReadonlyMap<string, IndexedAnnotation> {
    if (this.cachedById) return this.cachedById;
    const out = new Map<string, IndexedAnnotation>();
    let offset = 0;
    this.doc.forEach((block) => {
      for (const [id, entry] of scanBlock(block)) {
        const e = out.get(id) ?? { kind: entry.kind, ranges: [] };
        out.set(id, e);
        placeRanges(entry, offset, e.ranges);
      }
      offset += block.nodeSize;
    });
    this.cachedById = out;
    return out;
  }

  /** True when annotation `id` covers some text. */
  has(id: string): boolean {
    return this.counts.get(id) !== undefined;
  }

  /** The kind of annotation `id`, when it covers some text. */
  kindOf(id: string): AnnotationKind | undefined {
    return this.counts.get(id)?.kind;
  }

  /**
   * The ranges of annotation `id`, or [] when it covers no text. One lookup
   * walks the top-level blocks (their scans are cached); past a few lookups on
   * one index (a sync that touched every annotation asks for all of them), one
   * walk records every annotation's ranges, so n lookups cost one walk, not n.
   */
  rangesOf(id: string): readonly AnnotationRange[] {
    if (this.cachedById) return this.cachedById.get(id)?.ranges ?? [];
    if (!this.has(id)) return [];
    const inRegion = this.rangesNearRegion(id);
    if (inRegion) return inRegion;
    if (++this.rangeLookups > RANGE_LOOKUPS_BEFORE_WALK) return this.byId.get(id)?.ranges ?? [];
    const out: AnnotationRange[] = [];
    let offset = 0;
    this.doc.forEach((block) => {
      const entry = scanBlock(block).get(id);
      if (entry) placeRanges(entry, offset, out);
      offset += block.nodeSize;
    });
    return out;
  }

  /**
   * The ranges of annotation `id` when it lies in one of the blocks the update that made this index looked at (what
   * was typed, or a colleague's change): found there and, for a span that reaches past them (across a paragraph's
   * end), in the blocks around them, nearest first, until as many blocks hold it as the index counts — without
   * walking the document. Only while those lookups have read fewer blocks than the document holds: after a change
   * of every block (a first sync), a lookup of each annotation would cost a walk each, and one walk records them all.
   */
  private rangesNearRegion(id: string): AnnotationRange[] | null {
    const region = this.region;
    const expected = this.counts.get(id)?.blocks;
    if (!region || expected === undefined || !this.changed.has(id)) return null;
    this.regionBlocksRead += region.to - region.from;
    if (this.regionBlocksRead > this.doc.childCount) return null;
    const before: AnnotationRange[][] = [];
    const inside: AnnotationRange[] = [];
    const after: AnnotationRange[] = [];
    let found = 0;
    /** Add block `index`'s ranges of `id` (the block starting at `offset`) to `into`. */
    const read = (index: number, offset: number, into: AnnotationRange[]) => {
      const entry = scanBlock(this.doc.child(index)).get(id);
      if (entry) {
        found++;
        placeRanges(entry, offset, into);
      }
    };
    let end = region.start;
    for (let i = region.from; i < region.to; i++) {
      read(i, end, inside);
      end += this.doc.child(i).nodeSize;
    }
    let start = region.start;
    let up = region.from - 1;
    let down = region.to;
    while (found < expected && (up >= 0 || down < this.doc.childCount)) {
      if (up >= 0) {
        if (++this.regionBlocksRead > this.doc.childCount) return null;
        start -= this.doc.child(up).nodeSize;
        const here: AnnotationRange[] = [];
        read(up--, start, here);
        if (here.length > 0) before.push(here);
      }
      if (found < expected && down < this.doc.childCount) {
        if (++this.regionBlocksRead > this.doc.childCount) return null;
        read(down, end, after);
        end += this.doc.child(down++).nodeSize;
      }
    }
    return found === expected ? [...before.reverse().flat(), ...inside, ...after] : null;
  }

  /** Ids of the annotations covering position `pos` (the character after it), with their kinds. */
  at(pos: number): { id: string; kind: AnnotationKind }[] {
    if (pos < 0 || pos >= this.doc.content.size) return [];
    const { index, offset } = childAt(this.doc, pos);
    if (index >= this.doc.childCount) return [];
    const out: { id: string; kind: AnnotationKind }[] = [];
    for (const [id, entry] of scanBlock(this.doc.child(index))) {
      if (entry.ranges.some((r) => offset + r.from <= pos && pos < offset + r.to)) out.push({ id, kind: entry.kind });
    }
    return out;
  }

  /** Every annotation with ranges, ordered by where it starts (then by id). */
  inDocumentOrder(): { id: string; kind: AnnotationKind; ranges: readonly AnnotationRange[] }[] {
    return [...this.byId]
      .map(([id, e]) => ({ id, kind: e.kind, ranges: e.ranges }))
      .sort((a, b) => (a.ranges[0]?.from ?? 0) - (b.ranges[0]?.from ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}

/** Add `entry`'s ranges, relative to the start of a block at `offset`, to `into` as positions in the document. */
function placeRanges(entry: IndexedAnnotation, offset: number, into: AnnotationRange[]): void {
  for (const r of entry.ranges) into.push({ from: offset + r.from, to: offset + r.to });
}

/** The top-level child at `pos` (the one after it, at a boundary) and where it starts. */
function childAt(doc: PMNode, pos: number): { index: number; offset: number } {
  const $pos = doc.resolve(pos);
  const index = $pos.index(0);
  return { index, offset: index < doc.childCount ? $pos.posAtIndex(index, 0) : doc.content.size };
}

/** Index of the first top-level block that starts at or after `pos`'s block end. */
function blockIndexAfter(doc: PMNode, pos: number): number {
  if (pos >= doc.content.size) return doc.childCount;
  const { index, offset } = childAt(doc, pos);
  return pos === offset ? index : index + 1;
}

/** The plugin key of the annotation index; `annotationIndexKey.getState(state)` is the index. */
export const annotationIndexKey = new PluginKey<AnnotationIndex>('factmark-annotation-index');

/** Keeps an {@link AnnotationIndex} of the editor's document in plugin state. */
export function annotationIndexPlugin(): Plugin<AnnotationIndex> {
  return new Plugin<AnnotationIndex>({
    key: annotationIndexKey,
    state: {
      init: (_, state) => AnnotationIndex.fromDoc(state.doc),
      apply: (tr: Transaction, index) => (tr.docChanged ? index.update(tr.doc) : index),
    },
  });
}

/** The index of `state`; built on the spot when the plugin is not installed. */
export function annotationIndex(state: EditorState): AnnotationIndex {
  return annotationIndexKey.getState(state) ?? AnnotationIndex.fromDoc(state.doc);
}
