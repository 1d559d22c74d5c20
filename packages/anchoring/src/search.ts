/**
 * Searching a normalized text for a quote: its exact occurrences, and approximate matches (Myers' bit-parallel
 * algorithm from approx-string-match) over the whole text, only where a piece of the quote occurs exactly.
 */
import search from 'approx-string-match';
import { ANCHOR_THRESHOLDS } from './thresholds.ts';

/** Length of the character grams the index keeps. */
const GRAM = 4;

/**
 * Where each 4-character gram of a text starts: a needle's occurrences are read from its rarest gram's list and
 * checked, instead of scanning the whole text once per needle (a document's thousand selectors would scan it a
 * thousand times, and the approximate search's pieces many times more).
 */
export class GramIndex {
  private readonly grams = new Map<string, number[]>();

  constructor(readonly text: string) {
    for (let i = 0; i + GRAM <= text.length; i++) {
      const key = text.substr(i, GRAM);
      const list = this.grams.get(key);
      if (list) list.push(i);
      else this.grams.set(key, [i]);
    }
  }

  /** Every start of `needle` in the text, in order, at most `cap` + 1 of them. */
  occurrences(needle: string, cap: number = ANCHOR_THRESHOLDS.maxOccurrences): number[] {
    const { text } = this;
    const hits: number[] = [];
    if (needle.length < GRAM) {
      for (let i = text.indexOf(needle); i >= 0 && hits.length <= cap; i = text.indexOf(needle, i + 1)) hits.push(i);
      return hits;
    }
    let rarest: number[] | undefined;
    let offset = 0;
    for (let o = 0; o + GRAM <= needle.length; o++) {
      const list = this.grams.get(needle.substr(o, GRAM));
      if (!list) return hits;
      if (!rarest || list.length < rarest.length) {
        rarest = list;
        offset = o;
      }
    }
    for (const at of rarest ?? []) {
      const start = at - offset;
      if (start >= 0 && text.startsWith(needle, start)) hits.push(start);
      if (hits.length > cap) break;
    }
    return hits;
  }
}

/**
 * Approximate matches of `exact` over the whole text, searched only where one could be: a match with at most
 * `maxErrors` edits keeps one of `maxErrors + 1` disjoint pieces of the quote unedited (the pigeonhole lemma), so
 * the pieces' exact occurrences (indexOf) mark the only windows worth the bit-parallel search. Pieces too short
 * to filter, or too common, fall back to searching the whole text.
 */
export function searchEverywhere(index: GramIndex, exact: string, exactStarts: readonly number[], maxErrors: number) {
  const { text } = index;
  const whole = () => search(masked(text, exactStarts, exact.length, 0), exact, maxErrors);
  const pieces = maxErrors + 1;
  const size = Math.floor(exact.length / pieces);
  if (size < ANCHOR_THRESHOLDS.minPiece) return whole();
  const windows: [number, number][] = [];
  for (let p = 0; p < pieces; p++) {
    const offset = p * size;
    const piece = exact.slice(offset, offset + size);
    for (const at of index.occurrences(piece, ANCHOR_THRESHOLDS.maxWindows)) {
      if (windows.length > ANCHOR_THRESHOLDS.maxWindows) return whole();
      windows.push([
        Math.max(0, at - offset - maxErrors),
        Math.min(text.length, at - offset + exact.length + maxErrors),
      ]);
    }
  }
  windows.sort((a, b) => a[0] - b[0]);
  const found: { start: number; end: number; errors: number }[] = [];
  let last: [number, number] | null = null;
  const flush = (w: [number, number]) => {
    const part = masked(text.slice(w[0], w[1]), exactStarts, exact.length, w[0]);
    for (const m of search(part, exact, maxErrors)) found.push({ ...m, start: m.start + w[0], end: m.end + w[0] });
  };
  for (const w of windows) {
    if (last && w[0] <= last[1]) last[1] = Math.max(last[1], w[1]);
    else {
      if (last) flush(last);
      last = [w[0], w[1]];
    }
  }
  if (last) flush(last);
  return found;
}

/** Of candidates that overlap (an approximate search reports one per end), the best scored of each group. */
export function bestOfOverlaps<T extends { start: number; end: number; score: number }>(candidates: T[]): T[] {
  const sorted = [...candidates].sort((a, b) => a.start - b.start);
  const out: T[] = [];
  for (const c of sorted) {
    const last = out[out.length - 1];
    if (last && c.start < last.end) {
      if (c.score > last.score) out[out.length - 1] = c;
    } else out.push(c);
  }
  return out;
}

/** `text` (which starts at offset `from` of the whole) with the ranges of length `length` at `starts` blanked out. */
export function masked(text: string, starts: readonly number[], length: number, from: number): string {
  const parts: string[] = [];
  let at = 0;
  for (const s of starts) {
    const a = Math.max(at, s - from);
    const b = Math.min(text.length, s + length - from);
    if (a >= b) continue;
    parts.push(text.slice(at, a), '\u0000'.repeat(b - a));
    at = b;
  }
  parts.push(text.slice(at));
  return parts.join('');
}
