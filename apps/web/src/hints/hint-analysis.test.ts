/**
 * What the page posts to the claim finder's worker: every block the first
 * time, then only the blocks an edit made (a keystroke: one), with every
 * block's key in order and the caret's block to start from.
 */
import { articleFromText, articleSchema } from '@factmark/editor';
import { EditorState } from 'prosemirror-state';
import { describe, expect, it } from 'vitest';
import { HintAnalysis } from './hint-analysis.ts';
import type { AnalyseRequest } from './hint-protocol.ts';

const PARAGRAPHS = [
  'More than 50,000 soldiers and 140 aircraft took part.',
  'The ministry said on Monday that the drills would end.',
  'Officials warned of malicious or malicious cyber operations.',
];

function setup() {
  const posted: AnalyseRequest[] = [];
  const worker = { postMessage: (r: AnalyseRequest) => posted.push(r), terminate() {}, onmessage: null };
  const analysis = new HintAnalysis(
    () => {},
    () => worker as unknown as Worker,
  );
  const state = EditorState.create({ doc: articleFromText(PARAGRAPHS.join('\n\n'), 'Drills') });
  return { analysis, posted, state };
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
    analysis.update(typed.doc, typedAt);
    const second = posted[1] as AnalyseRequest;
    expect(second.texts.map(([, text]) => text)).toEqual(['The Xministry said on Monday that the drills would end.']);
    expect(second.order.filter((key, i) => key !== posted[0]?.order[i])).toEqual([second.texts[0]?.[0]]);
    expect(second.near).toBe(2);
  });

  it('sends new and changed blocks when the article changes shape, and keeps the keys of the rest', () => {
    const { analysis, posted, state } = setup();
    analysis.update(state.doc);
    const end = state.doc.content.size;
    const added = state.apply(
      state.tr.insert(end, articleSchema.node('paragraph', null, articleSchema.text('A new paragraph.'))),
    );
    analysis.update(added.doc, end + 1);
    const second = posted[1] as AnalyseRequest;
    expect(second.texts.map(([, text]) => text)).toEqual(['A new paragraph.']);
    expect(second.order.slice(0, 4)).toEqual(posted[0]?.order);
    expect(second.order).toHaveLength(5);
    expect(second.near).toBe(4);
  });
});
