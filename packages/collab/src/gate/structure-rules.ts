/**
 * Whether the article still fits the schema where an update touched it. An
 * element whose children or marks the schema does not allow is deleted on
 * sight by every colleague's editor (y-prosemirror drops what ProseMirror
 * refuses to build), so an update that makes one is refused for every role —
 * unless the element was already broken before it.
 */
import { articleSchema } from '@factmark/editor';
import type { NodeType } from 'prosemirror-model';
import * as Y from 'yjs';
import { ARTICLE_FRAGMENT } from '../layout.ts';
import { markNameOfAttribute } from '../y-prosemirror-seam.ts';
import type { Effects, Touched } from './effects.ts';
import { type Refusal, refuse } from './refusal.ts';

type Container = Y.XmlFragment | Y.XmlElement;

function nodeTypeOf(container: Container): NodeType | null {
  if (!(container instanceof Y.XmlElement)) return articleSchema.topNodeType;
  return articleSchema.nodes[container.nodeName as keyof typeof articleSchema.nodes] ?? null;
}

function marksAllowed(type: NodeType, text: Y.XmlText): boolean {
  for (const op of text.toDelta() as { attributes?: Record<string, unknown> }[]) {
    for (const [key, value] of Object.entries(op.attributes ?? {})) {
      if (value === null) continue;
      const mark = articleSchema.marks[markNameOfAttribute(key) as keyof typeof articleSchema.marks];
      if (!mark || !type.allowsMarkType(mark)) return false;
    }
  }
  return true;
}

/** True when ProseMirror would build `container` from its children as they are. */
function fits(container: Container): boolean {
  const type = nodeTypeOf(container);
  if (!type) return false;
  let match: ReturnType<NodeType['contentMatch']['matchType']> = type.contentMatch;
  for (const child of container.toArray()) {
    if (child instanceof Y.XmlText) {
      if (child.length === 0) continue;
      if (!marksAllowed(type, child)) return false;
      match = match?.matchType(articleSchema.nodes.text) ?? null;
    } else if (child instanceof Y.XmlElement) {
      const childType = nodeTypeOf(child);
      match = childType ? (match?.matchType(childType) ?? null) : null;
    } else return false;
    if (!match) return false;
  }
  return match?.validEnd ?? false;
}

/** The same container in `doc` as `container` is in the trial copy (null when it is new). */
function before(doc: Y.Doc, container: Container): Container | null {
  if (!container._item) return doc.getXmlFragment(ARTICLE_FRAGMENT);
  try {
    const item = Y.getItem(doc.store, container._item.id);
    return item instanceof Y.Item && item.content instanceof Y.ContentType && !item.deleted
      ? (item.content.type as Container)
      : null;
  } catch {
    return null;
  }
}

/** The article containers whose children or marks the update changed. */
function touchedContainers(effects: Effects): Set<Container> {
  const out = new Set<Container>();
  const add = ({ where, content }: Touched) => {
    if (where.root !== ARTICLE_FRAGMENT) return;
    const parent = where.parent;
    if (parent instanceof Y.XmlText) {
      const element = parent.parent;
      if (content instanceof Y.ContentFormat || content instanceof Y.ContentString) {
        if (element instanceof Y.XmlElement || element instanceof Y.XmlFragment) out.add(element);
      }
    } else if (
      (parent instanceof Y.XmlElement || parent instanceof Y.XmlFragment) &&
      content instanceof Y.ContentType
    ) {
      out.add(parent);
    }
  };
  effects.inserted.forEach(add);
  effects.deleted.forEach(add);
  return out;
}

/** Null when every element the update touched still fits the schema (or was already broken), else the refusal. */
export function structureRefusal(doc: Y.Doc, effects: Effects): Refusal | null {
  for (const container of touchedContainers(effects)) {
    if (container._item?.deleted || fits(container)) continue;
    const was = before(doc, container);
    if (was && !fits(was)) continue;
    const name = container instanceof Y.XmlElement ? container.nodeName : 'article';
    return refuse('unknown_type', `The change leaves a ${name} with content the article's schema does not allow`);
  }
  return null;
}
