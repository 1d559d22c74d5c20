/**
 * Analysis by block, cached: a block a keystroke did not touch gets the very same hints array (the editor's
 * worker answers only blocks whose array changed) — also a block holding a repeated sentence, and also after
 * the cache has forgotten the texts of edits past.
 */
import fc from 'fast-check';
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

  it('answers, pass after pass of random edits, what a fresh analysis answers (near repeats across blocks too)', () => {
    // Sentences that repeat one another exactly or nearly, to be moved, dropped and joined across blocks.
    const sentence = fc.constantFrom(
      'More than 50,000 soldiers and 140 aircraft took part, the ministry said on Monday.',
      'More than 50,000 soldiers and 140 aircraft took part in it, the ministry said.',
      'The exercise was the largest in the region since 2015, officials said.',
      'The exercise was the largest in the whole region since 2015.',
      'According to the Defense Ministry. Russian.',
      'It condemned malicious or malicious cyber operations.',
      'Nobody else commented.',
    );
    const block = fc.array(sentence, { minLength: 0, maxLength: 3 }).map((parts) => parts.join(' '));
    const edit = fc.record({ at: fc.nat(), text: block, kind: fc.constantFrom('replace', 'insert', 'delete') });
    fc.assert(
      fc.property(fc.array(block, { minLength: 1, maxLength: 6 }), fc.array(edit, { maxLength: 8 }), (start, edits) => {
        const cache = new HintCache();
        let blocks = ['Drills near the border', ...start];
        const check = () => {
          const cached = analyzeEachBlock(blocks, { title: true, cache });
          expect(cached).toEqual(analyzeEachBlock(blocks, { title: true }));
        };
        check();
        for (const { at, text, kind } of edits) {
          const i = 1 + (at % Math.max(1, blocks.length - 1));
          if (kind === 'replace' && blocks.length > 1) blocks[i] = text;
          else if (kind === 'insert') blocks.splice(i, 0, text);
          else if (blocks.length > 2) blocks.splice(i, 1);
          blocks = [...blocks];
          check();
        }
      }),
      { numRuns: 200 },
    );
  });
});
