/** The W3C selectors a span is described by, and `describeSpan`, which writes them for a span of a text. */
/** W3C TextQuoteSelector: the quoted text, with some text before and after it to tell repeats apart. */
export interface TextQuoteSelector {
  type: 'TextQuoteSelector';
  exact: string;
  prefix?: string;
  suffix?: string;
}

/** W3C TextPositionSelector: start and end offsets (see ArticleText for the unit). */
export interface TextPositionSelector {
  type: 'TextPositionSelector';
  start: number;
  end: number;
}

/** The selectors that describe `[start, end)` of `text`: the quote with up to `context` characters either side, and the position. */
export function describeSpan(
  text: string,
  start: number,
  end: number,
  context = 32,
): { quote: TextQuoteSelector; position: TextPositionSelector } {
  return {
    quote: {
      type: 'TextQuoteSelector',
      exact: text.slice(start, end),
      prefix: text.slice(Math.max(0, start - context), start),
      suffix: text.slice(end, end + context),
    },
    position: { type: 'TextPositionSelector', start, end },
  };
}
