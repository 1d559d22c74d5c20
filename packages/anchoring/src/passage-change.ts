/**
 * How the passage a citation quotes changed between two captures of its
 * source: the passage around the excerpt as first captured, found again in
 * the later text with the anchoring engine, and the word diff of the two.
 */
import { type ExcerptVerification, verifyExcerpt, type WordPart, wordDiff } from './excerpt.ts';

/** Characters taken on each side of the excerpt to make the passage compared. */
const AROUND = 120;

/** The passage around an excerpt in the capture, and what stands in its place now. */
export interface PassageChange {
  /** The passage as captured (the excerpt with up to {@link AROUND} characters each side, whole words). */
  captured: string;
  /** The same passage in the later text, or null when nothing close enough is left there. */
  now: string | null;
  /** The word diff from `captured` to `now` (empty when `now` is null). */
  parts: WordPart[];
  /** The excerpt's own verdict against the later text. */
  excerptNow: ExcerptVerification;
}

/** `text[start, end)` widened to whole words. */
function wholeWords(text: string, start: number, end: number): string {
  let from = Math.max(0, start);
  let to = Math.min(text.length, end);
  while (from > 0 && !/\s/.test(text[from - 1] as string)) from--;
  while (to < text.length && !/\s/.test(text[to] as string)) to++;
  return text.slice(from, to).trim();
}

/**
 * Compare the passage `excerpt` stands in within `capturedText` with the
 * later `laterText`; null when the excerpt is not in the captured text at all.
 */
export function passageChange(capturedText: string, laterText: string, excerpt: string): PassageChange | null {
  const was = verifyExcerpt(capturedText, excerpt);
  if (was.verdict === 'not_found') return null;
  const captured = wholeWords(capturedText, was.start - AROUND, was.end + AROUND);
  const found = verifyExcerpt(laterText, captured);
  const excerptNow = verifyExcerpt(laterText, excerpt);
  if (found.verdict === 'not_found') return { captured, now: null, parts: [], excerptNow };
  return { captured, now: found.passage, parts: wordDiff(captured, found.passage), excerptNow };
}
