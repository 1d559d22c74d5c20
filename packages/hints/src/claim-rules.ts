/**
 * The rules for check-worthy spans, each over one sentence's tokens: numbers
 * with what they count, dates of events, attributions (who said it, when),
 * firsts and superlatives with their scope, comparisons and changes with
 * their reference, and quotations. Each rule says why in words.
 */
import type { ClaimKind } from './hint.ts';
import type { Reading, Token } from './reading.ts';

/** A rule's finding: token range [first, last] and the reason. */
export interface Found {
  kind: ClaimKind;
  first: number;
  last: number;
  reason: string;
}

const QUALIFIERS = [
  ['more', 'than'],
  ['less', 'than'],
  ['fewer', 'than'],
  ['at', 'least'],
  ['up', 'to'],
  ['a', 'total', 'of'],
  ['about'],
  ['around'],
  ['nearly'],
  ['almost'],
  ['over'],
  ['some'],
  ['roughly'],
  ['approximately'],
  ['only'],
];
const NUMBER_WORDS = new Set(
  'one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred hundreds thousand thousands million millions billion dozen dozens half third quarter twice'.split(
    ' ',
  ),
);
const SCALE = new Set([
  'thousand',
  'million',
  'billion',
  'trillion',
  'percent',
  'per',
  'cent',
  '%',
  'bn',
  'm',
  'points',
]);
/** Fractions said in words: "a third of its wheat", "half of the votes". */
const FRACTIONS = new Set(['half', 'third', 'quarter', 'fifth', 'tenth']);
const SAY = new Set(
  'said says say told tells reported reports announced announces stated states claimed claims added adds noted notes wrote writes warned warns confirmed confirms denied denies explained insisted congratulated expect expects estimated estimates'.split(
    ' ',
  ),
);
const SAY_AFTER = new Set(['reporters', 'journalists', 'deputies', 'nordwire', 'radio', 'parliament']);
const CHANGE_VERBS = new Set(
  'rose rise rises risen grew grow grows increased increase decreased decrease fell fall falls fallen dropped drop jumped jump cut cuts declined decline climbed climb doubled tripled halved'.split(
    ' ',
  ),
);
const COMPARATIVE_TRIGGERS = new Set(['compared', 'up', 'down', 'above', 'below', 'twice', 'double', 'half']);
const SUPERLATIVE_WORDS = new Set(['record', 'unprecedented', 'best', 'worst', 'first']);
const WEEKDAYS = /^(monday|tuesday|wednesday|thursday|friday|saturday|sunday)$/;
const DATE_PREPOSITIONS = new Set(['on', 'in', 'since', 'until', 'by', 'before', 'after', 'from', 'during']);

const isWord = (t: Token | undefined) => !!t && t.type === 'word';
const isPunct = (t: Token | undefined) => !t || t.pos === 'PUNCT' || t.type === 'punctuation';
const MONTHS = /^(january|february|march|april|may|june|july|august|september|october|november|december)$/;
const isNumber = (t: Token | undefined) =>
  !!t && (t.pos === 'NUM' || t.type === 'number' || NUMBER_WORDS.has(t.lower)) && t.entity !== 'ORDINAL';
/** A fraction said in words after "a": "a third", "a quarter". */
const isFraction = (tokens: readonly Token[], i: number) =>
  FRACTIONS.has(tokens[i]?.lower ?? '') && tokens[i - 1]?.lower === 'a';
/** A number that is part of a date: a year, a day of a month, or the count of a period ("the first four months"). */
function inDate(tokens: readonly Token[], i: number): boolean {
  const t = tokens[i] as Token;
  if (t.entity === 'DATE') return true;
  if (/^(1[89]|20)\d\d$/.test(t.text)) return true;
  if (MONTHS.test(tokens[i + 1]?.lower ?? '') || MONTHS.test(tokens[i - 1]?.lower ?? '')) return true;
  return ['first', 'last', 'past', 'next'].includes(tokens[i - 1]?.lower ?? '');
}
const isNominal = (t: Token | undefined) => !!t && (t.pos === 'NOUN' || t.pos === 'PROPN');

