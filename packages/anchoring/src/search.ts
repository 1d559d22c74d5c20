/**
 * Searching a normalized text for a quote: its exact occurrences, and approximate matches (Myers' bit-parallel
 * algorithm from approx-string-match) over the whole text, only where enough of the quote's grams line up.
 */
import search from 'approx-string-match';
import type { Question } from './bands.ts';
import { isEvidence } from './context.ts';
import { ANCHOR_THRESHOLDS } from './thresholds.ts';

/** Length of the character grams the index keeps. */
const GRAM = 4;
/**
 * The index's buckets: grams are hashed into about as many lists as the text has characters, at most 2^18 (a
 * collision only costs a check, never a match).
 */
const MAX_BUCKET_BITS = 18;
/** A gram at more places than this is common (see {@link GramIndex.candidateWindows}). */
const COMMON_GRAM = 64;
/** Fewest grams a match must keep for the non-overlapping grams' filter to be worth using (it tells little below). */
const MIN_APART_NEED = 4;

/** The bucket (of 2^`bits`) of the gram of `codes` starting at `i`. */
function bucketOf(codes: Uint16Array, i: number, bits: number): number {
  const h =
    Math.imul(codes[i] as number, 0x9e3779b1) ^
    Math.imul(codes[i + 1] as number, 0x85ebca77) ^
    Math.imul(codes[i + 2] as number, 0xc2b2ae3d) ^
    Math.imul(codes[i + 3] as number, 0x27d4eb2f);
  return Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> (32 - bits);
}

