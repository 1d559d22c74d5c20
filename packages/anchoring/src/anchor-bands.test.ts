/**
 * Anchoring never puts an annotation on the wrong words: pages where a quote repeats many times, selectors with
 * empty, whitespace-only and off-by-one contexts, quotes at the very start and end, each text perturbed four ways.
 * Every result is right, ambiguous with the right place listed (when the selector carries evidence), or an
 * orphan with a reason — never a decided span elsewhere.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TextAnchorer } from './anchor.ts';
import type { AnchorResult } from './bands.ts';
import { describeSpan, type TextPositionSelector, type TextQuoteSelector } from './selectors.ts';
import { ANCHOR_THRESHOLDS } from './thresholds.ts';

const QUOTE = 'the ministry said on Monday';

/** A wire story where QUOTE occurs ten times, each in its own sentence; it starts and ends with the quote. */
function page(): string {
  const lead = [
    'Varnia will hold drills in the Kessel Sea',
    'Patrols continue near the border',
    'The budget rose to 4.2 billion crowns',
    'Estlund was not notified',
    'The fleet intercepted 17 aircraft',
    'Six submarines take part',
    'More than 50,000 soldiers take part',
    'The exercises end on 28 March',
  ];
  const middle = lead.map((l, i) => `${l}, ${QUOTE}${i % 2 ? ' in a statement' : ''}.`).join(' ');
  return `${QUOTE} that drills begin. ${middle}\n\nAsked again on Friday, ${QUOTE}`;
}

/** Start offsets of every occurrence of `needle`. */
function starts(text: string, needle: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) out.push(i);
  return out;
}

type ContextKind = 'full' | 'empty' | 'whitespace' | 'off-by-one';

/** The selectors of occurrence `at` of QUOTE in `text`, with the context made as `kind` says. */
function selectors(
  text: string,
  at: number,
  kind: ContextKind,
): { quote: TextQuoteSelector; position: TextPositionSelector } {
  const { quote, position } = describeSpan(text, at, at + QUOTE.length);
  if (kind === 'empty') return { quote: { ...quote, prefix: '', suffix: '' }, position };
  if (kind === 'whitespace') return { quote: { ...quote, prefix: ' \n  ', suffix: '\t ' }, position };
  if (kind === 'off-by-one')
    return {
      quote: { ...quote, prefix: ` ${quote.prefix ?? ''}`.slice(0, -1), suffix: (quote.suffix ?? '').slice(1) },
      position,
    };
  return { quote, position };
}

type Perturbation = 'none' | 'edited' | 'duplicated' | 'rewritten' | 'deleted';

/** `text` changed at the occurrence at `at`; where the right span is afterwards (null: gone). */
function perturb(
  text: string,
  at: number,
  how: Perturbation,
): { text: string; right: { start: number; end: number } | null; copy?: number } {
  const end = at + QUOTE.length;
  switch (how) {
    case 'none':
      return { text, right: { start: at, end } };
    case 'edited': {
      // Two characters of 27 changed (≤ 10%).
      const edited = `${QUOTE.slice(0, 4)}Ministry said in Monday`;
      return { text: text.slice(0, at) + edited + text.slice(end), right: { start: at, end: at + edited.length } };
    }
    case 'duplicated': {
      // The sentence holding it, once more right after itself.
      const from = Math.max(0, text.lastIndexOf('.', at) + 1);
      const stop = text.indexOf('.', end);
      const to = stop < 0 ? text.length : stop + 1;
      const copy = ` ${text.slice(from, to).trim()}`;
      // The same words again, in the original's context: the copy is the same passage, so either is right
      // (without a position the copy may fit the selector's context even better than the original does).
      return {
        text: text.slice(0, to) + copy + text.slice(to),
        right: { start: at, end },
        copy: to + 1 + (at - from - (text.slice(from, to).length - text.slice(from, to).trimStart().length)),
      };
    }
    case 'rewritten':
      return { text: `${text.slice(0, at)}officials told reporters that week${text.slice(end)}`, right: null };
    case 'deleted':
      return { text: text.slice(0, at) + text.slice(end), right: null };
  }
}

