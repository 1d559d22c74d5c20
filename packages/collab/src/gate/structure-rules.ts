/**
 * Whether the article still fits the schema where an update touched it. An
 * element whose children or marks the schema does not allow is deleted on
 * sight by every colleague's editor (y-prosemirror drops what ProseMirror
 * refuses to build), so an update that puts a mark where it is not allowed, or
 * makes an element's children not fit, is refused for every role — unless the
 * element was already broken before it. Typing into text changes neither.
 */
import { articleSchema } from '@factmark/editor';
import type { NodeType } from 'prosemirror-model';
import * as Y from 'yjs';
import { ARTICLE_FRAGMENT } from '../layout.ts';
import { markNameOfAttribute } from '../y-prosemirror-seam.ts';
import { type Effects, type Touched, typeBefore } from './effects.ts';
import { type Refusal, refuse } from './refusal.ts';

type Container = Y.XmlFragment | Y.XmlElement;

function nodeTypeOf(container: Container): NodeType | null {
  if (!(container instanceof Y.XmlElement)) return articleSchema.topNodeType;
  return articleSchema.nodes[container.nodeName as keyof typeof articleSchema.nodes] ?? null;
}

/** True when ProseMirror would build `container` from its children as they are (their kinds and order). */
function fits(container: Container): boolean {
  const type = nodeTypeOf(container);
  if (!type) return false;
  let match: ReturnType<NodeType['contentMatch']['matchType']> = type.contentMatch;
  for (const child of container.toArray()) {
    if (child instanceof Y.XmlText) {
      if (child.length === 0) continue;
      match = match?.matchType(articleSchema.nodes.text) ?? null;
    } else if (child instanceof Y.XmlElement) {
      const childType = nodeTypeOf(child);
      match = childType ? (match?.matchType(childType) ?? null) : null;
    } else return false;
    if (!match) return false;
  }
  return match?.validEnd ?? false;
}

/** A mark an update puts on text in an element whose type does not allow it (the title takes none). */
function markProblem({ content, where }: Touched): string | null {
  if (!(content instanceof Y.ContentFormat) || content.value === null || !(where.parent instanceof Y.XmlText))
    return null;
  const element = where.parent.parent;
  const type = element instanceof Y.XmlElement || element instanceof Y.XmlFragment ? nodeTypeOf(element) : null;
  const mark = articleSchema.marks[markNameOfAttribute(content.key) as keyof typeof articleSchema.marks];
  if (!type || !mark || type.allowsMarkType(mark)) return null;
  return `${mark.name} marks in a ${element instanceof Y.XmlElement ? element.nodeName : 'article'}`;
}

/** The article containers whose children the update changed (inserted or deleted nodes). */
function touchedContainers(effects: Effects): Set<Container> {
  const out = new Set<Container>();
  const add = ({ where, content }: Touched) => {
    const parent = where.parent;
    if (where.root !== ARTICLE_FRAGMENT || !(content instanceof Y.ContentType)) return;
    if (parent instanceof Y.XmlElement || parent instanceof Y.XmlFragment) out.add(parent);
  };
  effects.inserted.forEach(add);
  effects.deleted.forEach(add);
  return out;
}

/** Null when every element the update touched still fits the schema (or was already broken), else the refusal. */
export function structureRefusal(doc: Y.Doc, effects: Effects): Refusal | null {
  for (const touched of effects.inserted) {
    if (touched.where.root !== ARTICLE_FRAGMENT) continue;
    const problem = markProblem(touched);
    if (problem) return refuse('unknown_type', `The change puts ${problem}, which the article's schema does not allow`);
  }
  for (const container of touchedContainers(effects)) {
    if (container._item?.deleted || fits(container)) continue;
    const was = container._item ? typeBefore(doc, container) : doc.getXmlFragment(ARTICLE_FRAGMENT);
    if (was && !fits(was)) continue;
    const name = container instanceof Y.XmlElement ? container.nodeName : 'article';
    return refuse('unknown_type', `The change leaves a ${name} with content the article's schema does not allow`);
  }
  return null;
}
