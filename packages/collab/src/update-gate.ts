import { isAnnotationKind } from '@factmark/editor';
import * as Y from 'yjs';
import { bodyJSON, readBody } from './bodies.ts';
import { ANNOTATIONS_MAP, ARTICLE_FRAGMENT, CORRECTIONS_LOG, SETTINGS_MAP, SOURCES_MAP } from './layout.ts';
import { ratingScaleSchema, sourceSchema } from './library.ts';

/** What someone may do with a document. */
export type Role = 'owner' | 'editor' | 'commenter' | 'viewer';

/** Roles from most to least powerful. */
export const ROLES: readonly Role[] = ['owner', 'editor', 'commenter', 'viewer'];

/** Why an update was refused. */
export type RejectionCode =
  | 'malformed'
  | 'out_of_sync'
  | 'read_only'
  | 'article_text'
  | 'settings'
  | 'corrections_log'
  | 'unknown_type'
  | 'invalid_body';

/** An annotation body before and after an update (null where it does not exist). */
export interface BodyChange {
  id: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** The gate's answer for one incoming update; when accepted, the annotation bodies it changes. */
export type GateVerdict =
  | { ok: true; changes: boolean; bodyChanges: BodyChange[] }
  | { ok: false; code: RejectionCode; reason: string };

/** What an update does, per top-level type of the document. */
export interface UpdateEffects {
  /** Top-level types the update adds content to or deletes content from. */
  roots: Set<string>;
  /** In the article: inserted text or structure (not just formatting). */
  articleContent: boolean;
  /** In the article: formatting with keys other than annotation marks. */
  articleOtherFormat: boolean;
  /** In the article: deletion of text or structure (not just of formatting). */
  articleDeletion: boolean;
  /** Ids of annotation bodies the update touches. */
  bodies: Set<string>;
  /**
   * Items placed next to items the document does not have (lost in a crash,
   * or not yet received): Yjs keeps them pending until those arrive, and
   * where they will land cannot be told now.
   */
  unresolved: boolean;
}

type ParentRef = string | Y.ID | null;

/** Marker root for items that land on garbage-collected content. */
const GC_ROOT = '\u0000gc';

function isId(x: unknown): x is Y.ID {
  return typeof x === 'object' && x !== null && 'client' in x && 'clock' in x;
}

/** An annotation mark key as y-prosemirror writes it: `claim`, or `claim--<hash>` for overlapping marks. */
function isAnnotationFormatKey(key: string): boolean {
  return isAnnotationKind(key.split('--')[0] ?? '');
}

interface Located {
  /** The root type's name; null when it cannot be told; GC when the item lands on collected content (Yjs drops it). */
  root: string | null;
  /** The key directly under the root (a body id in `annotations`), when known. */
  topKey: string | null;
}

/**
 * Describe what `update` would change in `doc`, without applying it. Only the
 * part `doc` does not have yet counts; items are placed by their parent, or by
 * their neighbours' parent, found in `doc` or earlier in the update.
 * Throws on bytes that are not a Yjs update.
 */
export function describeUpdate(doc: Y.Doc, update: Uint8Array): UpdateEffects {
  const { structs, ds } = Y.decodeUpdate(update);
  const effects: UpdateEffects = {
    roots: new Set(),
    articleContent: false,
    articleOtherFormat: false,
    articleDeletion: false,
    bodies: new Set(),
    unresolved: false,
  };
  const known = Y.decodeStateVector(Y.encodeStateVector(doc));
  const inUpdate = new Map<
    string,
    {
      parent: ParentRef;
      parentSub: string | null;
      origin: Y.ID | null;
      right: Y.ID | null;
      length: number;
      clock: number;
      client: number;
    }
  >();
  const key = (client: number, clock: number) => `${client}:${clock}`;
  const items: Y.Item[] = [];
  for (const s of structs) {
    if (!(s instanceof Y.Item)) continue;
    items.push(s);
    inUpdate.set(key(s.id.client, s.id.clock), {
      parent: s.parent as unknown as ParentRef,
      parentSub: s.parentSub,
      origin: s.origin,
      right: s.rightOrigin,
      length: s.length,
      clock: s.id.clock,
      client: s.id.client,
    });
  }
  const findInUpdate = (id: Y.ID) => {
    const exact = inUpdate.get(key(id.client, id.clock));
    if (exact) return exact;
    for (const v of inUpdate.values()) {
      if (v.client === id.client && v.clock <= id.clock && id.clock < v.clock + v.length) return v;
    }
    return undefined;
  };
  const locateType = (type: Y.AbstractType<unknown>): Located => {
    let t: Y.AbstractType<unknown> = type;
    let topKey: string | null = null;
    while (t._item) {
      topKey = t._item.parentSub;
      t = t._item.parent as Y.AbstractType<unknown>;
    }
    const root = Y.findRootTypeKey(t);
    return { root, topKey: root === ANNOTATIONS_MAP || root === SOURCES_MAP ? topKey : null };
  };
  // Where does the item with this id live? (An item of `doc`, or one of the update.)
  const locateId = (id: Y.ID, depth: number): Located => {
    if (depth > 10_000) return { root: null, topKey: null };
    const local = findInUpdate(id);
    if (local) return locateRef(local.parent, local.parentSub, local.origin ?? local.right, depth + 1);
    try {
      const item = Y.getItem(doc.store, id) as Y.Item | Y.GC;
      if (!(item instanceof Y.Item)) return { root: GC_ROOT, topKey: null };
      return locateParentOf(item);
    } catch {
      return { root: null, topKey: null };
    }
  };
  const locateParentOf = (item: Y.Item): Located => {
    const parent = item.parent as Y.AbstractType<unknown>;
    const here = locateType(parent);
    if (here.root !== null && here.topKey === null && parent._item === null) {
      return {
        root: here.root,
        topKey: here.root === ANNOTATIONS_MAP || here.root === SOURCES_MAP ? item.parentSub : null,
      };
    }
    return here;
  };
  // The location of items whose parent is `parent` (or, when the update omits it, the neighbour's parent).
  const locateRef = (parent: ParentRef, parentSub: string | null, neighbour: Y.ID | null, depth: number): Located => {
    if (typeof parent === 'string') {
      return { root: parent, topKey: parent === ANNOTATIONS_MAP || parent === SOURCES_MAP ? parentSub : null };
    }
    if (isId(parent)) {
      // The parent is the type created by item `parent`: the item's own location, one level down.
      const local = findInUpdate(parent);
      if (local) {
        const above = locateRef(local.parent, local.parentSub, local.origin ?? local.right, depth + 1);
        return above;
      }
      try {
        const item = Y.getItem(doc.store, parent) as Y.Item | Y.GC;
        if (!(item instanceof Y.Item)) return { root: GC_ROOT, topKey: null };
        const content = item.content as Y.ContentType;
        if (content instanceof Y.ContentType) return locateType(content.type as Y.AbstractType<unknown>);
        return { root: null, topKey: null };
      } catch {
        return { root: null, topKey: null };
      }
    }
    if (neighbour) return locateId(neighbour, depth + 1);
    return { root: null, topKey: null };
  };

  for (const item of items) {
    const end = item.id.clock + item.length;
    if (end <= (known.get(item.id.client) ?? 0)) continue; // already in the document
    const where = locateRef(item.parent as unknown as ParentRef, item.parentSub, item.origin ?? item.rightOrigin, 0);
    if (where.root === GC_ROOT) continue; // Lands on garbage-collected content: Yjs discards it.
    if (where.root === null) {
      effects.unresolved = true;
      continue;
    }
    const root = where.root;
    effects.roots.add(root);
    if (where.topKey && root === ANNOTATIONS_MAP) effects.bodies.add(where.topKey);
    if (root === ARTICLE_FRAGMENT) {
      const content = item.content;
      if (content instanceof Y.ContentFormat) {
        if (!isAnnotationFormatKey(content.key)) effects.articleOtherFormat = true;
      } else if (!(content instanceof Y.ContentDeleted)) {
        effects.articleContent = true;
      }
    }
  }
  // Deletions of what `doc` already has.
  for (const [client, deletes] of ds.clients) {
    const structsOfClient = doc.store.clients.get(client);
    if (!structsOfClient) continue;
    for (const del of deletes) {
      const start = del.clock;
      const stop = del.clock + del.len;
      let i = 0;
      try {
        i = Y.findIndexSS(structsOfClient, start);
      } catch {
        continue;
      }
      for (; i < structsOfClient.length; i++) {
        const s = structsOfClient[i];
        if (!s || s.id.clock >= stop) break;
        if (!(s instanceof Y.Item) || s.deleted) continue;
        const where = locateParentOf(s);
        const root = where.root ?? '?';
        effects.roots.add(root);
        if (where.topKey && root === ANNOTATIONS_MAP) effects.bodies.add(where.topKey);
        if (root === ARTICLE_FRAGMENT && !(s.content instanceof Y.ContentFormat)) effects.articleDeletion = true;
      }
    }
  }
  return effects;
}

const KNOWN_ROOTS = new Set([ARTICLE_FRAGMENT, ANNOTATIONS_MAP, SOURCES_MAP, SETTINGS_MAP, CORRECTIONS_LOG]);

/**
 * Decide whether someone with `role` may apply `update` to `doc`:
 * - a viewer may change nothing;
 * - a commenter may add and change annotations (their marks are formatting in
 *   the article) and sources, but not the article's text or structure, the
 *   settings, or the corrections log (deciding corrections changes text and is
 *   an editor's job);
 * - editors and owners may change anything (also with items that refer to
 *   content the server does not have yet: Yjs holds them until it arrives);
 * and for every role, the bodies, sources and settings the update leaves must
 * pass validation. Never throws: bytes that are not an update are `malformed`.
 */
export function checkUpdate(doc: Y.Doc, update: Uint8Array, role: Role): GateVerdict {
  let effects: UpdateEffects;
  try {
    effects = describeUpdate(doc, update);
  } catch (error) {
    return { ok: false, code: 'malformed', reason: `Not a Yjs update: ${(error as Error).message}` };
  }
  if (effects.unresolved && (role === 'viewer' || role === 'commenter')) {
    // Without knowing where it lands, a restricted role's update cannot be checked: the client reconnects and
    // its next sync carries what is missing.
    return {
      ok: false,
      code: 'out_of_sync',
      reason: 'Your copy refers to changes the server does not have yet: reconnecting to sync them',
    };
  }
  if (effects.roots.size === 0) return { ok: true, changes: effects.unresolved, bodyChanges: [] };
  for (const root of effects.roots) {
    if (!KNOWN_ROOTS.has(root)) {
      return {
        ok: false,
        code: 'unknown_type',
        reason: `The update changes "${root}", which is not part of a Factmark document`,
      };
    }
  }
  if (role === 'viewer') return { ok: false, code: 'read_only', reason: 'Viewers cannot change the document' };
  if (role === 'commenter') {
    if (effects.articleContent || effects.articleDeletion || effects.articleOtherFormat) {
      return { ok: false, code: 'article_text', reason: "Commenters cannot change the article's text" };
    }
    if (effects.roots.has(SETTINGS_MAP)) {
      return { ok: false, code: 'settings', reason: "Commenters cannot change the document's settings" };
    }
    if (effects.roots.has(CORRECTIONS_LOG)) {
      return { ok: false, code: 'corrections_log', reason: 'Only editors can accept or reject corrections' };
    }
  }
  const touchesData =
    effects.roots.has(ANNOTATIONS_MAP) || effects.roots.has(SOURCES_MAP) || effects.roots.has(SETTINGS_MAP);
  if (!touchesData) return { ok: true, changes: true, bodyChanges: [] };
  const after = validateAfter(doc, update, effects);
  if (typeof after === 'string') return { ok: false, code: 'invalid_body', reason: after };
  return { ok: true, changes: true, bodyChanges: after };
}

function bodyState(doc: Y.Doc, id: string): Record<string, unknown> | null {
  const map = doc.getMap<Y.Map<unknown>>(ANNOTATIONS_MAP).get(id);
  return map instanceof Y.Map ? bodyJSON(map) : null;
}

/** Updates a validation copy may fall behind by before it is dropped (and built again when next needed). */
const MAX_PENDING_BYTES = 1 << 20;

/**
 * A copy of a document that follows it, to try updates on before they are
 * applied. Building a copy costs a full encoding of the document (hundreds of
 * milliseconds for a long article with thousands of annotations), so it is
 * built once and then fed the document's own updates, lazily: they are
 * applied when the next update is tried (an update the copy already has is
 * skipped by Yjs). A copy that took a refused update no longer matches the
 * document and is dropped.
 */
class ValidationCopy {
  private copy: Y.Doc | null = null;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;

