/**
 * The search's filters against a textbook oracle: every alignment of a pattern with at most k edits, found by the full
 * dynamic programme over the whole text, must lie in a window the filter gives — on texts of a few letters, where
 * every gram is common (the index then counts non-overlapping grams) and on texts of many (it counts them all).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Question } from './bands.ts';
import { GramIndex, windowsBesideSureSide } from './search.ts';
import { ANCHOR_THRESHOLDS } from './thresholds.ts';

/** Every [start, end) of `text` that `pattern` aligns to with at most `k` edits (one start per end: the table's). */
function alignments(text: string, pattern: string, k: number): [number, number][] {
  const m = pattern.length;
  let cost = Array.from({ length: m + 1 }, (_, i) => i);
  let start = Array.from({ length: m + 1 }, () => 0);
  const found: [number, number][] = [];
  for (let j = 1; j <= text.length; j++) {
    const nextCost = [0];
    const nextStart = [j];
    for (let i = 1; i <= m; i++) {
      const options: [number, number][] = [
        [(cost[i - 1] as number) + (pattern[i - 1] === text[j - 1] ? 0 : 1), start[i - 1] as number],
        [(cost[i] as number) + 1, start[i] as number],
        [(nextCost[i - 1] as number) + 1, nextStart[i - 1] as number],
      ];
      const best = options.reduce((a, b) => (b[0] < a[0] ? b : a));
      nextCost[i] = best[0];
      nextStart[i] = best[1];
    }
    cost = nextCost;
    start = nextStart;
    if ((cost[m] as number) <= k) found.push([start[m] as number, j]);
  }
  return found;
}

const covered = (windows: [number, number][], [s, e]: [number, number]) => windows.some(([a, b]) => a <= s && e <= b);

/** A text of `letters` (few: every gram common) with the pattern planted in it, edited. */
const planted = (letters: string[]) =>
  fc
    .record({
      text: fc.string({ unit: fc.constantFrom(...letters), minLength: 200, maxLength: 1200 }),
      length: fc.integer({ min: 12, max: 60 }),
      at: fc.nat(),
      from: fc.nat(),
      edits: fc.array(fc.record({ at: fc.nat(), kind: fc.constantFrom('sub', 'del', 'ins') }), { maxLength: 8 }),
    })
    .map(({ text, length, at, from, edits }) => {
      const start = from % Math.max(1, text.length - length);
      const pattern = text.slice(start, start + length);
      let copy = pattern;
      for (const e of edits) {
        const p = e.at % Math.max(1, copy.length);
        const other = letters[(letters.indexOf(copy[p] ?? '') + 1) % letters.length] as string;
        if (e.kind === 'sub') copy = copy.slice(0, p) + other + copy.slice(p + 1);
        else if (e.kind === 'del') copy = copy.slice(0, p) + copy.slice(p + 1);
        else copy = copy.slice(0, p) + other + copy.slice(p);
      }
      const where = at % text.length;
      return { text: text.slice(0, where) + copy + text.slice(where), pattern, k: Math.max(1, edits.length) };
    });

describe('the gram index diagonal filter', () => {
  for (const [kind, letters] of [
    ['a few letters (every gram common)', ['a', 'b', ' ']],
    ['many letters', 'abcdefghijklmnopqrstuvwxyz '.split('')],
  ] as const)
    it(`never loses an alignment within k edits: ${kind}`, () => {
      fc.assert(
        fc.property(planted([...letters]), ({ text, pattern, k }) => {
          const windows = new GramIndex(text).candidateWindows(pattern, k);
          if (windows === null) return; // the filter tells nothing: the whole text is searched
          for (const match of alignments(text, pattern, k)) expect(covered(windows, match)).toBe(true);
        }),
        { numRuns: 300 },
      );
    });
});

describe('windows beside a sure side of context', () => {
  it('hold every match within the edits whose prefix (or suffix) is sure beside it', () => {
    fc.assert(
      fc.property(
        planted(['a', 'b', 'c', ' ']),
        fc.integer({ min: 4, max: 80 }),
        fc.boolean(),
        ({ text, pattern, k }, contextLength, prefixSide) => {
          // The context is the text beside the planted copy's first alignment, so some match has a sure side.
          const first = alignments(text, pattern, k)[0];
          if (!first) return;
          const side = prefixSide
            ? text.slice(Math.max(0, first[0] - contextLength), first[0])
            : text.slice(first[1], first[1] + contextLength);
          const ask: Question = {
            exact: pattern,
            prefix: prefixSide ? side : '',
            suffix: prefixSide ? '' : side,
            hint: null,
            reach: 32,
            minQuote: 0,
          };
          if (side.trim().length < ANCHOR_THRESHOLDS.minContextLength) {
            expect(windowsBesideSureSide(text, ask, k)).toEqual([]);
            return;
          }
          const windows = windowsBesideSureSide(text, ask, k);
          const sure = Math.floor(side.length * (1 - ANCHOR_THRESHOLDS.contextSure) + 1e-9);
          for (const [s, e] of alignments(text, pattern, k)) {
            const beside = prefixSide ? text.slice(Math.max(0, s - side.length), s) : text.slice(e, e + side.length);
            // Exactly the side (the sure threshold allows no edit to a context this short): must be in a window.
            if (sure === 0 && beside === side) expect(covered(windows, [s, e])).toBe(true);
          }
          expect(covered(windows, first)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
