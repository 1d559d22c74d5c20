/**
 * `normalize` against an oracle built from the platform's own functions (a regular expression for whitespace runs,
 * `String.prototype.normalize` for composition, a table for typographic punctuation): plain wire copy (the fast
 * path) and text with every kind of thing to normalize come out the same, with a map back to where each
 * character came from.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalize } from './text.ts';

const FOLD: Record<string, string> = { '‘': "'", '’': "'", '“': '"', '”': '"', '–': '-', '—': '-' };
const oracle = (s: string) =>
  s
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .replace(/[‘’“”–—]/g, (c) => FOLD[c] as string);

const plain = fc.constantFrom('a', 'b', 'Z', '5', ',', '.', ' ', '\n');
const mixed = fc.constantFrom('a', 'b', ' ', '\n', '\t', '\u00a0', 'é', 'e\u0301', '’', '“', '—');

describe('normalize', () => {
  it.each([
    ['plain wire copy (single spaces and newlines)', plain],
    ['text with runs of whitespace, accents and typographic punctuation', mixed],
  ])('%s: the text the oracle gives, and each character mapped back to its place', (_, unit) => {
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 60 }), (s) => {
        const { text, source, identity } = normalize(s);
        expect(text).toBe(oracle(s));
        // Said to be one for one only when it is: every character in its place.
        if (identity) expect(Array.from(source)).toEqual(Array.from({ length: s.length + 1 }, (_, i) => i));
        expect(source).toHaveLength(text.length + 1);
        expect(source[text.length]).toBe(s.length);
        for (let i = 0; i < text.length; i++) {
          // Each character comes, in order, from the original characters up to the next one's.
          const from = source[i] as number;
          const to = source[i + 1] as number;
          expect(to).toBeGreaterThan(from);
          expect(oracle(s.slice(from, to))).toBe(text[i]);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