/** What is wrong with `result` for a span whose right place is `right` (null: gone); null when nothing is. */
function wrongness(
  result: AnchorResult,
  right: { start: number; end: number } | null,
  evidence: boolean,
): string | null {
  const isRight = (c: { start: number; end: number }) =>
    right !== null && c.start === right.start && c.end === right.end;
  if (result.status === 'confirmed' || result.status === 'approximate')
    return isRight(result) ? null : `decided on ${result.start}..${result.end}, right is ${JSON.stringify(right)}`;
  if (result.status === 'ambiguous') {
    if (result.candidates.length < 2 && right === null) return 'ambiguous with fewer than two candidates';
    if (right !== null && evidence && !result.candidates.some(isRight)) return 'ambiguous without the right place';
    return null;
  }
  return result.status === 'orphan' && result.reason ? null : 'an orphan without a reason';
}

describe('anchoring bands on a page where the quote repeats ten times', () => {
  const text = page();
  const occurrences = starts(text, QUOTE);

  it('has the fixture it claims: ten repeats, one at the very start, one at the very end', () => {
    expect(occurrences.length).toBeGreaterThanOrEqual(9);
    expect(occurrences[0]).toBe(0);
    expect(occurrences.at(-1)).toBe(text.length - QUOTE.length);
  });

  const contexts: ContextKind[] = ['full', 'empty', 'whitespace', 'off-by-one'];
  const perturbations: Perturbation[] = ['none', 'edited', 'duplicated', 'rewritten', 'deleted'];
  it('never decides on a wrong span, with or without the position, for every occurrence, context and perturbation', () => {
    const problems: string[] = [];
    let decided = 0;
    let cases = 0;
    for (const [i, at] of occurrences.entries())
      for (const kind of contexts)
        for (const how of perturbations)
          for (const withPosition of [true, false]) {
            const { quote, position } = selectors(text, at, kind);
            const after = perturb(text, at, how);
            const result = new TextAnchorer(after.text).anchor(quote, withPosition ? position : undefined);
            const evidence = withPosition || kind === 'full' || kind === 'off-by-one';
            const copy = after.copy;
            const onCopy = copy !== undefined && 'start' in result && result.start === copy;
            const problem = onCopy ? null : wrongness(result, after.right, evidence);
            cases++;
            if (result.status === 'confirmed' || result.status === 'approximate') decided++;
            if (problem)
              problems.push(`occurrence ${i}, ${kind} context, ${how}, position ${withPosition}: ${problem}`);
          }
    expect(problems).toEqual([]);
    // Not by refusing everything.
    expect(cases).toBe(occurrences.length * 40);
    expect(decided).toBeGreaterThan(cases / 4);
  });

  it('confirms each occurrence by its context alone, off by one character or not', () => {
    for (const at of occurrences)
      for (const kind of ['full', 'off-by-one'] as const) {
        const { quote } = selectors(text, at, kind);
        expect(new TextAnchorer(text).anchor(quote)).toMatchObject({ status: 'confirmed', start: at });
      }
  });

  it('calls a repeat with no context and no position ambiguous, listing the candidates, never "exact"', () => {
    for (const kind of ['empty', 'whitespace'] as const) {
      const { quote } = selectors(text, occurrences[3] as number, kind);
      const result = new TextAnchorer(text).anchor(quote);
      expect(result.status).toBe('ambiguous');
      if (result.status !== 'ambiguous') return;
      expect(result.candidates).toHaveLength(ANCHOR_THRESHOLDS.listedCandidates);
      for (const c of result.candidates) expect(text.slice(c.start, c.end)).toBe(QUOTE);
    }
  });

  it('keeps a good match at the position over an exact occurrence elsewhere whose context disagrees', () => {
    const at = occurrences[4] as number;
    const { quote, position } = selectors(text, at, 'full');
    const after = perturb(text, at, 'edited');
    const result = new TextAnchorer(after.text).anchor(quote, position);
    expect(result).toMatchObject({ status: 'approximate', start: after.right?.start, end: after.right?.end });
  });
});

