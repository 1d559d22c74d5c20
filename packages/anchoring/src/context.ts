/**
 * How well a selector's context agrees with the text beside a candidate: an alignment (edit distance with the
 * far end free), so one character more or less — a space, a dropped letter — costs one edit instead of shifting
 * every comparison after it. Empty or whitespace-only context is no evidence.
 */
import { ANCHOR_THRESHOLDS } from './thresholds.ts';

/** Similarity (0..1) of `context` to the text it should sit against, or null when the context is no evidence. */
export type ContextScore = number | null;

/** True when `context` says something about where a quote is (enough characters besides whitespace). */
export function isEvidence(context: string): boolean {
  return context.trim().length >= ANCHOR_THRESHOLDS.minContextLength;
}

/**
 * The least number of edits that turn `pattern` into a prefix of `text` (the end of the alignment in `text` is
 * free), reading both from their start — or, `backward`, both from their end (a prefix context is aligned from
 * the quote outwards). Contexts of up to 32 characters (the usual) are aligned with Myers' bit-vector algorithm in
 * Hyyrö's form for edit distance (the text's start anchored: each column of the top row costs one more); longer
 * ones with the plain dynamic programme.
 */
function anchoredDistance(pattern: string, text: string, backward: boolean): number {
  const m = pattern.length;
  const n = text.length;
  const p = (i: number) => pattern.charCodeAt(backward ? m - 1 - i : i);
  const t = (j: number) => text.charCodeAt(backward ? n - 1 - j : j);
  if (m === 0) return 0;
  if (m > 32) return plainDistance(m, n, p, t);
  const peq = new Map<number, number>();
  for (let i = 0; i < m; i++) peq.set(p(i), (peq.get(p(i)) ?? 0) | (1 << i));
  const high = 1 << (m - 1);
  let pv = -1;
  let mv = 0;
  let score = m;
  let best = m;
  for (let j = 0; j < n; j++) {
    const eq = peq.get(t(j)) ?? 0;
    const xv = eq | mv;
    const xh = (((eq & pv) + pv) ^ pv) | eq;
    let ph = mv | ~(xh | pv);
    let mh = pv & xh;
    if (ph & high) score++;
    else if (mh & high) score--;
    ph = (ph << 1) | 1;
    mh <<= 1;
    pv = mh | ~(xv | ph);
    mv = ph & xv;
    if (score < best) best = score;
  }
  return best;
}

/** {@link anchoredDistance} by the plain dynamic programme, over characters read through `p` and `t`. */
function plainDistance(m: number, n: number, p: (i: number) => number, t: (j: number) => number): number {
  let previous = new Uint16Array(n + 1);
  let current = new Uint16Array(n + 1);
  for (let j = 0; j <= n; j++) previous[j] = j;
  for (let i = 1; i <= m; i++) {
    current[0] = i;
    const c = p(i - 1);
    for (let j = 1; j <= n; j++) {
      const substitution = (previous[j - 1] as number) + (c === t(j - 1) ? 0 : 1);
      current[j] = Math.min(substitution, (previous[j] as number) + 1, (current[j - 1] as number) + 1);
    }
    [previous, current] = [current, previous];
  }
  let best = m;
  for (let j = 0; j <= n; j++) best = Math.min(best, previous[j] as number);
  return best;
}

/** The context before a candidate starting at `start` of `text`: how well `prefix` aligns to the text ending there. */
export function prefixScore(text: string, start: number, prefix: string): ContextScore {
  if (!isEvidence(prefix)) return null;
  // Most contexts are found as they were written: no alignment needed.
  if (start >= prefix.length && text.startsWith(prefix, start - prefix.length)) return 1;
  const window = text.slice(Math.max(0, start - prefix.length - 8), start);
  return 1 - anchoredDistance(prefix, window, true) / prefix.length;
}

/** The context after a candidate ending at `end` of `text`: how well `suffix` aligns to the text starting there. */
export function suffixScore(text: string, end: number, suffix: string): ContextScore {
  if (!isEvidence(suffix)) return null;
  if (text.startsWith(suffix, end)) return 1;
  const window = text.slice(end, end + suffix.length + 8);
  return 1 - anchoredDistance(suffix, window, false) / suffix.length;
}
