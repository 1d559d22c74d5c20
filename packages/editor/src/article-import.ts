/** Articles from outside: pasted HTML or text and uploaded .html, .txt or .md files, sanitized with DOMPurify. */
import createDOMPurify from 'dompurify';
import MarkdownIt from 'markdown-it';
import type { Node as PMNode } from 'prosemirror-model';
import { articleFromDom, articleFromText, IMPORTABLE_EXTENSIONS } from './content.ts';
import { FactmarkError } from './errors.ts';

/** The window whose DOM parses and sanitizes HTML: the browser's, or jsdom's in Node. */
type DomWindow = Window & typeof globalThis;

function windowOr(win?: DomWindow): DomWindow {
  const found = win ?? (typeof window === 'undefined' ? undefined : window);
  if (!found) throw new Error("Importing HTML needs a DOM: pass a window (in Node, jsdom's)");
  return found;
}

/** Elements kept from pasted HTML; everything else is unwrapped to its text or dropped. */
const ALLOWED_TAGS = [
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'p',
  'br',
  'blockquote',
  'ul',
  'ol',
  'li',
  'a',
  'em',
  'i',
  'strong',
  'b',
];

/** Sanitize pasted HTML with DOMPurify, keeping only what an article can hold. */
export function sanitizeArticleHtml(html: string, win?: DomWindow): string {
  return createDOMPurify(windowOr(win)).sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR: ['href', 'title', 'start'],
    ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/i,
  });
}

/**
 * The article for a new document: from pasted HTML when there is some
 * (sanitized, then parsed in an inert document), else from plain text.
 */
export function articleFromPaste(input: { html?: string; text: string; title: string }, win?: DomWindow): PMNode {
  if (input.html && input.html.trim() !== '') {
    const w = windowOr(win);
    const clean = sanitizeArticleHtml(input.html, w);
    const inert = new w.DOMParser().parseFromString(`<body>${clean}</body>`, 'text/html');
    return articleFromDom(inert.body, input.title);
  }
  return articleFromText(input.text, input.title);
}

/** Markdown without raw HTML (it would be sanitized anyway) and without turning bare URLs into links. */
const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });

/** A file that cannot become an article: wrong kind, or nothing in it. */
export class ImportError extends FactmarkError {
  constructor(message: string) {
    super('invalid_article', message);
  }
}

/**
 * The article in an uploaded file: HTML (sanitized), Markdown (rendered
 * with markdown-it, then sanitized) or plain text, chosen by extension.
 * Throws an {@link ImportError} saying what is wrong.
 */
export function articleFromFile(fileName: string, content: string, title = '', win?: DomWindow): PMNode {
  const name = fileName.toLowerCase();
  const ext = IMPORTABLE_EXTENSIONS.find((e) => name.endsWith(e));
  if (!ext) throw new ImportError(`"${fileName}" is not an .html, .txt or .md file`);
  if (content.trim() === '') throw new ImportError(`"${fileName}" is empty`);
  if (content.includes('\u0000')) throw new ImportError(`"${fileName}" is not a text file`);
  if (ext === '.txt') return articleFromText(content, title);
  const html = ext === '.md' || ext === '.markdown' ? markdown.render(content) : content;
  return articleFromPaste({ html, text: '', title }, win);
}
