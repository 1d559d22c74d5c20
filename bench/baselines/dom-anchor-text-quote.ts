/**
 * The second real peer of the anchoring benchmark: `dom-anchor-text-quote` from npm, the matcher Hypothesis used
 * before `match-quote` (diff-match-patch's bitap, 32 characters at a time: the prefix near the position hint, else
 * the suffix, then the quote slice by slice). It is run as published, on a DOM element holding the article
 * (happy-dom's, in Node): it reads only the root's `textContent`, so the figure is the matcher's, not the DOM's.
 */
import { toTextPosition } from 'dom-anchor-text-quote';
import { Window } from 'happy-dom';

/** A root element holding `text`, as the library expects. */
export function domRoot(text: string): Node {
  const window = new Window();
  const root = window.document.createElement('div');
  root.textContent = text;
  return root as unknown as Node;
}

/** Where `dom-anchor-text-quote` puts the selector in `root` (null: not found). */
export function domAnchorTextQuote(
  root: Node,
  quote: { exact: string; prefix?: string; suffix?: string },
  hint?: number,
): { start: number; end: number } | null {
  return toTextPosition(root, quote, hint === undefined ? {} : { hint });
}
