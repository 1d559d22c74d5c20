/**
 * The rules for translation slips, as machine translation leaves them in
 * wire copy: a word or phrase doubled ("malicious or malicious", "in schools
 * in schools"; deliberate repetitions such as "very, very" or "again and
 * again" are left alone), a sentence fragment cut off by a misplaced full
 * stop ("the Defense Ministry. Russian.") and a sentence repeated (found
 * across blocks by the article's pass, see analyze.ts). Each suggests the
 * correction.
 */
import type { Replacement, SlipKind } from './hint.ts';
import type { Reading, Token } from './reading.ts';

/** A slip: its range in the block, why, and the suggested replacement (block offsets). */
export interface SlipFinding {
  kind: SlipKind;
  start: number;
  end: number;
  reason: string;
  correction: Replacement;
}

/** Words repeated on purpose: intensifiers and progressions ("very, very", "more and more", "again and again"). */
const DELIBERATE = new Set(
  'very really so much many more less again over on round up down far faster slower better worse bigger higher lower no yes step side back forth'.split(
    ' ',
  ),
);
/** Words that English repeats grammatically ("had had", "that that"). */
const GRAMMATICAL = new Set(['had', 'that']);
const CONNECTORS = new Set(['or', 'and', ',']);

const same = (a: readonly Token[], b: readonly Token[]) =>
  a.length === b.length && a.every((t, i) => t.lower === b[i]?.lower);

/** Is the repetition of `phrase` joined by `connector` deliberate? */
function deliberate(phrase: readonly Token[], connector: Token | null): boolean {
  if (phrase.length !== 1) return false;
  const word = (phrase[0] as Token).lower;
  if (connector === null) return GRAMMATICAL.has(word);
  if (connector.lower === 'or') return false;
  return DELIBERATE.has(word) || /er$/.test(word);
}

/** Doubled words and phrases, longest first; the correction keeps one copy. */
function doubled(r: Reading, out: SlipFinding[]): void {
  const words = r.tokens.filter((t) => t.type === 'word' || t.type === 'number' || t.lower === ',');
  const taken = new Set<number>();
  for (let n = 4; n >= 1; n--) {
    for (let i = 0; i + n < words.length; i++) {
      const phrase = words.slice(i, i + n);
      if (phrase.some((t) => t.lower === ',' || taken.has(t.index))) continue;
      for (const gap of [0, 1]) {
        const connector = gap ? (words[i + n] ?? null) : null;
        if (gap && (!connector || !CONNECTORS.has(connector.lower))) continue;
        const copy = words.slice(i + n + gap, i + 2 * n + gap);
        if (!same(phrase, copy) || deliberate(phrase, connector)) continue;
        const all = [...phrase, ...(connector ? [connector] : []), ...copy];
        if (all.some((t) => t.sentence !== phrase[0]?.sentence)) continue;
        const start = (phrase[0] as Token).start;
        const end = (copy[copy.length - 1] as Token).end;
        const kept = r.text.slice(start, (phrase[phrase.length - 1] as Token).end);
        for (const t of all) taken.add(t.index);
        out.push({
          kind: 'doubled',
          start,
          end,
          reason: `“${kept}” twice`,
          correction: { start, end, text: kept },
        });
        break;
      }
    }
  }
}

