/**
 * Position arithmetic between ProseMirror and Yjs, the other file (with
 * `y-prosemirror-seam.ts`) that relies on y-prosemirror's private parts: the
 * shape of the type → node cache its position helpers take, and how they
 * count. An upgrade of y-prosemirror is checked here too.
 */
import { firstIndex } from '@factmark/editor/sorted';
import type { Node as PMNode } from 'prosemirror-model';
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition } from 'y-prosemirror';
import * as Y from 'yjs';

/**
 * What position arithmetic between ProseMirror and Yjs needs: the document,
 * the article fragment and what each Yjs type was rendered as. The editor's
 * binding is one (`articlePositions` of `y-prosemirror-seam.ts`); {@link detachedPositions} builds
 * one for an article written without an editor.
 */
export interface ArticlePositions {
  readonly doc: Y.Doc;
  readonly type: Y.XmlFragment;
  readonly mapping: Map<Y.AbstractType<unknown>, unknown>;
}

/**
 * Position arithmetic for `article` once it is the content of `fragment`, for
 * code that writes the article without an editor (imports and revisions on
 * the server): each Yjs element is paired with its ProseMirror node the way
 * the editor's binding pairs them.
 */
export function detachedPositions(doc: Y.Doc, fragment: Y.XmlFragment, article: PMNode): ArticlePositions {
  const mapping = new Map<Y.AbstractType<unknown>, unknown>();
  // y-prosemirror's position arithmetic needs each element's ProseMirror node (for its size); a text
  // type stands for a run of ProseMirror text nodes.
  const pair = (type: Y.XmlFragment | Y.XmlElement, node: PMNode) => {
    mapping.set(type as unknown as Y.AbstractType<unknown>, node);
    let i = 0;
    for (const child of type.toArray()) {
      if (child instanceof Y.XmlText) {
        while (i < node.childCount && node.child(i).isText) i++;
      } else if (child instanceof Y.XmlElement) {
        while (i < node.childCount && node.child(i).isText) i++;
        const pmChild = i < node.childCount ? node.child(i++) : null;
        if (pmChild) pair(child, pmChild);
      }
    }
  };
  pair(fragment, article);
  return { doc, type: fragment, mapping };
}

/** The Yjs relative position of ProseMirror position `pos`. */
export function relativeAt(positions: ArticlePositions, pos: number): Y.RelativePosition {
  return absolutePositionToRelativePosition(pos, positions.type, positions.mapping as never);
}

/** The ProseMirror position of a Yjs relative position, or null when it names nothing in the article. */
export function absoluteAt(positions: ArticlePositions, rel: Y.RelativePosition): number | null {
  return relativePositionToAbsolutePosition(positions.doc, positions.type, rel, positions.mapping as never);
}

/** Resolves Yjs relative positions to ProseMirror positions, in a document that does not change meanwhile. */
export type PositionResolver = (rel: Y.RelativePosition) => number | null;

/**
 * {@link absoluteAt} for many positions in a document that does not change between them (a repair of every span
 * after the first sync): y-prosemirror's `relativePositionToAbsolutePosition` restated, with the offset of each
 * element within its parent computed once per parent. y-prosemirror sums the sizes of an element's earlier
 * siblings on every call: for a position in the article's last block, every block before it, so resolving the
 * anchors of every span walked the article once per anchor. Where a size is not known (an element the editor has
 * not drawn), it answers as y-prosemirror does, by calling it.
 */
export function positionResolver(positions: ArticlePositions): PositionResolver {
  const { doc, type: article, mapping } = positions;
  const sizeOf = (type: Y.AbstractType<unknown>): number => sizeIn(mapping, type, Number.NaN);
  // Parent → each child's offset in it (the sizes of the live children before it); `null` → their sum.
  const offsets = new Map<Y.AbstractType<unknown>, Map<Y.AbstractType<unknown> | null, number>>();
  const offsetIn = (parent: Y.AbstractType<unknown>, child: Y.AbstractType<unknown>): number => {
    let table = offsets.get(parent);
    if (!table) {
      table = new Map();
      let pos = 0;
      // From its first live child, as y-prosemirror walks (a deleted child before it is never found).
      for (let item = parent._first; item !== null; item = item.right) {
        // A deleted child whose content was collected has no type (and adds nothing).
        const type = (item.content as Partial<Y.ContentType>).type;
        if (type && !table.has(type)) table.set(type, pos);
        if (!item.deleted && type) pos += sizeOf(type);
      }
      table.set(null, pos);
      offsets.set(parent, table);
    }
    // y-prosemirror walks to the end when the child is not among the parent's.
    return table.get(child) ?? (table.get(null) as number);
  };
  return (rel) => {
    const decoded = Y.createAbsolutePositionFromRelativePosition(rel, doc);
    if (decoded === null) return null;
    if (decoded.type !== article && !Y.isParentOf(article, decoded.type._item)) return null;
    let type = decoded.type;
    let pos = 0;
    if (type.constructor === Y.XmlText) pos = decoded.index;
    else if (type._item === null || !type._item.deleted) {
      // Into an element (rare: anchors point into text): as y-prosemirror counts, without a table.
      let i = 0;
      for (let item = type._first; item !== null && i < type._length && i < decoded.index; item = item.right) {
        if (item.deleted) continue;
        i++;
        pos += sizeOf((item.content as Y.ContentType).type);
      }
      pos += 1;
    }
    while (type !== article && type._item !== null) {
      const parent = type._item.parent as Y.AbstractType<unknown>;
      if (parent._item === null || !parent._item.deleted) pos += 1 + offsetIn(parent, type);
      type = parent;
    }
    return Number.isNaN(pos) ? absoluteAt(positions, rel) : pos - 1;
  };
}

