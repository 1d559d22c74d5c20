/**
 * What the page posts to the claim finder's worker: every block the first
 * time, then only the blocks an edit made (a keystroke: one), with every
 * block's key in order and the caret's block to start from.
 */
import { articleFromText, articleSchema } from '@factmark/editor';
import fc from 'fast-check';
import type { NodeRange } from 'prosemirror-model';
import { EditorState } from 'prosemirror-state';
import { describe, expect, it } from 'vitest';
import { FakeWorker } from '../test-support/hints.ts';
import { HintAnalysis } from './hint-analysis.ts';
import { type AnalyseRequest, type AnalyseResult, type BlockHint, orderAfter } from './hint-protocol.ts';

const PARAGRAPHS = [
  'More than 50,000 soldiers and 140 aircraft took part.',
  'The ministry said on Monday that the drills would end.',
  'Officials warned of malicious or malicious cyber operations.',
];

function setup() {
  // The worker keeps a copy of each message, as postMessage gives it.
  const worker = new FakeWorker();
  const analysis = new HintAnalysis(
    () => {},
    () => worker as unknown as Worker,
  );
  const state = EditorState.create({ doc: articleFromText(PARAGRAPHS.join('\n\n'), 'Drills') });
  return { analysis, posted: worker.posted, state, worker };
}