/** Extend `last` over the noun phrase a number counts ("foreign reconnaissance aircraft", "tonnes of grain"). */
function countedPhrase(tokens: readonly Token[], from: number, sentenceLast: number): number {
  let last = from;
  let i = from + 1;
  let nouns = 0;
  while (i <= sentenceLast && i - from <= 5) {
    const t = tokens[i] as Token;
    if (SCALE.has(t.lower) || t.type === 'symbol') last = i;
    else if (t.pos === 'ADJ' && nouns === 0) last = i;
    else if (isNominal(t)) {
      last = i;
      nouns++;
    } else if (t.lower === 'of' && (nouns > 0 || FRACTIONS.has(tokens[from]?.lower ?? ''))) {
      // "tonnes of grain", "a third of its wheat".
      const det = tokens[i + 1]?.pos === 'DET' || tokens[i + 1]?.pos === 'PRON' ? 1 : 0;
      if (!isNominal(tokens[i + 1 + det])) break;
      last = i + 1 + det;
      i += 1 + det;
      nouns++;
    } else break;
    i++;
  }
  return last;
}

/** Numbers with what they count and the qualifier before them ("more than 50,000 soldiers"). */
function numbers(r: Reading, first: number, last: number, out: Found[]): void {
  const { tokens } = r;
  for (let i = first; i <= last; i++) {
    const t = tokens[i] as Token;
    if ((!isNumber(t) && !isFraction(tokens, i)) || inDate(tokens, i)) continue;
    const once = t.lower === 'twice' || t.lower === 'once';
    const counting = once || isFraction(tokens, i);
    if (
      NUMBER_WORDS.has(t.lower) &&
      !counting &&
      !isNominal(tokens[i + 1]) &&
      !isNumber(tokens[i + 1]) &&
      t.pos !== 'NUM'
    )
      continue;
    let start = i;
    while (start > first && tokens[start - 1]?.type === 'currency') start--;
    if (isFraction(tokens, i)) start--;
    for (const q of QUALIFIERS) {
      const at = start - q.length;
      if (at >= first && q.every((w, k) => tokens[at + k]?.lower === w)) {
        start = at;
        break;
      }
    }
    let end = i;
    while (end < last && (isNumber(tokens[end + 1]) || SCALE.has(tokens[end + 1]?.lower ?? ''))) end++;
    end = countedPhrase(tokens, end, last);
    const words = r.text.slice(tokens[start]?.start ?? 0, tokens[end]?.end ?? 0);
    out.push({ kind: 'numeric', first: start, last: end, reason: `number with what it counts: ${words}` });
    i = end;
  }
}

/** Dates of events, with their preposition ("on 24 October", "until 28 March", "in 2023"). */
function dates(r: Reading, first: number, last: number, out: Found[]): void {
  const { tokens } = r;
  for (let i = first; i <= last; i++) {
    const t = tokens[i] as Token;
    const named = MONTHS.test(t.lower) || WEEKDAYS.test(t.lower);
    if (t.entity !== 'DATE' && t.entity !== 'DURATION' && !named) continue;
    let end = i;
    if (named) {
      if (isNumber(tokens[i - 1]) && i - 1 >= first) i--;
      while (
        end < last &&
        (isNumber(tokens[end + 1]) || /^(morning|evening|night|afternoon)$/.test(tokens[end + 1]?.lower ?? ''))
      )
        end++;
    } else while (end < last && tokens[end + 1]?.entity === t.entity) end++;
    // "14 hours", "ten days": a duration with a number is a quantity (numbers() has it); "until 28 March" is a date.
    const span = tokens.slice(i, end + 1);
    if (
      t.entity === 'DURATION' &&
      span.some(isNumber) &&
      !span.some((x, k) => inDate(tokens, i + k) || MONTHS.test(x.lower))
    ) {
      i = end;
      continue;
    }
    let start = i;
    if (start > first && DATE_PREPOSITIONS.has(tokens[start - 1]?.lower ?? '')) start--;
    const words = r.text.slice(tokens[start]?.start ?? 0, tokens[end]?.end ?? 0);
    out.push({ kind: 'date', first: start, last: end, reason: `date of an event: ${words}` });
    i = end;
  }
}

