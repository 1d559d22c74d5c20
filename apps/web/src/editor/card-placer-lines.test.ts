// @vitest-environment happy-dom
/**
 * The placer after a key that wrapped a line: the cards above the edited block keep their places, those below move
 * by one distance measured once, and every card ends where measuring each again would put it.
 */
import { articleFromText } from '@factmark/editor';
import type { Node as PMNode } from 'prosemirror-model';
import { EditorState } from 'prosemirror-state';
import { describe, expect, it } from 'vitest';
import type { DocumentSession } from '../session/document-session.ts';
import { cardColumn } from '../test-support/card-column.ts';
import { CardPlacer, changedBlocks } from './card-placer.ts';

/** A line of this many characters, this many pixels high: the stand-in layout of the article. */
const LINE_CHARS = 40;
const LINE_PX = 16;

/** Where the stand-in layout draws `pos` of `doc`: the blocks above it, then its line in its block. */
function topOf(doc: PMNode, pos: number): number {
  let top = 0;
  let found = 0;
  doc.forEach((block, offset) => {
    const lines = Math.max(1, Math.ceil(block.content.size / LINE_CHARS)) * LINE_PX;
    if (pos > offset + block.nodeSize) top += lines;
    else if (pos >= offset && found++ === 0) top += Math.floor((pos - offset - 1) / LINE_CHARS) * LINE_PX;
  });
  return top;
}

/**
 * A placer over `state`'s document with cards at `starts`, measuring through the stand-in layout, the page scrolled
 * down by `scroll.y` pixels (the article and the card list move up together).
 */
function placerOver(state: { doc: PMNode }, starts: Map<string, number>, scroll = { y: 0 }) {
  const measured: string[] = [];
  const dom = document.createElement('div');
  Object.defineProperty(dom, 'offsetHeight', { get: () => topOf(state.doc, state.doc.content.size + 1) });
  const view = {
    get state() {
      return { doc: state.doc };
    },
    dom,
    coordsAtPos(pos: number) {
      measured.push([...starts].find(([, p]) => p === pos)?.[0] ?? String(pos));
      const top = topOf(state.doc, pos) - scroll.y;
      return { top, bottom: top + LINE_PX, left: 0, right: 0 };
    },
  };
  const looked: string[] = [];
  const startOf = (id: string) => {
    looked.push(id);
    return starts.get(id);
  };
  const session = { view, startOf } as unknown as DocumentSession;
  const { list, shown, cards } = cardColumn([...starts.keys()]);
  list.getBoundingClientRect = () => ({ top: -scroll.y }) as DOMRect;
  const placer = new CardPlacer({ list, session, items: shown, shown, cards, activeId: null, onWindow: () => {} });
  const tops = () => shown.map(({ id }) => cards.get(id)?.parentElement?.style.top);
  return { placer, measured, looked, tops };
}

const paragraph = (words: string) => `${words} `.repeat(Math.ceil(100 / (words.length + 1))).trim();
const ARTICLE = [
  paragraph('the ministry said on Monday'),
  paragraph('more than 50,000 soldiers and 140 aircraft'),
  paragraph('malicious or malicious cyber operations'),
  paragraph('according to the Defense Ministry. Russian.'),
].join('\n\n');

/** The article with a card ten characters into each block and a second late in the last, placed once, unscrolled. */
function placedArticle() {
  const state = { doc: articleFromText(ARTICLE) };
  const blockStarts: number[] = [];
  state.doc.forEach((_, offset) => {
    blockStarts.push(offset);
  });
  const starts = new Map<string, number>(blockStarts.map((at, i) => [`card${i}`, at + 11]));
  starts.set('late', (blockStarts[3] as number) + 90);
  const scroll = { y: 0 };
  const column = placerOver(state, starts, scroll);
  column.placer.place();
  return { state, blockStarts, starts, scroll, ...column };
}