describe('posting blocks to the worker', () => {
  it('sends every block once, then only the block a keystroke changed', () => {
    const { analysis, posted, state } = setup();
    analysis.update(state.doc);
    expect(posted[0]?.texts.map(([, text]) => text)).toEqual(['Drills', ...PARAGRAPHS]);
    expect(posted[0]?.title).toBe(true);

    const blocks = analysis.blocks(state.doc);
    const typedAt = (blocks[2]?.start ?? 0) + 4;
    const typed = state.apply(state.tr.insertText('X', typedAt));
    analysis.update(typed.doc, typed.doc.resolve(typedAt));
    const second = posted[1] as AnalyseRequest;
    expect(second.texts.map(([, text]) => text)).toEqual(['The Xministry said on Monday that the drills would end.']);
    // Not every key again: the one block replaced, at its index.
    expect(second.order).toBeNull();
    expect(second.replaced).toEqual([[2, second.texts[0]?.[0]]]);
    expect(second.near).toBe(2);
  });

  it('sends new and changed blocks when the article changes shape, and keeps the keys of the rest', () => {
    const { analysis, posted, state } = setup();
    analysis.update(state.doc);
    const end = state.doc.content.size;
    const added = state.apply(
      state.tr.insert(end, articleSchema.node('paragraph', null, articleSchema.text('A new paragraph.'))),
    );
    analysis.update(added.doc, added.doc.resolve(end + 1));
    const second = posted[1] as AnalyseRequest;
    expect(second.texts.map(([, text]) => text)).toEqual(['A new paragraph.']);
    expect(second.order?.slice(0, 4)).toEqual(posted[0]?.order);
    expect(second.order).toHaveLength(5);
    expect(second.near).toBe(4);
  });

  it("leaves the worker, whatever the edits, with every block in order, the text of each and the caret's block", () => {
    const edit = fc.record({
      kind: fc.constantFrom('type', 'type', 'split', 'join', 'delete'),
      at: fc.nat(),
      text: fc.constantFrom('X', ' more than 50,000', 'Ministry. '),
    });
    fc.assert(
      fc.property(fc.array(edit, { maxLength: 15 }), (edits) => {
        let { analysis, posted, state } = setup();
        // The worker's side: its order and texts as the requests leave them.
        let order: number[] = [];
        const texts = new Map<number, string>();
        const post = (head: number) => {
          analysis.update(state.doc, state.doc.resolve(head));
          const request = posted[posted.length - 1] as AnalyseRequest;
          for (const [key, text] of request.texts) texts.set(key, text);
          order = orderAfter(order, request);
          const blocks: string[] = [];
          // The caret's block, where the worker starts: the one whose content holds the caret.
          let caretBlock = -1;
          state.doc.descendants((node, pos) => {
            if (!node.isTextblock) return true;
            if (pos < head && head <= pos + 1 + node.content.size) caretBlock = blocks.length;
            blocks.push(node.textContent);
            return false;
          });
          expect(order.map((key) => texts.get(key))).toEqual(blocks);
          if (caretBlock >= 0) expect(request.near).toBe(caretBlock);
        };
        post(0);
        for (const { kind, at, text } of edits) {
          const size = state.doc.content.size;
          const pos = Math.max(2, Math.min(size - 2, 1 + (at % size)));
          const $pos = state.doc.resolve(pos);
          if (!$pos.parent.isTextblock) continue;
          const tr = state.tr;
          if (kind === 'type') tr.insertText(text, pos);
          else if (kind === 'split' && $pos.parent.type.name === 'paragraph') tr.split(pos);
          else if (kind === 'join' && $pos.index(0) > 1) tr.join($pos.before(1));
          else if (kind === 'delete') tr.delete(pos, Math.min(pos + 3, $pos.end()));
          state = state.apply(tr);
          post(pos);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('finding answered blocks', () => {
  it('keeps a block that a join above it and a split below it moved without changing the count', () => {
    const { analysis, posted } = setup();
    const fourth = 'Its spokesman said more on Tuesday.';
    let state = EditorState.create({ doc: articleFromText([...PARAGRAPHS, fourth].join('\n\n'), 'Drills') });
    analysis.update(state.doc);
    const third = state.doc.child(3);
    // Between two posts: the first two paragraphs joined, the fourth split. The third paragraph is the same node,
    // one index up, and the article has as many blocks as before.
    const joinAt = 1 + (state.doc.child(0).nodeSize + state.doc.child(1).nodeSize) - 1;
    state = state.apply(state.tr.join(joinAt));
    const fourthStart = state.doc.content.size - state.doc.lastChild!.nodeSize + 1;
    state = state.apply(state.tr.split(fourthStart + 'Its spokesman'.length));
    expect(state.doc.child(2)).toBe(third);
    expect(state.doc.childCount).toBe(5);
    analysis.update(state.doc);
    const key = analysis.keyOf(third);
    // Not sent again (the worker has its text), and found where it is now.
    expect(posted.at(-1)?.texts.map(([k]) => k)).not.toContain(key);
    const found = analysis.locate(state.doc, new Set([key]));
    expect(found).toEqual(analysis.blocks(state.doc).filter((b) => b.key === key));
    expect(found).toHaveLength(1);
  });

  it('finds each posted block where a walk of the article finds it, and leaves out the blocks gone since', () => {
    const edit = fc.record({
      kind: fc.constantFrom('type', 'type', 'split', 'join', 'delete', 'quote', 'post'),
      at: fc.nat(),
    });
    fc.assert(
      fc.property(fc.array(edit, { maxLength: 20 }), fc.array(fc.nat(), { maxLength: 6 }), (edits, picks) => {
        let { analysis, posted, state } = setup();
        analysis.update(state.doc);
        for (const { kind, at } of edits) {
          const size = state.doc.content.size;
          const pos = Math.max(2, Math.min(size - 2, 1 + (at % size)));
          const $pos = state.doc.resolve(pos);
          if (!$pos.parent.isTextblock) continue;
          const tr = state.tr;
          try {
            if (kind === 'type') tr.insertText('X', pos);
            else if (kind === 'split' && $pos.parent.type.name === 'paragraph') tr.split(pos);
            else if (kind === 'join' && $pos.index(0) > 1) tr.join($pos.before(1));
            else if (kind === 'delete') tr.delete(pos, Math.min(pos + 3, $pos.end()));
            else if (kind === 'quote' && $pos.parent.type.name === 'paragraph' && $pos.depth === 1)
              tr.wrap($pos.blockRange() as NodeRange, [{ type: articleSchema.nodes.blockquote }]);
            else if (kind === 'post') analysis.update(state.doc, $pos);
          } catch {
            continue; // an edit the schema refuses (joining a paragraph onto a quote)
          }
          state = state.apply(tr);
        }
        // Any keys ever posted, some of them gone from the article now.
        const everPosted = [...new Set(posted.flatMap((r) => r.texts.map(([key]) => key)))];
        const keys = new Set(picks.map((i) => everPosted[i % everPosted.length] as number));
        const walked = analysis.blocks(state.doc).filter((b) => keys.has(b.key));
        expect(analysis.locate(state.doc, keys)).toEqual(walked);
      }),
      { numRuns: 300 },
    );
  });
});

describe('counting the answers', () => {
  it('counts the undecided claims and slips of the answers as a count over every answer does', () => {
    // Hints from a small pool, so that one hint key is met in several blocks (a repeated sentence).
    const hint = fc.record({ key: fc.constantFrom('a', 'b', 'c', 'd', 'e'), slip: fc.boolean() }).map(
      ({ key, slip }): BlockHint => ({
        kind: key === 'e' || (slip && key !== 'a') ? 'doubled' : 'numeric',
        start: 0,
        end: 1,
        text: key,
        reason: key,
        key,
      }),
    );
    const answer = fc.record({
      changed: fc.array(fc.tuple(fc.integer({ min: 1, max: 6 }), fc.array(hint, { maxLength: 4 })), { maxLength: 4 }),
      removed: fc.array(fc.integer({ min: 1, max: 6 }), { maxLength: 2 }),
      decided: fc.subarray(['a', 'b', 'c', 'd', 'e', 'z']),
    });
    fc.assert(
      fc.property(fc.array(answer, { maxLength: 12 }), (answers) => {
        const { analysis, state, worker } = setup();
        analysis.update(state.doc);
        for (const { changed, removed, decided } of answers) {
          worker.onmessage?.({
            data: { version: 1, changed, removed, last: false },
          } as unknown as MessageEvent<AnalyseResult>);
          const expected = { claims: 0, slips: 0 };
          for (const hints of analysis.results.values())
            for (const h of hints) if (!decided.includes(h.key)) expected[h.kind === 'doubled' ? 'slips' : 'claims']++;
          expect(analysis.undecidedCounts(new Set(decided))).toEqual(expected);
        }
      }),
      { numRuns: 300 },
    );
  });
});