/** The noun phrase that ends at `at` (walking back), or -1 when there is none. */
function subjectBefore(tokens: readonly Token[], at: number, first: number): number {
  let start = -1;
  // "a resident of Selma, Marta Ilves, told": a name set off by commas is the speaker too.
  if (tokens[at]?.lower === ',' && tokens[at - 1]?.pos === 'PROPN') {
    let i = at - 1;
    while (i > first && tokens[i - 1]?.pos === 'PROPN') i--;
    if (tokens[i - 1]?.lower === ',') {
      const before = subjectBefore(tokens, i - 2, first);
      return before >= 0 ? before : i;
    }
  }
  for (let i = at; i >= first && at - i < 9; i--) {
    const t = tokens[i] as Token;
    if (
      isNominal(t) ||
      t.pos === 'PRON' ||
      t.pos === 'ADJ' ||
      t.pos === 'DET' ||
      t.lower === "'s" ||
      t.lower === 'of'
    ) {
      start = i;
      continue;
    }
    break;
  }
  while (start >= 0 && start <= at && (tokens[start]?.lower === 'of' || tokens[start]?.lower === "'s")) start++;
  return start >= 0 && start <= at && tokens.slice(start, at + 1).some((t) => isNominal(t) || t.pos === 'PRON')
    ? start
    : -1;
}

/** Extend an attribution over what follows its verb: "on Monday", "in a statement", "told reporters". */
function attributionTail(tokens: readonly Token[], verb: number, last: number): number {
  let end = verb;
  const next = tokens[end + 1];
  if (next && (SAY_AFTER.has(next.lower) || (next.pos === 'DET' && SAY_AFTER.has(tokens[end + 2]?.lower ?? '')))) {
    end += next.pos === 'DET' ? 2 : 1;
  }
  const after = tokens[end + 1];
  if (after?.lower === 'on' && WEEKDAYS.test(tokens[end + 2]?.lower ?? '')) end += 2;
  else if (after?.lower === 'in' && tokens[end + 2]?.lower === 'a' && tokens[end + 3]?.lower === 'statement') end += 3;
  return Math.min(end, last);
}

/** Who said it: "the Defense Ministry said on Monday", "according to the press service". */
function attributions(r: Reading, first: number, last: number, out: Found[]): void {
  const { tokens } = r;
  for (let i = first; i <= last; i++) {
    const t = tokens[i] as Token;
    if (t.lower === 'according' && tokens[i + 1]?.lower === 'to') {
      let end = i + 1;
      while (end < last && !isPunct(tokens[end + 1])) end++;
      out.push({
        kind: 'attribution',
        first: i,
        last: end,
        reason: `attribution: ${r.text.slice(t.start, tokens[end]?.end)}`,
      });
      i = end;
      continue;
    }
    if (!SAY.has(t.lower) || (t.pos !== 'VERB' && t.pos !== 'AUX' && t.pos !== 'NOUN')) continue;
    const subject = subjectBefore(tokens, i - 1, first);
    let start = subject;
    let end = attributionTail(tokens, i, last);
    if (subject < 0) {
      // "…," said the ministry: the speaker follows the verb.
      const after = i + 1;
      if (!isPunct(tokens[i - 1]) || !(tokens[after]?.pos === 'DET' || isNominal(tokens[after]))) continue;
      start = i;
      end = after;
      while (end < last && (isNominal(tokens[end + 1]) || tokens[end + 1]?.pos === 'ADJ')) end++;
    }
    out.push({
      kind: 'attribution',
      first: start,
      last: end,
      reason: `attribution: ${r.text.slice(tokens[start]?.start, tokens[end]?.end)}`,
    });
    i = end;
  }
}

/** Extend a superlative over its scope: "in the region since 2015", "of the whole period". */
function scope(tokens: readonly Token[], from: number, last: number): number {
  let end = from;
  while (end < last) {
    const next = tokens[end + 1] as Token;
    const since = next.lower === 'since' || next.lower === 'ever';
    if (
      !since &&
      (isPunct(next) || next.pos === 'VERB' || next.pos === 'AUX' || next.pos === 'CCONJ' || next.pos === 'SCONJ')
    )
      break;
    // A day is a date of its own: "the most serious attack | on 24 October".
    const day = tokens[end + 2];
    if (next.lower === 'on' && day && (day.entity === 'DATE' || WEEKDAYS.test(day.lower) || isNumber(day))) break;
    if (next.pos === 'PRON' && next.lower !== 'its') break;
    end++;
  }
  return end;
}

