/**
 * Analysis by block, cached: a block a keystroke did not touch gets the very same hints array (the editor's
 * worker answers only blocks whose array changed) — also a block holding a repeated sentence, and also after
 * the cache has forgotten the texts of edits past.
 */
import { describe, expect, it } from 'vitest';
import { analyzeEachBlock, HintCache } from './analyze.ts';

const BLOCKS = [
  'Drills near the border',
  'More than 50,000 soldiers and 140 aircraft took part, the ministry said on Monday.',
  'The exercise was the largest in the region since 2015, officials said.',
  'More than 50,000 soldiers and 140 aircraft took part, the ministry said on Monday.',
];

describe('analysis cached by block', () => {
  it('gives untouched blocks, repeated sentences included, the same array when another block changes', () => {
    const cache = new HintCache();
    const first = analyzeEachBlock(BLOCKS, { title: true, cache });
    expect(first[3]?.some((h) => h.kind === 'repeated')).toBe(true);
    const edited = [...BLOCKS];
    edited[2] = 'The exercise was the largest in the region since 2014, officials said.';
    const second = analyzeEachBlock(edited, { title: true, cache });
    expect(second[1]).toBe(first[1]);
    expect(second[3]).toBe(first[3]);
    expect(second[2]).not.toBe(first[2]);
  });

  it('forgets past texts once over its limit, and keeps the ones the article still holds', () => {
    const cache = new HintCache(5);
    const first = analyzeEachBlock(BLOCKS, { title: true, cache });
    let text = BLOCKS[2] as string;
    let last = first;
    for (let i = 0; i < 10; i++) {
      text = `${text} More.`;
      last = analyzeEachBlock([BLOCKS[0] as string, BLOCKS[1] as string, text, BLOCKS[3] as string], {
        title: true,
        cache,
      });
    }
    expect(last[1]).toBe(first[1]);
    expect(last[3]).toBe(first[3]);
  });
});