/**
 * How y-prosemirror counts `type` in ProseMirror positions: a text by its length, an element by the size of the
 * node it was rendered as; `unknown` for an element with no node.
 */
function sizeIn(mapping: ArticlePositions['mapping'], type: Y.AbstractType<unknown>, unknown: number): number {
  return type instanceof Y.XmlText
    ? (type as unknown as Y.XmlText)._length
    : ((mapping.get(type) as PMNode | undefined)?.nodeSize ?? unknown);
}

/** A relative position at `item` of `parent` (y-prosemirror's form for a position before an element). */
function beforeItem(parent: Y.AbstractType<unknown>, item: Y.Item): Y.RelativePosition {
  const typeId = parent._item === null ? null : Y.createID(parent._item.id.client, parent._item.id.clock);
  return new Y.RelativePosition(typeId, parent._item === null ? Y.findRootTypeKey(parent) : null, item.id);
}

/** A relative position naming element `type` itself (y-prosemirror's form for the end of an element). */
function atType(type: Y.AbstractType<unknown>): Y.RelativePosition {
  return new Y.RelativePosition(
    type._item === null ? null : type._item.id,
    type._item === null ? Y.findRootTypeKey(type) : null,
    null,
  );
}

/** The type of the live item after `type`'s own, or null. */
const nextType = (type: Y.AbstractType<unknown>) =>
  ((type._item?.next?.content as Y.ContentType | undefined)?.type ?? null) as Y.AbstractType<unknown> | null;

/**
 * y-prosemirror's walk from ProseMirror position to Yjs relative position (`absolutePositionToRelativePosition`),
 * in its own steps, from `start` (a child of the article) with `pos` left to walk: what the walk from the article's
 * first child does once it has taken the children before `start`.
 */
function walkFrom(positions: ArticlePositions, start: Y.AbstractType<unknown>, pos: number): Y.RelativePosition {
  const { type: root, mapping } = positions;
  const assoc = root.length === 0 ? -1 : 0;
  let n: Y.AbstractType<unknown> | null = start;
  let left = pos;
  while (n !== null && n !== root) {
    if (n instanceof Y.XmlText) {
      const length = (n as Y.XmlText)._length;
      if (length >= left) return Y.createRelativePositionFromTypeIndex(n as Y.XmlText, left, assoc);
      left -= length;
      const text = n as unknown as Y.AbstractType<unknown>;
      if (nextType(text)) n = nextType(text);
      else {
        n = text;
        do {
          n = (n._item?.parent ?? null) as Y.AbstractType<unknown> | null;
          left--;
        } while (n !== root && n !== null && n._item !== null && n._item.next === null);
        if (n !== null && n !== root) n = nextType(n);
      }
    } else {
      // y-prosemirror counts an element it has no node for as empty.
      const size = sizeIn(mapping, n, 0);
      if (n._first !== null && left < size) {
        n = (n._first.content as Y.ContentType).type as Y.AbstractType<unknown>;
        left--;
      } else {
        if (left === 1 && n._length === 0 && size > 1) return atType(n);
        left -= size;
        if (nextType(n)) n = nextType(n);
        else {
          if (left === 0) return atType(n._item === null ? n : (n._item.parent as Y.AbstractType<unknown>));
          do {
            n = (n._item as Y.Item).parent as Y.AbstractType<unknown>;
            left--;
          } while (n !== root && (n._item as Y.Item).next === null);
          if (n !== root) n = nextType(n);
        }
      }
    }
    if (n === null) throw new Error('y-prosemirror positions: an unexpected article shape');
    if (left === 0 && n.constructor !== Y.XmlText && n !== root && n._item)
      return beforeItem(n._item.parent as never, n._item);
  }
  return Y.createRelativePositionFromTypeIndex(root, root._length, assoc);
}

/**
 * {@link relativeAt} for many positions in an article that does not change between them (the anchors of an
 * import's claims). y-prosemirror walks the article's blocks from the first for each position; this sums their
 * sizes once and starts each walk at the block that holds the position. A position in the first block, or past
 * the last, is left to y-prosemirror.
 */
export function relativePositioner(positions: ArticlePositions): (pos: number) => Y.RelativePosition {
  const blocks: Y.AbstractType<unknown>[] = [];
  /** `ends[k]`: the size of the blocks up to and with block k, as y-prosemirror counts them. */
  const ends: number[] = [];
  let end = 0;
  for (let item = positions.type._first; item !== null; item = item.next) {
    const type = (item.content as Y.ContentType).type as Y.AbstractType<unknown>;
    end += sizeIn(positions.mapping, type, 0);
    blocks.push(type);
    ends.push(end);
  }
  return (pos) => {
    // The first block whose end reaches `pos`: the walk takes every block before it whole.
    const lo = firstIndex(ends.length, (i) => (ends[i] as number) >= pos);
    const block = blocks[lo];
    if (pos === 0 || lo === 0 || !block) return relativeAt(positions, pos);
    return walkFrom(positions, block, pos - (ends[lo - 1] as number));
  };
}
