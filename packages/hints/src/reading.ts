/**
 * A block's text read by wink-nlp: tokens with their character offsets
 * (wink keeps every token's preceding white space, so offsets are exact),
 * part of speech and entity, and the sentences.
 */

import model from 'wink-eng-lite-web-model';
import winkNLP from 'wink-nlp';

/** One token of a block. */
export interface Token {
  index: number;
  text: string;
  lower: string;
  start: number;
  end: number;
  /** Universal part of speech (NOUN, PROPN, VERB, ADJ, NUM…). */
  pos: string;
  /** wink's token type: word, number, punctuation, symbol, currency… */
  type: string;
  /** The entity the token belongs to (DATE, CARDINAL, PERCENT, MONEY, DURATION, ORDINAL…), if any. */
  entity: string | null;
  /** Index of the token's sentence. */
  sentence: number;
}

/** A sentence: its offsets and its tokens' range [first, last]. */
export interface Sentence {
  start: number;
  end: number;
  first: number;
  last: number;
  text: string;
}

/** A block's tokens and sentences. */
export interface Reading {
  text: string;
  tokens: Token[];
  sentences: Sentence[];
}

let nlp: ReturnType<typeof winkNLP> | null = null;

/** Read `text` (one block of an article). */
export function readBlock(text: string): Reading {
  nlp ??= winkNLP(model);
  const its = nlp.its;
  const doc = nlp.readDoc(text);
  const values = doc.tokens().out(its.value) as string[];
  const spaces = doc.tokens().out(its.precedingSpaces) as string[];
  const pos = doc.tokens().out(its.pos) as string[];
  const types = doc.tokens().out(its.type) as string[];
  const tokens: Token[] = [];
  let at = 0;
  for (let i = 0; i < values.length; i++) {
    at += (spaces[i] ?? '').length;
    const value = values[i] ?? '';
    // wink keeps the text as given; should it ever not, find the token where it is.
    const start = text.startsWith(value, at) ? at : Math.max(at, text.indexOf(value, at));
    tokens.push({
      index: i,
      text: value,
      lower: value.toLowerCase(),
      start,
      end: start + value.length,
      pos: pos[i] ?? 'X',
      type: types[i] ?? 'word',
      entity: null,
      sentence: 0,
    });
    at = start + value.length;
  }
  const entitySpans = doc.entities().out(its.span) as unknown as [number, number][];
  const entityTypes = doc.entities().out(its.type) as string[];
  entitySpans.forEach(([first, last], e) => {
    for (let i = first; i <= last; i++) if (tokens[i]) (tokens[i] as Token).entity = entityTypes[e] ?? null;
  });
  const sentenceSpans = doc.sentences().out(its.span) as unknown as [number, number][];
  const sentences: Sentence[] = sentenceSpans.map(([first, last], s) => {
    for (let i = first; i <= last; i++) if (tokens[i]) (tokens[i] as Token).sentence = s;
    const start = tokens[first]?.start ?? 0;
    const end = tokens[last]?.end ?? start;
    return { start, end, first, last, text: text.slice(start, end) };
  });
  return { text, tokens, sentences };
}
