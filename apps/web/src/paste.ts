import { articleFromDom, articleFromText } from '@factmark/editor';
import DOMPurify from 'dompurify';
import type { Node as PMNode } from 'prosemirror-model';

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
export function sanitizeArticleHtml(html: string): string {
  return DOMPurify.sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR: ['href', 'title', 'start'],
    ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/i,
  });
}

/**
 * The article for a new document: from pasted HTML when there is some
 * (sanitized, then parsed in an inert document), else from plain text.
 */
export function articleFromPaste(input: { html?: string; text: string; title: string }): PMNode {
  if (input.html && input.html.trim() !== '') {
    const clean = sanitizeArticleHtml(input.html);
    const inert = new DOMParser().parseFromString(`<body>${clean}</body>`, 'text/html');
    return articleFromDom(inert.body, input.title);
  }
  return articleFromText(input.text, input.title);
}