  constructor(private readonly doc: Y.Doc) {
    doc.on('update', this.onUpdate);
    doc.on('destroy', () => this.drop());
  }

  private onUpdate = (update: Uint8Array): void => {
    if (!this.copy) return;
    this.pending.push(update);
    this.pendingBytes += update.length;
    if (this.pendingBytes > MAX_PENDING_BYTES) this.drop();
  };

  /** The copy, up to date with the document. */
  current(): Y.Doc {
    if (!this.copy) {
      this.copy = new Y.Doc({ gc: this.doc.gc });
      Y.applyUpdate(this.copy, Y.encodeStateAsUpdate(this.doc));
    } else {
      for (const update of this.pending) Y.applyUpdate(this.copy, update);
    }
    this.pending = [];
    this.pendingBytes = 0;
    return this.copy;
  }

  drop(): void {
    this.copy?.destroy();
    this.copy = null;
    this.pending = [];
    this.pendingBytes = 0;
  }
}

const copies = new WeakMap<Y.Doc, ValidationCopy>();

function validationCopy(doc: Y.Doc): ValidationCopy {
  let copy = copies.get(doc);
  if (!copy) {
    copy = new ValidationCopy(doc);
    copies.set(doc, copy);
  }
  return copy;
}

/**
 * Forget the copy {@link checkUpdate} tried updates on: call it when an
 * update it accepted is not applied after all (storing it failed), since the
 * copy holds it and the document does not.
 */
export function forgetTriedUpdates(doc: Y.Doc): void {
  copies.get(doc)?.drop();
}

/** Apply `update` to the document's validation copy and validate what it touched: the reason it is invalid, or the body changes. */
function validateAfter(doc: Y.Doc, update: Uint8Array, effects: UpdateEffects): string | BodyChange[] {
  const trial = validationCopy(doc);
  const copy = trial.current();
  Y.applyUpdate(copy, update);
  const verdict = validateCopy(doc, copy, effects);
  // The copy now holds the update: keep it only if the document is going to apply it too.
  if (typeof verdict === 'string') trial.drop();
  return verdict;
}

function validateCopy(doc: Y.Doc, copy: Y.Doc, effects: UpdateEffects): string | BodyChange[] {
  for (const id of effects.bodies) {
    const read = readBody(copy, id);
    if (read && !read.ok) return `Annotation ${id}: ${read.error}`;
    if (read?.ok && read.body.id !== id) return `Annotation ${id}: id does not match its key`;
  }
  if (effects.roots.has(SOURCES_MAP)) {
    for (const [id, map] of copy.getMap<Y.Map<unknown>>(SOURCES_MAP)) {
      const parsed = sourceSchema.safeParse(map instanceof Y.Map ? map.toJSON() : null);
      if (!parsed.success)
        return `Source ${id}: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`;
    }
  }
  if (effects.roots.has(SETTINGS_MAP)) {
    const scale = copy.getMap(SETTINGS_MAP).get('ratingScale');
    if (scale !== undefined && !ratingScaleSchema.safeParse(scale).success) return 'The rating scale is not valid';
  }
  return [...effects.bodies].map((id) => ({ id, before: bodyState(doc, id), after: bodyState(copy, id) }));
}
