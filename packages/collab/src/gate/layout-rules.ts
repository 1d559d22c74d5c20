/**
 * Which content may sit where in a Factmark document, for every role: the
 * article holds schema elements, text and mark formatting; the annotations map
 * holds one map per body (plain values, two arrays, plain text in the prose
 * fields, the binary anchors; a thread's messages as maps of plain values
 * and plain text);
 * sources, settings and the corrections log hold plain values. Anything else
 * (subdocuments, embeds, binary elsewhere, unknown roots or marks) is refused.
 */
import { ANNOTATION_ID, articleSchema, isAnnotationKind } from '@factmark/editor';
import * as Y from 'yjs';
import { ANCHORS_FIELD, LEGACY_ANCHOR_FIELDS } from '../anchors.ts';
import { ARRAY_FIELDS, isTextField } from '../bodies.ts';
import {
  ANNOTATIONS_MAP,
  ARTICLE_FRAGMENT,
  CORRECTIONS_LOG,
  HINT_DECISIONS_MAP,
  SETTINGS_MAP,
  SOURCES_MAP,
} from '../layout.ts';
import { isMessageMap, MESSAGE_VALUES } from '../messages.ts';
import { PUBLICATION_FIELDS, REVIEW_RULE_KEY } from '../publication.ts';
import { markNameOfAttribute } from '../y-prosemirror-seam.ts';
import type { Touched } from './effects.ts';
import { type Refusal, refuse } from './refusal.ts';

/** The binary fields of a body: the packed anchors, and the three of the layout from before. */
const ANCHOR_FIELDS = new Set<string>([ANCHORS_FIELD, ...LEGACY_ANCHOR_FIELDS]);
/** The settings a document has: its scale, its publication details, its second-reviewer rule. */
const SETTING_KEYS = new Set<string>(['ratingScale', REVIEW_RULE_KEY, ...PUBLICATION_FIELDS]);

/** The mark name a format key stands for, as y-prosemirror reads it (`claim--<hash>` for overlapping claims). */
export const markNameOf = markNameOfAttribute;

/** The annotation a format value names, when the key is an annotation mark's and the value a valid `{id}`. */
export function annotationMarkOf(key: string, value: unknown): { kind: string; id: string } | null {
  const kind = markNameOf(key);
  if (!isAnnotationKind(kind) || value === null || typeof value !== 'object') return null;
  const id = (value as { id?: unknown }).id;
  return typeof id === 'string' ? { kind, id } : null;
}

function formatProblem(key: string, value: unknown): string | null {
  const name = markNameOf(key);
  const type = articleSchema.marks[name as keyof typeof articleSchema.marks];
  if (!type) return `formatting "${name}" is not part of an article`;
  if (value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) return `formatting "${name}" has a value of the wrong kind`;
  const allowed = Object.keys(type.spec.attrs ?? {});
  for (const attr of Object.keys(value))
    if (!allowed.includes(attr)) return `formatting "${name}" has an unknown "${attr}"`;
  if (isAnnotationKind(name)) {
    const id = (value as { id?: unknown }).id;
    if (typeof id !== 'string' || !ANNOTATION_ID.test(id)) return `an annotation mark without a valid id`;
  }
  try {
    type.create(value as Record<string, unknown>);
  } catch (error) {
    return (error as Error).message;
  }
  return null;
}

function articleProblem({ item, content, where }: Touched): string | null {
  const parent = where.parent;
  if (content instanceof Y.ContentFormat) {
    if (!(parent instanceof Y.XmlText)) return 'formatting outside text';
    return formatProblem(content.key, content.value);
  }
  if (content instanceof Y.ContentString) return parent instanceof Y.XmlText ? null : 'text outside a text node';
  if (content instanceof Y.ContentType) {
    if (item.parentSub !== null || parent instanceof Y.XmlText) return 'a node in the wrong place';
    const type = content.type;
    if (type instanceof Y.XmlText) return parent instanceof Y.XmlElement ? null : 'text outside a paragraph';
    if (!(type instanceof Y.XmlElement) || type instanceof Y.XmlHook) return 'content of an unknown kind';
    const nodeType = articleSchema.nodes[type.nodeName as keyof typeof articleSchema.nodes];
    if (!nodeType || nodeType.isText || nodeType === articleSchema.topNodeType)
      return `an unknown node "${type.nodeName}"`;
    return null;
  }
  if (content instanceof Y.ContentAny && parent instanceof Y.XmlElement && item.parentSub !== null) {
    const nodeType = articleSchema.nodes[parent.nodeName as keyof typeof articleSchema.nodes];
    const attrs = Object.keys(nodeType?.spec.attrs ?? {});
    if (!attrs.includes(item.parentSub)) return `an unknown attribute "${item.parentSub}"`;
    const value = content.arr[0];
    return value === null || ['string', 'number', 'boolean'].includes(typeof value)
      ? null
      : 'an attribute value of the wrong kind';
  }
  return 'content of an unknown kind';
}