/** The UTF-16 code units of `s`. */
function codesOf(s: string): Uint16Array {
  const out = new Uint16Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/**
 * Where each 4-character gram of a text starts, hashed into buckets held in two flat arrays (built in two passes
 * over the text, a few milliseconds for 200,000 characters): a needle's occurrences are read from its rarest
 * gram's bucket and checked, instead of scanning the whole text once per needle; and the approximate search
 * counts a quote's grams along each diagonal of the text to find the only places worth searching.
 */
export class GramIndex {
  /** `starts[b]` .. `starts[b + 1]`: bucket b's slice of `positions`. */
  private readonly starts: Int32Array;
  /** Every gram start of the text, grouped by bucket, ascending within each. */
  private readonly positions: Int32Array;
  /** Scratch counters of the diagonal filter (one per band of the text), reset after each use. */
  private votes: Int32Array = new Int32Array(0);

  /** log2 of the number of buckets. */
  private readonly bits: number;

  constructor(readonly text: string) {
    const codes = codesOf(text);
    const count = Math.max(0, text.length - GRAM + 1);
    const bits = Math.min(MAX_BUCKET_BITS, Math.max(4, Math.ceil(Math.log2(count + 1))));
    this.bits = bits;
    const buckets = new Int32Array(count);
    const starts = new Int32Array((1 << bits) + 1);
    for (let i = 0; i < count; i++) {
      const b = bucketOf(codes, i, bits);
      buckets[i] = b;
      starts[b + 1] = (starts[b + 1] as number) + 1;
    }
    for (let b = 0; b < 1 << bits; b++) starts[b + 1] = (starts[b + 1] as number) + (starts[b] as number);
    const fill = starts.slice(0, 1 << bits);
    const positions = new Int32Array(count);
    for (let i = 0; i < count; i++) positions[(fill[buckets[i] as number] as number)++] = i;
    this.starts = starts;
    this.positions = positions;
  }

  /** The slice of `positions` where grams hashed like `needle`'s gram at `offset` start. */
  private bucket(needle: Uint16Array, offset: number): [number, number] {
    const b = bucketOf(needle, offset, this.bits);
    return [this.starts[b] as number, this.starts[b + 1] as number];
  }

  /** Every start of `needle` in the text, in order, at most `cap` + 1 of them. */
  occurrences(needle: string, cap: number = ANCHOR_THRESHOLDS.maxOccurrences): number[] {
    const { text } = this;
    const hits: number[] = [];
    if (needle.length < GRAM) {
      for (let i = text.indexOf(needle); i >= 0 && hits.length <= cap; i = text.indexOf(needle, i + 1)) hits.push(i);
      return hits;
    }
    const codes = codesOf(needle);
    let rarest: [number, number] = [0, Number.MAX_SAFE_INTEGER];
    let offset = 0;
    for (let o = 0; o + GRAM <= needle.length; o++) {
      const range = this.bucket(codes, o);
      if (range[1] - range[0] < rarest[1] - rarest[0]) {
        rarest = range;
        offset = o;
      }
      if (range[0] === range[1]) return hits;
    }
    for (let k = rarest[0]; k < rarest[1]; k++) {
      const start = (this.positions[k] as number) - offset;
      if (start >= 0 && text.startsWith(needle, start)) hits.push(start);
      if (hits.length > cap) break;
    }
    return hits;
  }

  /**
   * Windows of the text that may hold the part [`lead`, `lead + span`) of a match of `pattern` with at most
   * `maxErrors` edits, or null when the filter can tell nothing for this pattern. The q-gram lemma: such a match
   * keeps at least m − q + 1 − k·q of the pattern's q-grams, each on a diagonal within k of the match's start.
   * Grams are counted per band of 2k + 1 diagonals (a match's diagonals fall in two neighbouring bands); a hashed
   * collision or a repeated gram only adds a window to check, never loses a match. The commonest grams cost the
   * most to count and tell the least: up to an eighth of the count needed is left out, each lowering the count a
   * match must reach by one, so nothing is lost.
   */
  candidateWindows(pattern: string, maxErrors: number, lead = 0, span = pattern.length): [number, number][] | null {
    const m = pattern.length;
    const grams = m - GRAM + 1;
    let need = grams - maxErrors * GRAM;
    if (grams <= 0 || need <= 0) return null;
    const band = 2 * maxErrors + 1;
    // Diagonal d = (text offset − pattern offset) + m lies in [0, text.length + m).
    const bands = Math.ceil((this.text.length + m) / band) + 2;
    if (this.votes.length < bands) this.votes = new Int32Array(bands);
    const votes = this.votes;
    const touched: number[] = [];
    const codes = codesOf(pattern);
    const ranges = Array.from({ length: grams }, (_, o) => [o, ...this.bucket(codes, o)] as [number, number, number]);
    ranges.sort((a, b) => a[2] - a[1] - (b[2] - b[1]));
    const common = ranges.filter((r) => r[2] - r[1] > COMMON_GRAM).length;
    const skipped = Math.min(Math.floor(need / 8), common);
    need -= skipped;
    let counted = ranges.slice(0, grams - skipped);
    // Grams that do not overlap each lose at most one to an edit: of such a set, a match keeps all but k. Chosen
    // rarest first, they are far fewer places to count where every gram is common (a small vocabulary).
    const apart = apartGrams(ranges);
    const hits = (set: [number, number, number][]) => set.reduce((n, r) => n + r[2] - r[1], 0);
    if (apart.length - maxErrors >= MIN_APART_NEED && hits(apart) * 2 < hits(counted)) {
      counted = apart;
      need = apart.length - maxErrors;
    }
    for (const [o, from, to] of counted) {
      for (let k = from; k < to; k++) {
        const b = Math.floor(((this.positions[k] as number) - o + m) / band);
        if ((votes[b] as number) === 0) touched.push(b);
        votes[b] = (votes[b] as number) + 1;
      }
    }
    const windows: [number, number][] = [];
    for (const b of touched) {
      // The pair of bands b, b + 1 (each pair is looked at from its first band, touched or not).
      for (const first of [b - 1, b]) {
        if (first < 0 || (votes[first] as number) + (votes[first + 1] as number) < need) continue;
        // Diagonals of the pair: [first·band − m, (first + 2)·band − m). The match starts within k of its grams'
        // diagonals, and the part sought within k more of where it would be unedited, and ends at most k later.
        const lowest = first * band - m + lead - 2 * maxErrors;
        const highest = (first + 2) * band - m + lead + span + 3 * maxErrors;
        windows.push([Math.max(0, lowest), Math.min(this.text.length, highest)]);
      }
    }
    for (const b of touched) votes[b] = 0;
    return windows;
  }
}

/** Of grams given rarest first (offset, bucket range), a set of pairwise non-overlapping ones, picked rarest first. */
function apartGrams(ranges: readonly [number, number, number][]): [number, number, number][] {
  const taken: [number, number, number][] = [];
  for (const r of ranges) if (taken.every((t) => Math.abs(t[0] - r[0]) >= GRAM)) taken.push(r);
  return taken;
}

/** What the whole-text search looks for: the quote, and each side of context that is evidence (or ''). */
export interface Sought {
  exact: string;
  prefix: string;
  suffix: string;
  /** Most edits in the quote, and in each side of context, of a match that could be taken or listed. */
  errors: { exact: number; prefix: number; suffix: number };
}

/**
 * Windows that may hold the quote of a match that could matter: one whose context agrees, or is sure on one side
 * (see `TextAnchorer`). A match whose context agrees lies within the edit budget together with its prefix, so the
 * quote is filtered with the prefix attached (a far stronger filter than the quote alone: a passage's own words
 * around it are rarely repeated). One sure on one side only has that side nearly word for word: for contexts of up
 * to 33 characters exactly, so it is beside that side's exact occurrences; longer contexts are filtered on each
 * side. With no context, the quote alone. Null when no filter can tell anything.
 */
function windowsFor(index: GramIndex, sought: Sought): [number, number][] | null {
  const { exact, prefix, suffix, errors } = sought;
  const alone = () => index.candidateWindows(exact, errors.exact);
  const withPrefix = () =>
    index.candidateWindows(prefix + exact, errors.prefix + errors.exact, prefix.length, exact.length);
  const withSuffix = () => index.candidateWindows(exact + suffix, errors.exact + errors.suffix, 0, exact.length);
  if (prefix === '' && suffix === '') return alone();
  if (prefix === '' || suffix === '') return (prefix === '' ? withSuffix() : withPrefix()) ?? alone();
  const exactWhenSure = (side: string) => Math.floor(side.length * (1 - ANCHOR_THRESHOLDS.contextSure) + 1e-9) === 0;
  const agreeing = withPrefix();
  if (agreeing === null) return alone();
  if (exactWhenSure(prefix) && exactWhenSure(suffix)) return [...agreeing, ...besideContext(index, sought)];
  const other = withSuffix();
  return other === null ? alone() : [...agreeing, ...other];
}

/**
 * Windows right beside the places where a side of the selector's context occurs word for word: where the quote,
 * edited, would sit if its context was left alone. The cheap search for a quote that also occurs exactly (see
 * `TextAnchorer`).
 */
function besideContext(index: GramIndex, sought: Sought): [number, number][] {
  const { exact, prefix, suffix } = sought;
  const k = sought.errors.exact;
  const cap = ANCHOR_THRESHOLDS.besideContextPlaces;
  const windows: [number, number][] = [];
  if (prefix !== '')
    for (const at of index.occurrences(prefix, cap)) {
      const start = at + prefix.length;
      windows.push([start, Math.min(index.text.length, start + exact.length + k)]);
    }
  if (suffix !== '')
    for (const at of index.occurrences(suffix, cap)) windows.push([Math.max(0, at - exact.length - k), at]);
  return windows;
}

/**
 * Approximate matches of the quote that could be taken or listed, searched only where one could be (Myers'
 * bit-parallel algorithm, from approx-string-match, on those windows). `everywhere`: over the whole text, where
 * the gram index's diagonal filter (see {@link windowsFor}) marks windows, or all of it when the filter can tell
 * nothing; otherwise only beside the context's exact occurrences ({@link besideContext}).
 */
export function searchApproximately(
  index: GramIndex,
  sought: Sought,
  exactStarts: readonly number[],
  everywhere: boolean,
): { start: number; end: number; errors: number }[] {
  const { text } = index;
  const { exact } = sought;
  const maxErrors = sought.errors.exact;
  const windows = everywhere ? windowsFor(index, sought) : besideContext(index, sought);
  if (windows === null) return search(masked(text, exactStarts, exact.length, 0), exact, maxErrors);
  const found: { start: number; end: number; errors: number }[] = [];
  for (const [a, b] of mergedWindows(windows)) {
    const part = masked(text.slice(a, b), exactStarts, exact.length, a);
    for (const m of search(part, exact, maxErrors)) found.push({ ...m, start: m.start + a, end: m.end + a });
  }
  return found;
}

/** `windows` sorted by start, those that overlap or touch merged into one (a match is searched for once). */
function mergedWindows(windows: readonly [number, number][]): [number, number][] {
  const merged: [number, number][] = [];
  for (const [a, b] of [...windows].sort((x, y) => x[0] - y[0])) {
    const last = merged[merged.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  return merged;
}

/**
 * Windows of `slice` that may hold a match of the quote (with at most `maxErrors` edits) whose context is sure on
 * the side the selector gives as evidence (the prefix, or else the suffix): sorted and merged, empty when neither
 * side is evidence. A side sure at the threshold differs from the text beside the match in at most e edits; cut into
 * e + 1 pieces, one of them is there word for word (the pigeonhole), and the match starts (after a prefix) or ends
 * (before a suffix) within e of where that piece's place puts it. So nothing sure is lost, and the search reads a
 * few dozen characters beside each place a piece occurs instead of the whole slice.
 */
export function windowsBesideSureSide(slice: string, ask: Question, maxErrors: number): [number, number][] {
  const before = isEvidence(ask.prefix);
  const side = before ? ask.prefix : isEvidence(ask.suffix) ? ask.suffix : '';
  if (side === '') return [];
  const e = Math.floor(side.length * (1 - ANCHOR_THRESHOLDS.contextSure) + 1e-9);
  const length = ask.exact.length;
  const windows: [number, number][] = [];
  for (let piece = 0; piece <= e; piece++) {
    const from = Math.floor((piece * side.length) / (e + 1));
    const text = side.slice(from, Math.floor(((piece + 1) * side.length) / (e + 1)));
    for (let at = slice.indexOf(text); at >= 0; at = slice.indexOf(text, at + 1)) {
      // Where the match would start (after a prefix) or end (before a suffix) had the side no edits.
      const edge = before ? at - from + side.length : at - from;
      const start = before ? edge - e : edge - e - length - maxErrors;
      const end = before ? edge + e + length + maxErrors : edge + e;
      windows.push([Math.max(0, start), Math.min(slice.length, end)]);
    }
  }
  return mergedWindows(windows);
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
