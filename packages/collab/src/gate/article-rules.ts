/**
 * What an update did to the article, for roles that may only annotate it:
 * whether it touched text or structure at all, and which annotations' marks
 * it added or removed on which characters — read by comparing, character by
 * character, the formatting of each text node it touched before and after.
 */
import { isAnnotationKind } from '@factmark/editor';
import * as Y from 'yjs';
import { ARTICLE_FRAGMENT } from '../layout.ts';
import { type Effects, type Touched, typeBefore } from './effects.ts';
import { annotationMarkOf, markNameOf } from './layout-rules.ts';

/** What an update did to the article. */
export interface ArticleChange {
  /** It inserted or deleted text or nodes, or changed node attributes, visibly. */
  content: boolean;
  /**
   * It wrote text or nodes into the article, visible or not: an edit merged with a colleague's concurrent
   * one can land in a paragraph the colleague removed (a correction accepted while someone joined its
   * paragraphs), and still was an edit.
   */
  wrote: boolean;
  /** It changed formatting other than annotation marks (bold, links…). */
  otherFormatting: boolean;
  /** Annotation ids whose marks it added to or removed from some character. */
  marks: Set<string>;
}

type Run = { text: string; attributes: Record<string, unknown> };

function runs(text: Y.XmlText): Run[] {
  return (text.toDelta() as { insert?: unknown; attributes?: Record<string, unknown> }[]).map((op) => ({
    text: typeof op.insert === 'string' ? op.insert : '\ufffc',
    attributes: op.attributes ?? {},
  }));
}

/** The annotation marks and the other formatting of one run's attributes. */
function split(attributes: Record<string, unknown>): { marks: Set<string>; other: string } {
  const marks = new Set<string>();
  const other: [string, unknown][] = [];
  for (const [key, value] of Object.entries(attributes)) {
    if (value === null || value === undefined) continue;
    const mark = annotationMarkOf(key, value);
    if (mark) marks.add(`${mark.kind}\u0000${mark.id}`);
    else if (!isAnnotationKind(markNameOf(key))) other.push([markNameOf(key), value]);
  }
  other.sort(([a], [b]) => a.localeCompare(b));
  return { marks, other: JSON.stringify(other) };
}

/** Compare one text node's formatting before and after (a change of its text counts as content). */
function compareText(before: Y.XmlText, after: Y.XmlText, change: ArticleChange): void {
  const a = runs(before);
  const b = runs(after);
  if (a.map((r) => r.text).join('') !== b.map((r) => r.text).join('')) {
    change.content = true;
    return;
  }
  let i = 0;
  let j = 0;
  let offA = 0;
  let offB = 0;
  while (i < a.length && j < b.length) {
    const ra = a[i] as Run;
    const rb = b[j] as Run;
    const sa = split(ra.attributes);
    const sb = split(rb.attributes);
    if (sa.other !== sb.other) change.otherFormatting = true;
    for (const m of sa.marks) if (!sb.marks.has(m)) change.marks.add(m.split('\u0000')[1] as string);
    for (const m of sb.marks) if (!sa.marks.has(m)) change.marks.add(m.split('\u0000')[1] as string);
    const step = Math.min(ra.text.length - offA, rb.text.length - offB);
    offA += step;
    offB += step;
    if (offA === ra.text.length) {
      i++;
      offA = 0;
    }
    if (offB === rb.text.length) {
      j++;
      offB = 0;
    }
  }
}

/**
 * What the update whose `effects` were read on the trial copy did to the
 * article, with `doc` the document as it was before (the copy's twin).
 */
export function articleChange(doc: Y.Doc, effects: Effects): ArticleChange {
  const change: ArticleChange = { content: false, wrote: false, otherFormatting: false, marks: new Set() };
  const formatted = new Set<Y.XmlText>();
  const visit = ({ content, where }: Touched, wasVisible: boolean) => {
    if (where.root !== ARTICLE_FRAGMENT) return;
    if (content instanceof Y.ContentFormat && where.parent instanceof Y.XmlText) {
      formatted.add(where.parent as Y.XmlText);
    } else if (!(content instanceof Y.ContentDeleted)) {
      change.wrote = true;
      if (wasVisible) change.content = true;
    }
  };
  for (const t of effects.inserted) visit(t, true);
  for (const t of effects.deleted) visit(t, true);
  // Items born deleted change nothing a reader sees, but a deleted format item still moves formatting.
  for (const t of effects.insertedDeleted) visit(t, false);
  if (change.content) {
    change.wrote = true;
    return change;
  }
  for (const text of formatted) {
    if (text._item?.deleted) continue;
    const before = typeBefore(doc, text);
    if (!before) {
      change.content = true;
      continue;
    }
    compareText(before, text, change);
  }
  return change;
}

/** The text annotation `id` covers in `doc`'s article, read from its marks (blocks joined without separator). */
export function markedText(doc: Y.Doc, id: string): string {
  let out = '';
  const walk = (node: Y.XmlElement | Y.XmlFragment) => {
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlElement) walk(child);
      else if (child instanceof Y.XmlText) {
        for (const run of runs(child)) {
          if (Object.entries(run.attributes).some(([key, value]) => annotationMarkOf(key, value)?.id === id))
            out += run.text;
        }
      }
    }
  };
  walk(doc.getXmlFragment(ARTICLE_FRAGMENT));
  return out;
}
