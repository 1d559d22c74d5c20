/** The hints of a ProseMirror article: its textblocks analysed (the title left out), offsets in its article text. */
import { ArticleText } from '@factmark/anchoring';
import type { Node as PMNode } from 'prosemirror-model';
import { analyzeBlocks, type HintCache } from './analyze.ts';
import type { Hint } from './hint.ts';

/** Every hint of `doc`, with offsets as the anchoring engine counts them (see ArticleText). */
export function analyzeArticle(doc: PMNode, cache?: HintCache): { text: ArticleText; hints: Hint[] } {
  const text = new ArticleText(doc);
  const blocks = text
    .textBlocks()
    .map((b) => ({ text: text.text.slice(b.offset, b.offset + b.length), offset: b.offset }));
  const title = doc.firstChild?.type.name === 'title';
  return { text, hints: analyzeBlocks(blocks, { title, ...(cache ? { cache } : {}) }) };
}
