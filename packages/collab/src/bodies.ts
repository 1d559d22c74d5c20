import type { AnnotationKind } from '@factmark/editor';
import * as Y from 'yjs';
import { annotationBodies, type BodyMap } from './layout.ts';

/** Who did something: a stable user id and the name shown to colleagues. */
export interface Actor {
  id: string;
  name: string;
}

/** Fields every annotation body has. */
export interface BaseBody {
  id: string;
  kind: AnnotationKind;
  /** The span's text when the annotation was created. */
  quote: string;
  author: Actor;
  /** ISO 8601 time of creation. */
  createdAt: string;
}

/** A claim's body. */
export interface ClaimBody extends BaseBody {
  kind: 'claim';
}

/** Any annotation body. */
export type AnnotationBody = ClaimBody;

/** Build the Y.Map for a new body (not yet inserted). */
export function bodyToYMap(body: AnnotationBody): BodyMap {
  const map = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(body)) map.set(key, value);
  return map;
}

/** Read a body out of its Y.Map; null when it lacks the fields every body has. */
export function readBody(map: BodyMap | undefined): AnnotationBody | null {
  if (!(map instanceof Y.Map)) return null;
  const body = map.toJSON() as Partial<AnnotationBody>;
  if (typeof body.id !== 'string' || typeof body.kind !== 'string' || typeof body.quote !== 'string') return null;
  return body as AnnotationBody;
}

/** Every body in `doc`, keyed by id. */
export function readBodies(doc: Y.Doc): Map<string, AnnotationBody> {
  const out = new Map<string, AnnotationBody>();
  annotationBodies(doc).forEach((map, id) => {
    const body = readBody(map);
    if (body) out.set(id, body);
  });
  return out;
}