describe('CardPlacer, a line wrapped', () => {
  it('measures the edited block and one card below it; every card where a full placing puts it', () => {
    const { state, blockStarts, starts, placer, measured, looked, tops } = placedArticle();
    expect(measured).toHaveLength(5);
    /** Type `text` at character `at` of block `block`, as the editor would (the spans after it move with it). */
    const type = (block: number, at: number, text: string) => {
      const tr = EditorState.create({ doc: state.doc }).tr.insertText(text, (blockStarts[block] as number) + at);
      state.doc = tr.doc;
      for (const [id, pos] of starts) starts.set(id, tr.mapping.map(pos));
      measured.length = 0;
      looked.length = 0;
    };
    // Two keys in the first block that wrap no line: every card keeps its place, nothing is looked up or measured.
    type(0, 50, 'xx');
    expect(placer.place(new Set())).toBe(true);
    expect([measured, looked]).toEqual([[], []]);
    // Forty characters typed near the end of the second block, after its card: its card's span did not move.
    type(1, 95, 'x'.repeat(LINE_CHARS));
    // Moved by a line: the window of shown cards stays.
    expect(placer.place(new Set())).toBe(true);
    // The cards of the blocks typed in since the last full placing, and one card below to learn the distance.
    expect(measured).toEqual(['card0', 'card1', 'card2']);
    // Only those are looked up; the others' spans are where that placing found them, moved.
    expect(looked).toEqual(['card0', 'card1']);
    const fresh = placerOver(state, starts);
    fresh.placer.place();
    expect(tops()).toEqual(fresh.tops());
    // Then the second block deleted whole: the cards below it move up, as a full placing puts them.
    const cut = EditorState.create({ doc: state.doc }).tr;
    cut.delete(blockStarts[1] as number, (blockStarts[1] as number) + state.doc.child(1).nodeSize);
    state.doc = cut.doc;
    // Its card's span went with it (the margin would drop the card; its place is no longer measured).
    starts.delete('card1');
    for (const [id, at] of starts) starts.set(id, cut.mapping.map(at));
    const after = placerOver(state, starts);
    after.placer.place();
    placer.place(new Set());
    expect(tops().filter((_, i) => i !== 1)).toEqual(after.tops());
  });

  it('finds the blocks a change touched, by position in the new document', () => {
    const before = articleFromText(ARTICLE);
    const state = EditorState.create({ doc: before });
    const second = before.child(0).nodeSize;
    const typed = state.tr.insertText('x', second + 5).doc;
    expect(changedBlocks(before, typed)).toEqual({ from: second, to: second + typed.child(1).nodeSize });
    // A block removed: a range around where it was (ProseMirror compares the blocks around it by their text).
    const removed = state.tr.delete(second, second + before.child(1).nodeSize).doc;
    const around = changedBlocks(before, removed);
    expect(around && around.from <= second && around.to >= second).toBe(true);
    expect(changedBlocks(before, before)).toBeNull();
    expect(changedBlocks(null, before)).toBeNull();
  });
});

describe('CardPlacer, the page scrolled', () => {
  it('looks up no span when the article did not change, and every card is where a full placing puts it', () => {
    const { state, starts, scroll, placer, looked, measured, tops } = placedArticle();
    scroll.y = 120;
    looked.length = 0;
    measured.length = 0;
    // Anything may have moved (the list is not where it was): every card is measured, none looked up.
    placer.place(null);
    expect(looked).toEqual([]);
    expect(measured).toHaveLength(5);
    const fresh = placerOver(state, starts, scroll);
    fresh.placer.place();
    expect(tops()).toEqual(fresh.tops());
  });

  it('after a key that wraps a line, looks up only the cards of the blocks typed in', () => {
    const { state, blockStarts, starts, scroll, placer, looked, tops } = placedArticle();
    scroll.y = 120;
    const tr = EditorState.create({ doc: state.doc }).tr.insertText(
      'x'.repeat(LINE_CHARS),
      (blockStarts[1] as number) + 95,
    );
    state.doc = tr.doc;
    for (const [id, pos] of starts) starts.set(id, tr.mapping.map(pos));
    looked.length = 0;
    placer.place(new Set());
    expect(looked).toEqual(['card1']);
    const fresh = placerOver(state, starts, scroll);
    fresh.placer.place();
    expect(tops()).toEqual(fresh.tops());
  });

  it('looks up a card whose annotation gained a range in the blocks typed in, though its old start lies below', () => {
    const { state, blockStarts, starts, placer, looked, tops } = placedArticle();
    // The late card's annotation now also covers a word of the second block (a paste of marked text, an undo).
    const schema = state.doc.type.schema;
    const from = (blockStarts[1] as number) + 30;
    const tr = EditorState.create({ doc: state.doc }).tr.addMark(from, from + 5, schema.mark('claim', { id: 'late' }));
    state.doc = tr.doc;
    starts.set('late', from);
    looked.length = 0;
    placer.place(null);
    expect(looked).toContain('late');
    const fresh = placerOver(state, starts);
    fresh.placer.place();
    expect(tops()).toEqual(fresh.tops());
  });
});
