/**
 * Verifying a citation's excerpt against the text of its source: found (word
 * for word, typographic quotes and whitespace aside), found approximately
 * (with how similar, and the words that differ), or not found (with why).
 */
import { diffArrays } from 'diff';
import { TextAnchorer } from './anchor.ts';
import { normalizeString } from './text.ts';

/** Characters of the source shown on each side of a found passage. */
export const PASSAGE_CONTEXT = 160;

/** A run of words where the excerpt and the source differ: what the excerpt says, and what the source says there. */
export interface WordChange {
  excerpt: string;
  source: string;
}

/** Where the excerpt is in the source: offsets in the source text, the passage, and the text on each side. */
export interface FoundPassage {
  start: number;
  end: number;
  passage: string;
  before: string;
  after: string;
}

/** An excerpt's verdict against its source. */
export type ExcerptVerification =
  | ({ verdict: 'found'; occurrences: number } & FoundPassage)
  | ({ verdict: 'found_approximately'; similarity: number; differences: WordChange[] } & FoundPassage)
  | { verdict: 'not_found'; reason: string };

function passageAt(text: string, start: number, end: number): FoundPassage {
  return {
    start,
    end,
    passage: text.slice(start, end),
    before: text.slice(Math.max(0, start - PASSAGE_CONTEXT), start),
    after: text.slice(end, end + PASSAGE_CONTEXT),
  };
}

/** A text's words as a reader counts them: runs between spaces, punctuation kept ("50,000", "Monday."). */
const wordsOf = (text: string) => normalizeString(text).split(/\s+/).filter(Boolean);

/** A run of words in a word diff: the same in both texts, only in the first (removed) or only in the second (added). */
export interface WordPart {
  kind: 'same' | 'removed' | 'added';
  text: string;
}

/** The word diff of two texts (words compared normalized: typographic quotes and spaces aside). */
export function wordDiff(a: string, b: string): WordPart[] {
  return diffArrays(wordsOf(a), wordsOf(b)).map((part) => ({
    kind: part.added ? 'added' : part.removed ? 'removed' : 'same',
    text: part.value.join(' '),
  }));
}

/** The runs of words that differ between the excerpt and the passage found for it (compared normalized). */
export function wordChanges(excerpt: string, passage: string): WordChange[] {
  const changes: WordChange[] = [];
  let open: WordChange | null = null;
  for (const part of wordDiff(excerpt, passage)) {
    if (part.kind === 'same') {
      if (open) changes.push(open);
      open = null;
      continue;
    }
    open ??= { excerpt: '', source: '' };
    const side = part.kind === 'removed' ? 'excerpt' : 'source';
    open[side] = open[side] ? `${open[side]} ${part.text}` : part.text;
  }
  if (open) changes.push(open);
  return changes;
}

/**
 * The excerpt's similarity to a passage, 1 − edits ÷ its length, to three places: an excerpt is asked with no words
 * around it and no position, so the anchoring's score for a passage is the quote's similarity alone.
 */
function similarityOf(result: { score: number }): number {
  return Math.round(result.score * 1000) / 1000;
}

/**
 * Look for `excerpt` in `sourceText` with the anchoring engine (the same
 * thresholds as re-anchoring an annotation: an approximate passage must be at
 * least {@link ANCHOR_THRESHOLDS.minQuoteSimilarity} similar). An excerpt
 * quoted several times in the source is found at its first place.
 * Pass `anchorer` to verify several excerpts against one source text.
 */
export function verifyExcerpt(
  sourceText: string,
  excerpt: string,
  anchorer: TextAnchorer = new TextAnchorer(sourceText),
): ExcerptVerification {
  if (excerpt.trim() === '') return { verdict: 'not_found', reason: 'the excerpt is empty' };
  if (sourceText.trim() === '') return { verdict: 'not_found', reason: 'the source has no text' };
  const result = anchorer.anchor({ type: 'TextQuoteSelector', exact: excerpt });
  if (result.status === 'orphan') return { verdict: 'not_found', reason: result.reason };
  if (result.status === 'ambiguous') {
    // Without words around it, an excerpt quoted twice is ambiguous to the anchoring; for a citation it is there.
    const exact = result.candidates.filter((c) => c.score >= 1).sort((a, b) => a.start - b.start);
    const first = exact[0];
    if (first) return { verdict: 'found', occurrences: exact.length, ...passageAt(sourceText, first.start, first.end) };
    const best = result.candidates[0];
    if (!best) return { verdict: 'not_found', reason: result.reason };
    const found = passageAt(sourceText, best.start, best.end);
    return {
      verdict: 'found_approximately',
      similarity: similarityOf(best),
      differences: wordChanges(excerpt, found.passage),
      ...found,
    };
  }
  const found = passageAt(sourceText, result.start, result.end);
  if (normalizeString(found.passage) === normalizeString(excerpt))
    return { verdict: 'found', occurrences: 1, ...found };
  return {
    verdict: 'found_approximately',
    similarity: similarityOf(result),
    differences: wordChanges(excerpt, found.passage),
    ...found,
  };
}
