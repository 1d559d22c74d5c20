/** Articles from text, DOM and JSON, titles, and the whitespace rule every title and statement follows. */
import { Fragment, DOMParser as PMDOMParser, type Node as PMNode, Slice } from 'prosemirror-model';
import { articleSchema } from './schema.ts';

/** Longest title accepted for an article, in characters. */
export const MAX_TITLE_LENGTH = 300;

/** The kinds of file an article can be imported from, by extension. */
export const IMPORTABLE_EXTENSIONS = ['.html', '.htm', '.txt', '.md', '.markdown'] as const;

/** `text` with every run of whitespace (line breaks included) made one space, and none at either end. */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** At most `max` characters of `text` (whitespace collapsed), cut at a word boundary with an ellipsis: how a quote is shown in a message or a list. */
export function shorten(text: string, max = 75): string {
  const clean = collapseWhitespace(text);
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

function normaliseTitle(title: string): string {
  return collapseWhitespace(title).slice(0, MAX_TITLE_LENGTH);
}

function withTitle(doc: PMNode, title: string): PMNode {
  const first = doc.firstChild;
  const text = normaliseTitle(title);
  if (!first || first.type !== articleSchema.nodes.title || text === '') return doc;
  const titleNode = articleSchema.nodes.title.create(null, articleSchema.text(text));
  return doc.replace(0, first.nodeSize, new Slice(Fragment.from(titleNode), 0, 0));
}

/**
 * Build an article from plain text: paragraphs are separated by blank lines,
 * single newlines inside a paragraph become spaces. When `title` is empty the
 * first paragraph becomes the title.
 */
export function articleFromText(text: string, title = ''): PMNode {
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, ' ').trim())
    .filter((p) => p !== '');
  let heading = normaliseTitle(title);
  if (heading === '' && paragraphs.length > 1) heading = normaliseTitle(paragraphs.shift() ?? '');
  if (paragraphs.length === 0) paragraphs.push('');
  const { nodes } = articleSchema;
  return nodes.doc.create(null, [
    nodes.title.create(null, heading ? articleSchema.text(heading) : null),
    ...paragraphs.map((p) => nodes.paragraph.create(null, p ? articleSchema.text(p) : null)),
  ]);
}

/**
 * Build an article from an already sanitized DOM tree (the caller sanitizes:
 * this only maps elements onto the schema, dropping anything it does not know,
 * including links whose URL is not http(s) or mailto). A non-empty `title` is
 * the title and every `<h1>` becomes a level-2 heading; otherwise the first
 * `<h1>` becomes the title and later ones level-2 headings.
 */
export function articleFromDom(root: Node, title = ''): PMNode {
  const container = root as ParentNode & Node;
  const given = normaliseTitle(title) !== '';
  let h1s = Array.from(container.querySelectorAll('h1'));
  h1s.forEach((h1, index) => {
    if (index === 0 && !given) return;
    const h2 = h1.ownerDocument.createElement('h2');
    h2.append(...Array.from(h1.childNodes));
    h1.replaceWith(h2);
  });
  if (given) h1s = [];
  // Without an <h1>, the first heading, else the first paragraph when more follow, becomes the title (as in a
  // plain-text import); without either, an empty title (the parser would otherwise pour text into it).
  const first = h1s[0] ?? (given ? undefined : titleCandidate(container));
  if (!first) container.insertBefore(root.ownerDocument!.createElement('h1'), container.firstChild);
  else if (first !== container.firstElementChild) container.insertBefore(first, container.firstChild);
  const doc = PMDOMParser.fromSchema(articleSchema).parse(root);
  doc.check();
  return withTitle(doc, title);
}

/** The top-level heading, else paragraph (with text after it), that can stand as the title, turned into an `<h1>`. */
function titleCandidate(container: ParentNode & Node): Element | undefined {
  const blocks = Array.from(container.children).filter((el) => (el.textContent ?? '').trim() !== '');
  const heading = blocks.find((el) => /^H[2-6]$/.test(el.tagName));
  const paragraph = blocks[0]?.tagName === 'P' && blocks.length > 1 ? blocks[0] : undefined;
  const chosen = heading ?? paragraph;
  if (!chosen) return undefined;
  const h1 = chosen.ownerDocument.createElement('h1');
  h1.append(...Array.from(chosen.childNodes));
  chosen.replaceWith(h1);
  return h1;
}

/** The article's title as plain text. */
export function articleTitle(doc: PMNode): string {
  const first = doc.firstChild;
  return first && first.type === articleSchema.nodes.title ? first.textContent : '';
}

/**
 * Parse and check a ProseMirror JSON document against the article schema.
 * Throws a RangeError naming the problem when it does not conform.
 */
export function articleFromJSON(json: unknown): PMNode {
  const doc = articleSchema.nodeFromJSON(json);
  doc.check();
  return doc;
}
