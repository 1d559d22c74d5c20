/** Where each annotation is: its ranges in document order, found from the marks. */
import type { Node as PMNode } from 'prosemirror-model';
import { type AnnotationKind, isAnnotationKind } from './schema.ts';

/** One contiguous piece of an annotation's span, in ProseMirror positions. */
export interface AnnotationRange {
  from: number;
  to: number;
}

/** An annotation as found in a document: its kind, id and the ranges it covers. */
export interface FoundAnnotation {
  kind: AnnotationKind;
  id: string;
  ranges: AnnotationRange[];
}

/**
 * Every annotation mark in `doc`, in document order of first appearance, with
 * adjacent text pieces under the same id merged into one range.
 */
export function findAnnotations(doc: PMNode): FoundAnnotation[] {
  const found = new Map<string, FoundAnnotation>();
  doc.descendants((node, pos) => {
    if (!node.isInline) return true;
    for (const mark of node.marks) {
      if (!isAnnotationKind(mark.type.name)) continue;
      const id = mark.attrs.id as string;
      const from = pos;
      const to = pos + node.nodeSize;
      let entry = found.get(id);
      if (!entry) {
        entry = { kind: mark.type.name, id, ranges: [] };
        found.set(id, entry);
      }
      const last = entry.ranges[entry.ranges.length - 1];
      if (last && last.to === from) last.to = to;
      else entry.ranges.push({ from, to });
    }
    return false;
  });
  return [...found.values()];
}

/** The ids of the annotations with a range between `from` and `to` (a scan of that stretch alone). */
export function idsBetween(doc: PMNode, from: number, to: number): Set<string> {
  const ids = new Set<string>();
  doc.nodesBetween(from, to, (node) => {
    if (!node.isInline) return true;
    for (const mark of node.marks) if (isAnnotationKind(mark.type.name)) ids.add(mark.attrs.id as string);
    return false;
  });
  return ids;
}

/** The ranges annotation `id` covers between `from` and `to` (a cheap local scan, e.g. right after marking). */
export function rangesBetween(doc: PMNode, id: string, from: number, to: number): AnnotationRange[] {
  const out: AnnotationRange[] = [];
  doc.nodesBetween(from, to, (node, pos) => {
    if (!node.isInline) return true;
    if (node.marks.some((m) => isAnnotationKind(m.type.name) && m.attrs.id === id)) {
      const start = Math.max(pos, from);
      const end = Math.min(pos + node.nodeSize, to);
      const last = out[out.length - 1];
      if (last && last.to === start) last.to = end;
      else out.push({ from: start, to: end });
    }
    return false;
  });
  return out;
}
