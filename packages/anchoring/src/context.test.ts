/**
 * The context scores against a textbook oracle: the edit distance of the context to a prefix of the text beside
 * the candidate (far end free), by the full dynamic programme over whole strings — so the bit-vector alignment
 * (contexts up to 32 characters) and the plain one (longer) must agree with it on every input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prefixScore, suffixScore } from './context.ts';

/** Least edits turning `pattern` into a prefix of `text`, by the full table. */
function oracle(pattern: string, text: string): number {
  let previous = Array.from({ length: text.length + 1 }, (_, j) => j);
  for (let i = 1; i <= pattern.length; i++) {
    const current = [i];
    for (let j = 1; j <= text.length; j++) {
      const substitution = (previous[j - 1] as number) + (pattern[i - 1] === text[j - 1] ? 0 : 1);
      current[j] = Math.min(substitution, (previous[j] as number) + 1, (current[j - 1] as number) + 1);
    }
    previous = current;
  }
  return Math.min(pattern.length, ...previous);
}

const reverse = (s: string) => [...s].reverse().join('');
/** Few letters, so contexts and texts share many characters and alignments are not trivial. */
const unit = fc.constantFrom('a', 'b', 'c', 'd', ' ');

describe('context scores', () => {
  it('agree with the full edit-distance table, before and after a candidate, short and long contexts', () => {
    fc.assert(
      fc.property(
        fc.string({ unit, minLength: 4, maxLength: 48 }).filter((c) => c.trim().length >= 4),
        fc.string({ unit, maxLength: 90 }),
        (context, text) => {
          const after = text.slice(0, context.length + 8);
          expect(suffixScore(text, 0, context)).toBeCloseTo(1 - oracle(context, after) / context.length, 10);
          const before = text.slice(Math.max(0, text.length - context.length - 8));
          const expected = 1 - oracle(reverse(context), reverse(before)) / context.length;
          expect(prefixScore(text, text.length, context)).toBeCloseTo(expected, 10);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('gives no score for context that is no evidence, and 1 for context found as written', () => {
    expect(prefixScore('the ministry said', 13, '   ')).toBeNull();
    expect(suffixScore('the ministry said', 3, ' ministry')).toBe(1);
    expect(prefixScore('the ministry said', 13, 'the ministry ')).toBe(1);
  });
});
