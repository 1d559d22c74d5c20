import type { Node as PMNode } from 'prosemirror-model';
import { type EditorState, Plugin, PluginKey, type Transaction } from 'prosemirror-state';
import type { AnnotationRange } from './ranges.ts';
import { type AnnotationKind, isAnnotationKind } from './schema.ts';

/** One annotation in the index: its kind and its ranges, sorted and merged. */
export interface IndexedAnnotation {
  kind: AnnotationKind;
  ranges: AnnotationRange[];
}

/**
 * Every annotation's ranges in a document, kept up to date from each
 * transaction's changed region rather than by rescanning the whole document.
 * `vanished` remembers the last text of annotations whose every character was
 * deleted (their bodies become orphans).
 */
export class AnnotationIndex {
  constructor(
    readonly byId: ReadonlyMap<string, IndexedAnnotation>,
    readonly vanished: ReadonlyMap<string, { kind: AnnotationKind; lastText: string }>,
    /** Ids whose ranges the update that made this index may have changed (all ids for a fresh index). */
    readonly changed: ReadonlySet<string> = new Set(byId.keys()),
  ) {}

  /** Build the index of `doc` by scanning it once. */
  static fromDoc(doc: PMNode): AnnotationIndex {
    const byId = new Map<string, IndexedAnnotation>();
    scan(doc, 0, doc.content.size, byId);
    return new AnnotationIndex(byId, new Map());
  }

  /**
   * The index of `next`, given that `prev` (this index's document) changed
   * only between the first and last differing positions. Nodes outside that
   * region are shared between the two documents (ProseMirror and y-prosemirror
   * both reuse unchanged nodes), so finding it costs little.
   */
  update(prev: PMNode, next: PMNode): AnnotationIndex {
    const start = prev.content.findDiffStart(next.content);
    if (start == null) return this;
    const end = prev.content.findDiffEnd(next.content);
    let endA = end?.a ?? prev.content.size;
    let endB = end?.b ?? next.content.size;
    // findDiffEnd may overlap findDiffStart when text repeats; keep both ends after the start.
    if (endA < start) {
      endB += start - endA;
      endA = start;
    }
    if (endB < start) {
      endA += start - endB;
      endB = start;
    }
    // Widen to whole textblocks so that ranges touching the region are rebuilt whole.
    const from = Math.max(0, blockStart(next, start));
    const toB = Math.min(next.content.size, blockEnd(next, endB));
    const toA = toB - (endB - endA);
    const delta = endB - endA;

    const byId = new Map<string, IndexedAnnotation>();
    const touched = new Set<string>();
    for (const [id, entry] of this.byId) {
      const ranges: AnnotationRange[] = [];
      let cut = false;
      for (const r of entry.ranges) {
        if (r.to <= from) ranges.push(r);
        else if (r.from >= toA) ranges.push({ from: r.from + delta, to: r.to + delta });
        else {
          cut = true;
          // Keep the parts outside the rebuilt region; the inside is rescanned.
          if (r.from < from) ranges.push({ from: r.from, to: from });
          if (r.to > toA) ranges.push({ from: toA + delta, to: r.to + delta });
        }
      }
      if (cut) touched.add(id);
      byId.set(id, { kind: entry.kind, ranges });
    }
    scan(next, from, toB, byId);
    for (const [id, entry] of byId) {
      if (touched.has(id) || entry.ranges.some((r) => r.from >= from && r.to <= toB))
        entry.ranges = merge(entry.ranges);
    }
    const vanished = new Map(this.vanished);
    const changed = new Set(touched);
    for (const [id, entry] of byId) {
      if (entry.ranges.some((r) => r.from < toB && r.to > from)) changed.add(id);
      if (entry.ranges.length === 0) {
        byId.delete(id);
        const old = this.byId.get(id);
        if (old) {
          vanished.set(id, {
            kind: entry.kind,
            lastText: old.ranges.map((r) => prev.textBetween(r.from, r.to, '\n', ' ')).join(' '),
          });
        }
      } else vanished.delete(id);
    }
    return new AnnotationIndex(byId, vanished, changed);
  }

  /** The ranges of annotation `id`, or [] when it covers no text. */
  rangesOf(id: string): readonly AnnotationRange[] {
    return this.byId.get(id)?.ranges ?? [];
  }

  /** Ids of the annotations covering position `pos` (the character after it), with their kinds. */
  at(pos: number): { id: string; kind: AnnotationKind }[] {
    const out: { id: string; kind: AnnotationKind }[] = [];
    for (const [id, entry] of this.byId) {
      if (entry.ranges.some((r) => r.from <= pos && pos < r.to)) out.push({ id, kind: entry.kind });
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

function blockStart(doc: PMNode, pos: number): number {
  const $pos = doc.resolve(pos);
  for (let d = $pos.depth; d > 0; d--) if ($pos.node(d).isTextblock) return $pos.before(d);
  return pos;
}

function blockEnd(doc: PMNode, pos: number): number {
  const $pos = doc.resolve(pos);
  for (let d = $pos.depth; d > 0; d--) if ($pos.node(d).isTextblock) return $pos.after(d);
  return pos;
}

function scan(doc: PMNode, from: number, to: number, byId: Map<string, IndexedAnnotation>): void {
  if (from >= to) return;
  doc.nodesBetween(from, to, (node, pos) => {
    if (!node.isInline) return true;
    const start = Math.max(pos, from);
    const end = Math.min(pos + node.nodeSize, to);
    if (start >= end) return false;
    for (const mark of node.marks) {
      if (!isAnnotationKind(mark.type.name)) continue;
      const id = mark.attrs.id as string;
      let entry = byId.get(id);
      if (!entry) {
        entry = { kind: mark.type.name, ranges: [] };
        byId.set(id, entry);
      }
      const last = entry.ranges[entry.ranges.length - 1];
      if (last && last.to === start) last.to = end;
      else entry.ranges.push({ from: start, to: end });
    }
    return false;
  });
}

function merge(ranges: AnnotationRange[]): AnnotationRange[] {
  const sorted = [...ranges].sort((a, b) => a.from - b.from);
  const out: AnnotationRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.from <= last.to) last.to = Math.max(last.to, r.to);
    else out.push({ ...r });
  }
  return out;
}

/** The plugin key of the annotation index; `annotationIndexKey.getState(state)` is the index. */
export const annotationIndexKey = new PluginKey<AnnotationIndex>('factmark-annotation-index');

/** Keeps an {@link AnnotationIndex} of the editor's document in plugin state. */
export function annotationIndexPlugin(): Plugin<AnnotationIndex> {
  return new Plugin<AnnotationIndex>({
    key: annotationIndexKey,
    state: {
      init: (_, state) => AnnotationIndex.fromDoc(state.doc),
      apply: (tr: Transaction, index, oldState) => (tr.docChanged ? index.update(oldState.doc, tr.doc) : index),
    },
  });
}

/** The index of `state`; built on the spot when the plugin is not installed. */
export function annotationIndex(state: EditorState): AnnotationIndex {
  return annotationIndexKey.getState(state) ?? AnnotationIndex.fromDoc(state.doc);
}
