/**
 * Analysing an article block by block: each block is read once (cached by its
 * text, so typing re-reads only the block typed in) into claim and slip hints
 * with their reasons, statements and corrections; then one cheap pass over
 * the article's sentences finds sentences said twice. Offsets are the
 * article text's, as the anchoring engine counts them.
 */
import { claimFindings, type Found } from './claim-rules.ts';
import { HINT_KINDS, type Hint, type HintKind } from './hint.ts';
import { type Reading, readBlock } from './reading.ts';
import { slipFindings } from './slip-rules.ts';

/** A sentence of a block, for the article's pass. */
export interface BlockSentence {
  start: number;
  end: number;
  text: string;
  words: string[];
  /** Its words joined by a space: what an exact repeat of it is looked up by. */
  key: string;
}

/** What one block holds: its hints and sentences, offsets within the block. */
export interface BlockAnalysis {
  hints: Hint[];
  sentences: BlockSentence[];
}

/** A dateline ("PORT MERIDAN, 14 March (Nordwire) — "): the wire's, not the story's. */
const DATELINE = /^[A-Z][A-Z .'’-]+, [^—\n]{0,40}\)\s*—\s*/;
/** Kinds that win when a finding lies inside another: the wider, more specific span is the one to check. */
const PRIORITY: HintKind[] = ['quote', 'comparison', 'attribution', 'superlative', 'numeric', 'date'];

/** A short stable hash (FNV-1a), base 36. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

const wordsOf = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+(?:[.,’'][\p{L}\p{N}]+)*/gu) ?? [];

/** The key a decision on a hint is kept under (see {@link Hint.key}). */
export function hintKey(kind: HintKind, sentence: string, text: string): string {
  return `${kind}-${hash(`${kind}\u0001${wordsOf(sentence).join(' ')}\u0001${text}`)}`;
}