/** Where to put a fragment back into the sentence it was cut from: its replacement, or null. */
function rejoin(r: Reading, previous: { first: number; last: number }, fragment: Token[]): Replacement | null {
  const { tokens, text } = r;
  const lastWord = tokens[previous.last - 1];
  const stop = tokens[previous.last];
  const fragmentEnd = (fragment[fragment.length - 1] as Token).end;
  const words = fragment.filter((t) => t.type === 'word');
  const head = words[0] as Token;
  const phrase = words.map((t) => t.text).join(' ');
  const lower = head.pos === 'PROPN' && /(an|ian|ish|ese|i)$/.test(head.lower) ? phrase : phrase.toLowerCase();
  if (!lastWord || !stop) return null;
  // An adjective that lost its noun: before the last noun phrase ("the Defense Ministry. Russian." → "the Russian Defense Ministry.").
  if (head.pos === 'ADJ' || head.pos === 'PROPN' || head.pos === 'VERB') {
    for (let i = previous.last - 1; i >= previous.first && previous.last - i <= 8; i--) {
      if (tokens[i]?.lower === 'the') {
        const at = (tokens[i + 1] as Token).start;
        return { start: at, end: fragmentEnd, text: `${lower} ${text.slice(at, stop.start)}${stop.text}` };
      }
    }
    // No article to follow: before the first common noun of the sentence's end ("for maintenance, in May").
    for (let i = Math.max(previous.first, previous.last - 10); i < previous.last; i++) {
      if (tokens[i]?.pos === 'NOUN') {
        const at = (tokens[i] as Token).start;
        return { start: at, end: fragmentEnd, text: `${lower} ${text.slice(at, stop.start)}${stop.text}` };
      }
    }
    return null;
  }
  // An intensifier that belongs before "very"'s word; a qualifier before the last number; any other word at the end.
  const start = lastWord.end;
  for (let i = previous.last - 1; i >= previous.first && previous.last - i <= 4; i--) {
    if (tokens[i]?.lower === 'very') {
      const at = (tokens[i] as Token).start;
      return {
        start: at,
        end: fragmentEnd,
        text: `${lower}${text.slice((tokens[i] as Token).end, stop.start)}${stop.text}`,
      };
    }
  }
  if (['at least', 'about', 'almost', 'nearly', 'at most'].includes(phrase.toLowerCase())) {
    for (let i = previous.last - 1; i >= previous.first && previous.last - i <= 6; i--) {
      if (
        tokens[i]?.pos === 'NUM' ||
        tokens[i]?.type === 'number' ||
        tokens[i]?.entity === 'CARDINAL' ||
        tokens[i]?.entity === 'PERCENT'
      ) {
        let n = i;
        while (
          n > previous.first &&
          (tokens[n - 1]?.entity === 'CARDINAL' || tokens[n - 1]?.entity === 'PERCENT' || tokens[n - 1]?.pos === 'NUM')
        )
          n--;
        const at = (tokens[n] as Token).start;
        return { start: at, end: fragmentEnd, text: `${lower} ${text.slice(at, stop.start)}${stop.text}` };
      }
    }
  }
  return { start, end: fragmentEnd, text: ` ${lower}${stop.text}` };
}

/** Fragments: a "sentence" of one or two words with no verb, cut off the sentence before it. */
function fragments(r: Reading, out: SlipFinding[]): void {
  r.sentences.forEach((s, index) => {
    if (index === 0) return;
    const tokens = r.tokens.slice(s.first, s.last + 1);
    const words = tokens.filter((t) => t.type === 'word');
    const last = tokens[tokens.length - 1];
    if (words.length === 0 || words.length > 2 || last?.text !== '.') return;
    if (!/^[A-Z]/.test((words[0] as Token).text)) return;
    if (
      words.some(
        (t) =>
          t.pos === 'AUX' || (t.pos === 'VERB' && !/(ed|ing)$/.test(t.lower)) || t.pos === 'PRON' || t.pos === 'INTJ',
      )
    )
      return;
    const previous = r.sentences[index - 1] as { first: number; last: number; start: number; end: number };
    const correction = rejoin(r, previous, tokens);
    if (!correction) return;
    const stop = r.tokens[previous.last] as Token;
    out.push({
      kind: 'fragment',
      start: stop.start,
      end: s.end,
      reason: `“${s.text}” reads as a piece of the sentence before it, cut off by a full stop`,
      correction,
    });
  });
}

/** Doubled words and fragments in one block. */
export function slipFindings(r: Reading): SlipFinding[] {
  const out: SlipFinding[] = [];
  doubled(r, out);
  fragments(r, out);
  return out;
}