function annotationsProblem(touched: Touched): string | null {
  const { item, content, where } = touched;
  if (where.depth === 0) {
    return item.parentSub !== null && content instanceof Y.ContentType && content.type instanceof Y.Map
      ? null
      : 'an annotation that is not a map of fields';
  }
  if (where.depth === 1 && item.parentSub !== null) {
    if (content instanceof Y.ContentAny)
      return ARRAY_FIELDS.has(item.parentSub) ? 'a list field of the wrong kind' : null;
    if (content instanceof Y.ContentBinary) return ANCHOR_FIELDS.has(item.parentSub) ? null : 'binary content';
    if (content instanceof Y.ContentType && content.type instanceof Y.Array && !(content.type instanceof Y.XmlFragment))
      return ARRAY_FIELDS.has(item.parentSub) ? null : 'a list where a value belongs';
    if (content instanceof Y.ContentType && content.type instanceof Y.Text && !(content.type instanceof Y.XmlText))
      return isTextField(item.parentSub) ? null : 'text where a value belongs';
    return 'an annotation field of an unknown kind';
  }
  if (where.depth === 2 && item.parentSub === null) {
    const field = where.parent?._item?.parentSub ?? '';
    if (where.parent instanceof Y.Text) {
      if (!isTextField(field)) return 'text where a value belongs';
      return content instanceof Y.ContentString ? null : "formatting or objects in an annotation's text";
    }
    if (content instanceof Y.ContentAny && ARRAY_FIELDS.has(field)) return null;
    // A thread message: a map of plain values and its text (messages.ts).
    if (field === 'thread' && content instanceof Y.ContentType && content.type instanceof Y.Map) return null;
  }
  const inMessage = messageProblem(touched);
  return inMessage === undefined ? 'content nested where annotations have none' : inMessage;
}

/** Inside a thread message: plain values under its known keys, Y.Text under `text`, plain text in that. Null: fine; undefined: not a message's. */
function messageProblem({ item, content, where }: Touched): string | null | undefined {
  if (where.depth === 3 && item.parentSub !== null && isMessageMap(where.parent)) {
    if (item.parentSub === 'text')
      return content instanceof Y.ContentType && content.type instanceof Y.Text && !(content.type instanceof Y.XmlText)
        ? null
        : "a message's text of the wrong kind";
    return MESSAGE_VALUES.has(item.parentSub) && content instanceof Y.ContentAny
      ? null
      : 'a message field of an unknown kind';
  }
  const text = where.parent;
  if (where.depth === 4 && item.parentSub === null && text instanceof Y.Text && !(text instanceof Y.XmlText)) {
    if (text._item?.parentSub === 'text' && isMessageMap(text._item.parent))
      return content instanceof Y.ContentString ? null : "formatting or objects in a message's text";
  }
  return undefined;
}

function plainMapProblem({ item, content, where }: Touched, depthOfValues: number): string | null {
  if (where.depth === depthOfValues && item.parentSub !== null && content instanceof Y.ContentAny) return null;
  if (
    depthOfValues === 1 &&
    where.depth === 0 &&
    item.parentSub !== null &&
    content instanceof Y.ContentType &&
    content.type instanceof Y.Map
  )
    return null;
  return 'content of an unknown kind';
}

/**
 * Is `touched` (a struct the update integrated and left visible) something
 * the layout has a place for? Null when it is, else the refusal.
 */
export function layoutRefusal(touched: Touched): Refusal | null {
  const { item, content, where } = touched;
  if (content instanceof Y.ContentDeleted) return null;
  let problem: string | null;
  switch (where.root) {
    case ARTICLE_FRAGMENT:
      problem = articleProblem(touched);
      break;
    case ANNOTATIONS_MAP:
      problem = annotationsProblem(touched);
      break;
    case SOURCES_MAP:
      problem = plainMapProblem(touched, 1);
      break;
    case SETTINGS_MAP:
      problem =
        where.depth === 0 &&
        item.parentSub !== null &&
        SETTING_KEYS.has(item.parentSub) &&
        content instanceof Y.ContentAny
          ? null
          : 'a setting Factmark does not have';
      break;
    case HINT_DECISIONS_MAP:
      problem =
        where.depth === 0 && item.parentSub !== null && content instanceof Y.ContentAny
          ? null
          : 'a hint decision of the wrong kind';
      break;
    case CORRECTIONS_LOG:
      problem =
        where.depth === 0 && item.parentSub === null && content instanceof Y.ContentAny
          ? null
          : 'a log entry of the wrong kind';
      break;
    default:
      return refuse(
        'unknown_type',
        `The change writes to “${where.root ?? '?'}”, which is not part of a Factmark document`,
      );
  }
  return problem === null
    ? null
    : refuse('unknown_type', `The change holds ${problem}, which a Factmark document has no place for`);
}
