/**
 * Searching a normalized text for a quote: its exact occurrences, and approximate matches (Myers' bit-parallel
 * algorithm from approx-string-match) over the whole text, only where a piece of the quote occurs exactly.
 */
import search from 'approx-string-match';
import { ANCHOR_THRESHOLDS } from './thresholds.ts';

/** The normalized start of every exact occurrence of `exact` (up to the threshold's count). */
export function exactOccurrences(text: string, exact: string): number[] {
  const hits: number[] = [];
  for (
    let i = text.indexOf(exact);
    i >= 0 && hits.length <= ANCHOR_THRESHOLDS.maxOccurrences;
    i = text.indexOf(exact, i + 1)
  )
    hits.push(i);
  return hits;
}

/**
 * Approximate matches of `exact` over the whole text, searched only where one could be: a match with at most
 * `maxErrors` edits keeps one of `maxErrors + 1` disjoint pieces of the quote unedited (the pigeonhole lemma), so
 * the pieces' exact occurrences (indexOf) mark the only windows worth the bit-parallel search. Pieces too short
 * to filter, or too common, fall back to searching the whole text.
 */
export function searchEverywhere(text: string, exact: string, exactStarts: readonly number[], maxErrors: number) {
  const whole = () => search(masked(text, exactStarts, exact.length, 0), exact, maxErrors);
  const pieces = maxErrors + 1;
  const size = Math.floor(exact.length / pieces);
  if (size < ANCHOR_THRESHOLDS.minPiece) return whole();
  const windows: [number, number][] = [];
  for (let p = 0; p < pieces; p++) {
    const offset = p * size;
    const piece = exact.slice(offset, offset + size);
    for (let at = text.indexOf(piece); at >= 0; at = text.indexOf(piece, at + 1)) {
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