/** Quotations of five words or more, inside their marks. */
function quotes(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (const m of text.matchAll(/[“"]([^“”"\n]+)[”"]/g)) {
    const inner = (m[1] ?? '').replace(/[,.]\s*$/, '');
    if (wordsOf(inner).length < 5) continue;
    const start = (m.index ?? 0) + 1;
    out.push({ start, end: start + inner.length });
  }
  return out;
}

/** Drop findings inside a finding of a kind that wins, and repeats of one span. */
function winners(spans: (Hint & { rank: number })[]): Hint[] {
  return spans
    .filter(
      (h, i) =>
        !spans.some(
          (o, j) =>
            j !== i && o.start <= h.start && o.end >= h.end && (o.rank < h.rank || (o.rank === h.rank && j < i)),
        ),
    )
    .map(({ rank: _, ...h }) => h);
}

function claimHint(
  r: Reading,
  f: Found | { kind: 'quote'; start: number; end: number; reason: string },
): Hint & { rank: number } {
  const start = 'first' in f ? (r.tokens[f.first]?.start ?? 0) : f.start;
  const end = 'last' in f ? (r.tokens[f.last]?.end ?? start) : f.end;
  const sentence = r.sentences.find((s) => s.start <= start && s.end >= start) ?? { text: r.text };
  const text = r.text.slice(start, end);
  return {
    kind: f.kind,
    start,
    end,
    text,
    reason: f.reason,
    statement: sentence.text.trim(),
    key: hintKey(f.kind, sentence.text, text),
    rank: PRIORITY.indexOf(f.kind),
  };
}

/** Analyse one block's text (not the title: a headline restates the story and is not checked on its own). */
export function analyzeBlock(text: string): BlockAnalysis {
  const r = readBlock(text);
  const dateline = DATELINE.exec(text)?.[0].length ?? 0;
  const found = claimFindings(r, () => false).filter((f) => (r.tokens[f.first]?.start ?? 0) >= dateline);
  const claims = winners([
    ...found.map((f) => claimHint(r, f)),
    ...quotes(text).map((q) =>
      claimHint(r, { kind: 'quote', ...q, reason: `quotation: “${text.slice(q.start, q.end).slice(0, 60)}”` }),
    ),
  ]);
  const slips: Hint[] = slipFindings(r).map((s) => {
    const sentence = r.sentences.find((x) => x.start <= s.start && x.end >= s.start) ?? { text };
    const spanText = text.slice(s.start, s.end);
    return { ...s, text: spanText, key: hintKey(s.kind, sentence.text, spanText) };
  });
  const sentences = r.sentences.map((s) => {
    const words = wordsOf(s.text);
    return { start: s.start, end: s.end, text: s.text, words, key: words.join(' ') };
  });
  return { hints: [...claims, ...slips].sort((a, b) => a.start - b.start || a.end - b.end), sentences };
}

/** Analyses of blocks by their text, kept while a document is open (typing changes one block's text). */
export class HintCache {
  private readonly blocks = new Map<string, { analysis: BlockAnalysis; pass: number }>();
  private readonly merged = new WeakMap<readonly Hint[], { repeats: string; hints: readonly Hint[] }>();
  private pass = 0;

  /** @param limit texts kept; past it, those the last pass did not read are forgotten (an edited block's old texts). */
  constructor(private readonly limit = 20_000) {}

  /** The analysis of `text`, from the cache or made now. */
  get(text: string): BlockAnalysis {
    let entry = this.blocks.get(text);
    if (!entry) {
      entry = { analysis: analyzeBlock(text), pass: this.pass };
      this.blocks.set(text, entry);
    }
    entry.pass = this.pass;
    return entry.analysis;
  }

  /**
   * A block's hints with the repeated sentences found across the article: the same array as last time while
   * both are the same (so a block a keystroke did not touch is not answered again).
   */
  withRepeats(hints: readonly Hint[], repeats: readonly Hint[], merge: () => readonly Hint[]): readonly Hint[] {
    // Everything a repeat's hint says that can change while its block's text does not: a sentence can turn from
    // an exact repeat into a near one (or back) when another block changes.
    const key = repeats.map((r) => `${r.start}:${r.end}:${r.key}:${r.reason}`).join(' ');
    const known = this.merged.get(hints);
    if (known?.repeats === key) return known.hints;
    const fresh = merge();
    this.merged.set(hints, { repeats: key, hints: fresh });
    return fresh;
  }

  /** A pass over the article ended: past the limit, forget the texts it did not read. */
  endPass(): void {
    if (this.blocks.size > this.limit)
      for (const [text, entry] of this.blocks) if (entry.pass !== this.pass) this.blocks.delete(text);
    this.pass++;
  }
}

/** A sentence of the article: its block, the sentence, and the character before it in its block. */
interface ArticleSentence {
  block: number;
  sentence: BlockSentence;
  before: string;
}

/** How many sentences before a sentence a near repeat of it is looked for in. */
const NEAR_WINDOW = 3;

/**
 * Whether each sentence nearly repeats one of the sentences before it, remembered with those sentences: a
 * sentence and its neighbours are the same objects while their blocks' texts are (the cache keeps each block's
 * analysis), so a keystroke's pass works out again only the sentences next to what changed.
 */
const nearRepeats = new WeakMap<BlockSentence, { before: readonly BlockSentence[]; near: boolean }>();

/** True when `s` says nearly all of what one of `before` says (80 % of its words, in one as long or longer). */
function saysAgain(s: BlockSentence, before: readonly BlockSentence[]): boolean {
  const known = nearRepeats.get(s);
  if (known && known.before.length === before.length && known.before.every((p, i) => p === before[i]))
    return known.near;
  const near = before.some((p) => {
    const words = new Set(p.words);
    return p.words.length >= s.words.length && s.words.filter((w) => words.has(w)).length >= 0.8 * s.words.length;
  });
  nearRepeats.set(s, { before, near });
  return near;
}

/** Sentences said twice: the same words again anywhere, or nearly all of them again within three sentences. */
function repeatedSentences(sentences: readonly ArticleSentence[]): { block: number; hint: Hint }[] {
  const seen = new Set<string>();
  const out: { block: number; hint: Hint }[] = [];
  sentences.forEach(({ block, sentence: s, before }, i) => {
    const exact = s.words.length >= 4 && seen.has(s.key);
    seen.add(s.key);
    const near =
      !exact &&
      s.words.length >= 5 &&
      saysAgain(
        s,
        sentences.slice(Math.max(0, i - NEAR_WINDOW), i).map((p) => p.sentence),
      );
    if (!exact && !near) return;
    const space = before === ' ' ? 1 : 0;
    out.push({
      block,
      hint: {
        kind: 'repeated',
        start: s.start,
        end: s.end,
        text: s.text,
        reason: exact ? 'the same sentence appears earlier' : 'a sentence saying again what the one before it says',
        correction: { start: s.start - space, end: s.end, text: '' },
        key: hintKey('repeated', s.text, s.text),
      },
    });
  });
  return out;
}

const NONE: readonly Hint[] = [];

/**
 * Each block's hints, offsets inside the block; the first block is the title when `title`. A block whose text
 * and repeats did not change gets the very same array as before (the editor's worker sends only what changed).
 */
export function analyzeEachBlock(
  texts: readonly string[],
  options: { title?: boolean; cache?: HintCache } = {},
): (readonly Hint[])[] {
  const cache = options.cache ?? new HintCache();
  const analyses = texts.map((text, b) => (options.title && b === 0 ? null : cache.get(text)));
  const sentences: ArticleSentence[] = [];
  analyses.forEach((a, block) => {
    for (const sentence of a?.sentences ?? [])
      sentences.push({ block, sentence, before: sentence.start > 0 ? (texts[block]?.[sentence.start - 1] ?? '') : '' });
  });
  const repeats = new Map<number, Hint[]>();
  for (const { block, hint } of repeatedSentences(sentences)) repeats.set(block, [...(repeats.get(block) ?? []), hint]);
  cache.endPass();
  return analyses.map((a, block) => {
    if (!a) return NONE;
    const here = repeats.get(block);
    if (!here) return a.hints;
    const inRepeat = (h: Hint) => here.some((r) => h.start >= r.start && h.end <= r.end);
    return cache.withRepeats(a.hints, here, () =>
      [...a.hints.filter((h) => HINT_KINDS[h.kind].group === 'slip' || !inRepeat(h)), ...here].sort(
        (x, y) => x.start - y.start || x.end - y.end,
      ),
    );
  });
}

/**
 * Every hint of an article given as blocks (each block's text and its first
 * offset in the article text); the first block is the title when `title`.
 */
export function analyzeBlocks(
  blocks: readonly { text: string; offset: number }[],
  options: { title?: boolean; cache?: HintCache } = {},
): Hint[] {
  const each = analyzeEachBlock(
    blocks.map((b) => b.text),
    options,
  );
  const hints: Hint[] = [];
  each.forEach((list, b) => {
    const offset = blocks[b]?.offset ?? 0;
    const shift = <T extends { start: number; end: number }>(x: T): T => ({
      ...x,
      start: x.start + offset,
      end: x.end + offset,
    });
    for (const h of list) hints.push({ ...shift(h), ...(h.correction ? { correction: shift(h.correction) } : {}) });
  });
  return hints;
}