/** Firsts, records and superlatives with their scope. */
function superlatives(r: Reading, first: number, last: number, out: Found[]): void {
  const { tokens } = r;
  for (let i = first; i <= last; i++) {
    const t = tokens[i] as Token;
    const est = t.pos === 'ADJ' && /[a-z]{2,}est$/.test(t.lower) && t.lower !== 'latest' && t.lower !== 'least';
    const most =
      (t.lower === 'most' || t.lower === 'least') && tokens[i + 1]?.pos === 'ADJ' && tokens[i - 1]?.lower !== 'at';
    const firstTime = t.lower === 'first' && !isNumber(tokens[i + 1]);
    const word = SUPERLATIVE_WORDS.has(t.lower) && t.lower !== 'first';
    if (!est && !most && !firstTime && !word) continue;
    let start = i;
    if (tokens[start - 1]?.pos === 'DET' || tokens[start - 1]?.lower === 'its') start--;
    if (tokens[start - 1]?.lower === 'for' && firstTime) start--;
    const end = scope(tokens, i, last);
    out.push({
      kind: 'superlative',
      first: start,
      last: end,
      reason: `first or superlative: ${r.text.slice(tokens[start]?.start, tokens[end]?.end)}`,
    });
    i = end;
  }
}

/** Changes and comparisons with their reference: "12 percent more than the previous year", "up from 94 percent". */
function comparisons(r: Reading, first: number, last: number, out: Found[]): void {
  const { tokens } = r;
  for (let i = first; i <= last; i++) {
    const t = tokens[i] as Token;
    let start = -1;
    if (CHANGE_VERBS.has(t.lower) && (tokens[i + 1]?.lower === 'by' || isNumber(tokens[i + 1]))) start = i + 1;
    else if (
      COMPARATIVE_TRIGGERS.has(t.lower) &&
      (tokens[i + 1]?.lower === 'from' ||
        tokens[i + 1]?.lower === 'with' ||
        tokens[i + 1]?.lower === 'as' ||
        isNumber(tokens[i + 1]) ||
        tokens[i + 1]?.lower === 'the' ||
        t.lower === 'double' ||
        t.lower === 'twice')
    )
      start = i;
    else if ((t.pos === 'ADJ' || t.pos === 'ADV') && /er$/.test(t.lower) && tokens[i + 1]?.lower === 'than') start = i;
    else if (
      (t.lower === 'more' || t.lower === 'less' || t.lower === 'fewer') &&
      tokens[i + 1]?.lower === 'than' &&
      !isNumber(tokens[i + 2])
    )
      start = i;
    else if (
      t.lower === 'times' &&
      isNumber(tokens[i - 1]) &&
      (tokens[i + 1]?.lower === 'more' || tokens[i + 1]?.lower === 'as')
    )
      start = i - 1;
    else if (t.lower === 'from' && isNumber(tokens[i + 1]) && tokens.slice(i + 2, i + 8).some((x) => x.lower === 'to'))
      start = i;
    if (start < 0) continue;
    // A number right before the trigger is the change itself: "12 percent more than…".
    while (start > first && (isNumber(tokens[start - 1]) || SCALE.has(tokens[start - 1]?.lower ?? ''))) start--;
    const end = scope(tokens, Math.max(start, i + 1), last);
    out.push({
      kind: 'comparison',
      first: start,
      last: end,
      reason: `comparison or change: ${r.text.slice(tokens[start]?.start, tokens[end]?.end)}`,
    });
    i = end;
  }
}

/** Run every claim rule on the sentences of a block; token ranges, unordered. */
export function claimFindings(r: Reading, skip: (s: number) => boolean): Found[] {
  const out: Found[] = [];
  r.sentences.forEach((s, index) => {
    if (skip(index)) return;
    for (const rule of [numbers, dates, attributions, superlatives, comparisons]) rule(r, s.first, s.last, out);
  });
  return out;
}
