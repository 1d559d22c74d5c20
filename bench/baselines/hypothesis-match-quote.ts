/**
 * Hypothesis's quote matcher (its client's `match-quote`), restated from its published source so the anchoring
 * benchmark runs the real peer's algorithm, not a stand-in: exact occurrences first (`indexOf`), and only when
 * there are none an approximate search (approx-string-match, the library Hypothesis uses) allowing
 * min(256, length / 2) errors; every candidate scored 50 : 20 : 20 : 2 on the quote, the prefix, the suffix (each
 * context scored with the same search against the text beside the candidate) and the distance from the position
 * hint; the best score wins, with no minimum.
 */
import approxSearch from 'approx-string-match';

interface StringMatch {
  start: number;
  end: number;
  errors: number;
}

/** Exact occurrences of `str` in `text`; when there are none, the approximate ones within `maxErrors`. */
function search(text: string, str: string, maxErrors: number): StringMatch[] {
  const exact: StringMatch[] = [];
  for (let at = text.indexOf(str); at !== -1; at = text.indexOf(str, at + 1))
    exact.push({ start: at, end: at + str.length, errors: 0 });
  return exact.length > 0 ? exact : approxSearch(text, str, maxErrors);
}

/** 0..1: how well `str` occurs in `text` (0 when either is empty). */
function textMatchScore(text: string, str: string): number {
  if (str.length === 0 || text.length === 0) return 0;
  const matches = search(text, str, str.length);
  return 1 - (matches[0] as StringMatch).errors / str.length;
}

/** The best match of `quote` in `text` given its context (prefix, suffix, position hint), or null when none. */
export function hypothesisMatchQuote(
  text: string,
  quote: string,
  context: { prefix?: string; suffix?: string; hint?: number } = {},
): { start: number; end: number; score: number } | null {
  if (quote.length === 0) return null;
  const maxErrors = Math.min(256, quote.length / 2);
  const matches = search(text, quote, maxErrors);
  if (matches.length === 0) return null;
  const scoreOf = (m: StringMatch) => {
    const quoteScore = 1 - m.errors / quote.length;
    const prefixScore = context.prefix
      ? textMatchScore(text.slice(Math.max(0, m.start - context.prefix.length), m.start), context.prefix)
      : 1;
    const suffixScore = context.suffix
      ? textMatchScore(text.slice(m.end, m.end + context.suffix.length), context.suffix)
      : 1;
    const posScore = typeof context.hint === 'number' ? 1 - Math.abs(m.start - context.hint) / text.length : 1;
    return (50 * quoteScore + 20 * prefixScore + 20 * suffixScore + 2 * posScore) / 92;
  };
  const scored = matches.map((m) => ({ start: m.start, end: m.end, score: scoreOf(m) }));
  scored.sort((a, b) => b.score - a.score);
  return scored[0] ?? null;
}
