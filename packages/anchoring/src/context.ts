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
 * free). Both are short (a context, and a window a little longer), so a plain dynamic programme is enough.
 */
function anchoredDistance(pattern: string, text: string): number {
  const m = pattern.length;
  const n = text.length;
  let previous = new Uint16Array(n + 1);
  let current = new Uint16Array(n + 1);
  for (let j = 0; j <= n; j++) previous[j] = j;
  for (let i = 1; i <= m; i++) {
    current[0] = i;
    for (let j = 1; j <= n; j++) {
      const substitution = (previous[j - 1] as number) + (pattern[i - 1] === text[j - 1] ? 0 : 1);
      current[j] = Math.min(substitution, (previous[j] as number) + 1, (current[j - 1] as number) + 1);
    }
    [previous, current] = [current, previous];
  }
  let best = m;
  for (let j = 0; j <= n; j++) best = Math.min(best, previous[j] as number);
  return best;
}

const reversed = (s: string) => [...s].reverse().join('');

/** The context before a candidate starting at `start` of `text`: how well `prefix` aligns to the text ending there. */
export function prefixScore(text: string, start: number, prefix: string): ContextScore {
  if (!isEvidence(prefix)) return null;
  const window = text.slice(Math.max(0, start - prefix.length - 8), start);
  return 1 - anchoredDistance(reversed(prefix), reversed(window)) / prefix.length;
}

/** The context after a candidate ending at `end` of `text`: how well `suffix` aligns to the text starting there. */
export function suffixScore(text: string, end: number, suffix: string): ContextScore {
  if (!isEvidence(suffix)) return null;
  const window = text.slice(end, end + suffix.length + 8);
  return 1 - anchoredDistance(suffix, window) / suffix.length;
}
