/**
 * The property test's oracle of span membership, in the merged order: a
 * character typed strictly between two characters of a span — as Yjs placed
 * it, whatever the typist saw — belongs to the span; one typed at its edge
 * does not. It walks the Yjs items of the text the character sits in
 * (deleted ones too, since a deleted neighbour still placed it).
 */
import type { EditorView } from 'prosemirror-view';
import * as Y from 'yjs';
import { relativeAt } from '../y-prosemirror-positions.ts';
import { articlePositions } from '../y-prosemirror-seam.ts';

/** A Yjs item id as a string key. */
function key(client: number, clock: number): string {
  return `${client}:${clock}`;
}

/** The Yjs ids of the characters at `positions` of `view`'s document. */
export function characterIds(view: EditorView, positions: Iterable<number>): Set<string> {
  const out = new Set<string>();
  const at = articlePositions(view.state);
  if (!at) return out;
  for (const pos of positions) {
    const item = relativeAt(at, pos).item;
    if (item) out.add(key(item.client, item.clock));
  }
  return out;
}

/**
 * Was this character typed by the run? Asked with its text and its Yjs id:
 * a deleted character's text is gone once Yjs collects it, so the run must
 * know typed characters by id too.
 */
export type TypedTest = (ch: string, client: number, clock: number) => boolean;

/** The item holding the character at `pos`, and the character's offset in it. */
function itemAt(view: EditorView, pos: number): { item: Y.Item; offset: number } | null {
  const at = articlePositions(view.state);
  const id = at ? relativeAt(at, pos).item : null;
  if (!at || !id) return null;
  const item = Y.getItem(at.doc.store, id) as Y.Item;
  return { item, offset: id.clock - item.id.clock };
}

/**
 * The neighbouring character of (item, offset) on one side that was not typed
 * by the run (typed characters, deleted ones included, are skipped: they may
 * themselves be inside; so are deleted characters that were never the span's),
 * with whether it is the span's own; null at the text's end.
 */
function neighbour(
  start: { item: Y.Item; offset: number },
  step: -1 | 1,
  typed: TypedTest,
  own: (client: number, clock: number) => boolean,
): boolean {
  let { item, offset } = start;
  for (;;) {
    offset += step;
    while (offset < 0 || offset >= item.length) {
      const next = step < 0 ? item.left : item.right;
      if (!next) return false;
      item = next as Y.Item;
      offset = step < 0 ? item.length - 1 : 0;
    }
    // Formatting is no character. A deleted character is one even when Yjs has collected its text (its content is
    // then ContentDeleted, which does not count): it still placed its neighbours, and may have been the span's.
    if (!item.countable && !item.deleted) continue;
    const content = item.content;
    const ch = content instanceof Y.ContentString ? (content.str[offset] ?? '') : '';
    if (typed(ch, item.id.client, item.id.clock + offset)) continue;
    const mine = own(item.id.client, item.id.clock + offset);
    // A deleted character that was never the span's places nothing: look past it (text typed where a span's
    // own characters lie on both sides, deleted words in between, is between them as Yjs placed it).
    if (item.deleted && !mine) continue;
    return mine;
  }
}

/**
 * True when the typed character at `pos` lies strictly between two of the
 * span's own characters in the merged order. `own` says which characters are
 * the span's (those it covered at creation, and those it covers now that the
 * run did not type).
 */
export function typedInside(
  view: EditorView,
  pos: number,
  typed: TypedTest,
  own: (client: number, clock: number) => boolean,
): boolean {
  const start = itemAt(view, pos);
  if (!start) return false;
  return neighbour(start, -1, typed, own) && neighbour(start, 1, typed, own);
}

export { key as idKey };