describe('anchoring on random texts with planted repeats and random edits', () => {
  const words = ['drills', 'the', 'fleet', 'said', 'on', 'Monday', 'troops', 'border', 'aircraft', 'ministry'];
  it('never returns text that is not the quote within the threshold, nor another occurrence — the original kept, edited or deleted', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...words), { minLength: 30, maxLength: 120 }),
        fc.array(fc.constantFrom(...words), { minLength: 3, maxLength: 6 }),
        fc.array(fc.nat(), { minLength: 2, maxLength: 6 }),
        fc.nat(),
        fc.boolean(),
        fc.constantFrom('keep', 'edit', 'delete'),
        (filler, quoteWords, plants, pick, withPosition, how) => {
          const quote = quoteWords.join(' ');
          const pieces = [...filler];
          for (const p of plants) pieces.splice(p % (pieces.length + 1), 0, quote);
          const text = pieces.join(' ');
          const all = starts(text, quote);
          const at = all[pick % all.length] as number;
          const selector = describeSpan(text, at, at + quote.length);
          let after = text;
          let right: { start: number; end: number } | null = { start: at, end: at + quote.length };
          if (how === 'edit') {
            // One character of the quote's middle changed (within the threshold).
            const i = at + Math.floor(quote.length / 2);
            after = `${text.slice(0, i)}#${text.slice(i + 1)}`;
          } else if (how === 'delete') {
            after = text.slice(0, at) + text.slice(at + quote.length);
            right = null;
          }
          const result = new TextAnchorer(after).anchor(selector.quote, withPosition ? selector.position : undefined);
          if (result.status !== 'confirmed' && result.status !== 'approximate') return;
          // Whatever it decides is the quote within the threshold...
          const found = after.slice(result.start, result.end);
          const similar = 1 - editDistance(found, quote) / quote.length;
          expect(similar).toBeGreaterThanOrEqual(ANCHOR_THRESHOLDS.minQuoteSimilarity - 1e-9);
          // ...and never another occurrence (the original deleted or not), unless nothing could tell them apart:
          // the words around the other one are the selector's context too.
          if (right && result.start === right.start) return;
          const there = describeSpan(after, result.start, result.end).quote;
          // Only a side that is evidence counts (an empty prefix at the text's start says nothing elsewhere); a side
          // counts as the same when it is within the documented agreement of the selector's (by the test's own
          // edit distance): in a text this repetitive, the other repeat is then the same words in the same words.
          const alike = (ours: string, theirs: string) =>
            1 - freeEndDistance(ours, theirs) / Math.max(1, ours.length) >= ANCHOR_THRESHOLDS.contextAgrees;
          // Each side is aligned (whitespace runs as one space) from the quote's edge outward against the text
          // beside the other place, its far end free — the measure docs/formats.md documents.
          const ws = (t: string) => t.replace(/\s+/g, ' ');
          const side = (ours: string, theirs: string) => ours.trim().length < 4 || alike(ws(ours), ws(theirs));
          const reverse = (t: string) => [...t].reverse().join('');
          const prefix = selector.quote.prefix ?? '';
          const suffix = selector.quote.suffix ?? '';
          const before = after.slice(Math.max(0, result.start - prefix.length - 8), result.start);
          const behind = after.slice(result.end, result.end + suffix.length + 8);
          const indistinguishable = side(reverse(prefix), reverse(before)) && side(suffix, behind);
          if (!indistinguishable)
            throw new Error(
              `decided on ${result.start}, the quote was at ${right?.start ?? 'a deleted place'} (${how}): ${JSON.stringify({ selector: selector.quote, there })}`,
            );
        },
      ),
      { numRuns: Number(process.env.FACTMARK_PROPERTY_RUNS ?? 500) },
    );
  });
});

/** Edits that turn `pattern` into some prefix of `text` (the test's own full matrix, to judge the engine's result). */
function freeEndDistance(pattern: string, text: string): number {
  const d: number[][] = [];
  for (let i = 0; i <= pattern.length; i++) {
    const row = [i];
    for (let j = 1; j <= text.length; j++) {
      const up =
        i === 0
          ? j
          : Math.min(
              (d[i - 1] as number[])[j]! + 1,
              row[j - 1]! + 1,
              (d[i - 1] as number[])[j - 1]! + (pattern[i - 1] === text[j - 1] ? 0 : 1),
            );
      row.push(up);
    }
    d.push(row);
  }
  return Math.min(...(d[pattern.length] as number[]));
}

/** Levenshtein distance (the test's own, to judge the engine's result). */
function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(
        (row[j] as number) + 1,
        (next[j - 1] as number) + 1,
        (row[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    row = next;
  }
  return row[b.length] as number;
}
