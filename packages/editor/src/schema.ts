/** The article schema: blocks, inline formatting, safe links, and the four annotation marks that carry only an id. */
import { type DOMOutputSpec, type MarkSpec, type NodeSpec, Schema } from 'prosemirror-model';
import { annotationClass } from './ids.ts';

/** The four kinds of annotation a fact-checker anchors to article spans. */
export const ANNOTATION_KINDS = ['claim', 'citation', 'correction', 'comment'] as const;
/** One of {@link ANNOTATION_KINDS}. */
export type AnnotationKind = (typeof ANNOTATION_KINDS)[number];

/** URL schemes a link in an article may use; anything else is dropped when parsing. */
const SAFE_LINK = /^(https?:|mailto:)/i;

/** True when `href` is an absolute http(s) or mailto URL, the only ones an article link may carry. */
export function isSafeLinkHref(href: unknown): href is string {
  if (typeof href !== 'string' || !SAFE_LINK.test(href.trim())) return false;
  try {
    new URL(href.trim());
    return true;
  } catch {
    return false;
  }
}

/**
 * An annotation mark: its only attribute is the annotation's `id` (everything
 * mutable lives in the annotation's body in the Y.Doc). Marks of one kind may
 * overlap (`excludes: ''`) and do not grow when typing at their edges
 * (`inclusive: false`).
 */
function annotationMark(kind: AnnotationKind): MarkSpec {
  const attr = `data-${kind}`;
  return {
    attrs: { id: { validate: 'string' } },
    inclusive: false,
    excludes: '',
    group: 'annotation',
    parseDOM: [
      {
        tag: `span[${attr}]`,
        getAttrs: (dom) => {
          const id = (dom as HTMLElement).getAttribute(attr);
          return id ? { id } : false;
        },
      },
    ],
    toDOM: (mark): DOMOutputSpec => {
      const own = annotationClass(mark.attrs.id);
      return ['span', { [attr]: mark.attrs.id, class: own ? `fm-${kind} ${own}` : `fm-${kind}` }, 0];
    },
  };
}

/** Names of the article schema's nodes. */
export type ArticleNodeName =
  | 'doc'
  | 'title'
  | 'paragraph'
  | 'heading'
  | 'blockquote'
  | 'bullet_list'
  | 'ordered_list'
  | 'list_item'
  | 'hard_break'
  | 'text';
/** Names of the article schema's marks. */
export type ArticleMarkName = 'link' | 'em' | 'strong' | AnnotationKind;

const nodes: Record<ArticleNodeName, NodeSpec> = {
  doc: { content: 'title block+' },
  title: {
    content: 'text*',
    marks: 'annotation',
    defining: true,
    parseDOM: [{ tag: 'h1' }],
    toDOM: () => ['h1', { class: 'fm-title' }, 0],
  },
  paragraph: {
    content: 'inline*',
    group: 'block',
    parseDOM: [{ tag: 'p' }],
    toDOM: () => ['p', 0],
  },
  heading: {
    attrs: { level: { default: 2, validate: 'number' } },
    content: 'inline*',
    group: 'block',
    defining: true,
    parseDOM: [
      { tag: 'h2', attrs: { level: 2 } },
      { tag: 'h3', attrs: { level: 3 } },
      { tag: 'h4', attrs: { level: 4 } },
      { tag: 'h5', attrs: { level: 4 } },
      { tag: 'h6', attrs: { level: 4 } },
    ],
    toDOM: (node) => [`h${node.attrs.level}`, 0],
  },
  blockquote: {
    content: 'block+',
    group: 'block',
    defining: true,
    parseDOM: [{ tag: 'blockquote' }],
    toDOM: () => ['blockquote', 0],
  },
  bullet_list: {
    content: 'list_item+',
    group: 'block',
    parseDOM: [{ tag: 'ul' }],
    toDOM: () => ['ul', 0],
  },
  ordered_list: {
    attrs: { order: { default: 1, validate: 'number' } },
    content: 'list_item+',
    group: 'block',
    parseDOM: [
      {
        tag: 'ol',
        getAttrs: (dom) => {
          const start = (dom as HTMLElement).getAttribute('start');
          return { order: start ? Number.parseInt(start, 10) || 1 : 1 };
        },
      },
    ],
    toDOM: (node) => (node.attrs.order === 1 ? ['ol', 0] : ['ol', { start: node.attrs.order }, 0]),
  },
  list_item: {
    content: 'paragraph block*',
    defining: true,
    parseDOM: [{ tag: 'li' }],
    toDOM: () => ['li', 0],
  },
  hard_break: {
    inline: true,
    group: 'inline',
    selectable: false,
    parseDOM: [{ tag: 'br' }],
    toDOM: () => ['br'],
  },
  text: { group: 'inline' },
};

const marks: Record<ArticleMarkName, MarkSpec> = {
  link: {
    attrs: {
      href: {
        validate: (href: unknown) => {
          if (!isSafeLinkHref(href)) throw new RangeError('A link must be an http(s) or mailto URL');
        },
      },
      title: { default: null },
    },
    inclusive: false,
    parseDOM: [
      {
        tag: 'a[href]',
        getAttrs: (dom) => {
          const href = (dom as HTMLElement).getAttribute('href');
          if (!isSafeLinkHref(href)) return false;
          return { href: href.trim(), title: (dom as HTMLElement).getAttribute('title') };
        },
      },
    ],
    toDOM: (mark) => [
      'a',
      { href: mark.attrs.href, title: mark.attrs.title, rel: 'noopener noreferrer nofollow', target: '_blank' },
      0,
    ],
  },
  em: {
    parseDOM: [{ tag: 'i' }, { tag: 'em' }, { style: 'font-style=italic' }],
    toDOM: () => ['em', 0],
  },
  strong: {
    parseDOM: [
      { tag: 'strong' },
      { tag: 'b', getAttrs: (node) => (node as HTMLElement).style.fontWeight !== 'normal' && null },
      { style: 'font-weight=400', clearMark: (m) => m.type.name === 'strong' },
      { style: 'font-weight', getAttrs: (value) => /^(bold(er)?|[5-9]\d{2,})$/.test(value as string) && null },
    ],
    toDOM: () => ['strong', 0],
  },
  claim: annotationMark('claim'),
  citation: annotationMark('citation'),
  correction: annotationMark('correction'),
  comment: annotationMark('comment'),
};

/**
 * The article schema: a title followed by blocks (paragraphs, headings,
 * blockquotes, bullet and ordered lists), with links, emphasis, strong and the
 * four annotation marks.
 */
export const articleSchema = new Schema<ArticleNodeName, ArticleMarkName>({ nodes, marks });

/** True when `name` is the name of an annotation mark. */
export function isAnnotationKind(name: string): name is AnnotationKind {
  return (ANNOTATION_KINDS as readonly string[]).includes(name);
}
