import {
  type AnnotationKind,
  type AnnotationRange,
  addAnnotation,
  annotationIndex,
  articleSchema,
  newAnnotationId,
  rangesBetween,
} from '@factmark/editor';
import type { Node as PMNode } from 'prosemirror-model';
import { TextSelection } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import * as Y from 'yjs';
import { anchorsFor } from './anchors.ts';
import {
  type Actor,
  type AnnotationBody,
  AnnotationValidationError,
  type BodyRead,
  bodyJSON,
  bodyToYMap,
  type ClaimStatus,
  type CorrectionBody,
  type CorrectionCategory,
  type Message,
  messageSchema,
  readBody,
  type Stance,
  validateBody,
} from './bodies.ts';
import { annotationBodies, correctionsLog, sourceLibrary } from './layout.ts';
import {
  type CorrectionLogEntry,
  deleteSource,
  makeSource,
  type RatingScale,
  readRatingScale,
  type SourceInput,
  updateSource,
  writeRatingScale,
  writeSource,
} from './library.ts';
import { boundDoc, LOCAL_ORIGIN, transactWithArticle } from './y-prosemirror-seam.ts';

/** An annotation as queries return it: where it is, what it covers now, and its body. */
export interface AnnotationEntry {
  id: string;
  kind: AnnotationKind;
  ranges: readonly AnnotationRange[];
  /** The text it covers now (ranges joined by a space). */
  text: string;
  /** The body, or null when it is missing or invalid (see `error`). */
  body: AnnotationBody | null;
  error?: string;
}

/**
 * The entry for an annotation found in `doc`, given the result of reading its
 * body: the text its ranges cover now, the body, or why there is none.
 */
export function annotationEntry(
  doc: PMNode,
  found: { id: string; kind: AnnotationKind; ranges: readonly AnnotationRange[] },
  read: BodyRead | null,
): AnnotationEntry {
  const { id, kind, ranges } = found;
  return {
    id,
    kind,
    ranges,
    text: ranges.map((r) => doc.textBetween(r.from, r.to, '\n', ' ')).join(' '),
    body: read?.ok ? read.body : null,
    ...(read && !read.ok ? { error: read.error } : read ? {} : { error: 'body: missing' }),
  };
}

/** A body whose span was deleted entirely: it can be re-attached to a new selection or removed. */
export interface Orphan {
  id: string;
  body: AnnotationBody;
  /** The last text the span covered (the quote at creation when it was already gone on load). */
  lastText: string;
}

/**
 * The typed command and query API over one editor bound to a Factmark Y.Doc.
 * Every command validates before writing and throws an
 * {@link AnnotationValidationError} naming the bad field; every write is one
 * Yjs transaction, tracked by the editor's undo manager.
 */
export class FactCheck {
  readonly doc: Y.Doc;

  /**
   * @param now the clock for created/updated times (tests pass a fixed one)
   * @param newId the annotation and source id generator (tests pass a deterministic one)
   */
  constructor(
    readonly view: EditorView,
    private actor: Actor,
    private readonly now: () => Date = () => new Date(),
    private readonly newId: () => string = newAnnotationId,
  ) {
    const doc = boundDoc(view.state);
    if (!doc) throw new Error('The editor has no y-prosemirror sync plugin');
    this.doc = doc;
  }

  /** Act as someone else from now on (e.g. after a rename). */
  setActor(actor: Actor): void {
    this.actor = actor;
  }

  // ---- creating annotations on the current selection ----

  /** Mark the selection as a claim; the statement defaults to the selected text. */
  markClaim(init: { statement?: string } = {}): string {
    return this.create('claim', (quote) => ({
      statement: (init.statement ?? quote).replace(/\s+/g, ' ').trim().slice(0, 2_000),
      verdict: null,
      rationale: '',
      status: 'draft',
      assignee: null,
      sourceIds: [],
    }));
  }

  /** Cite a library source on the selection. */
  cite(init: { sourceId: string; excerpt?: string; stance: Stance }): string {
    this.requireSource(init.sourceId);
    return this.create('citation', () => ({
      sourceId: init.sourceId,
      excerpt: init.excerpt ?? '',
      stance: init.stance,
    }));
  }

  /** Propose replacing the selection's text. */
  proposeCorrection(init: { proposed: string; category: CorrectionCategory; rationale?: string }): string {
    return this.create('correction', (quote) => ({
      original: quote,
      proposed: init.proposed,
      category: init.category,
      rationale: init.rationale ?? '',
      state: 'proposed',
      decidedBy: null,
      decidedAt: null,
    }));
  }

  /** Start a comment thread on the selection with its first message. */
  addComment(text: string): string {
    const message = this.message(text);
    return this.create('comment', () => ({ resolved: false, resolvedBy: null, resolvedAt: null, thread: [message] }));
  }

  private create(kind: AnnotationKind, fields: (quote: string) => Record<string, unknown>): string {
    const result = addAnnotation(this.view.state, kind, this.newId());
    if (!result) throw new AnnotationValidationError('selection', 'Select some text first');
    const { tr, created } = result;
    const time = this.now().toISOString();
    const ranges = rangesBetween(tr.doc, created.id, created.from, created.to);
    const body = validateBody({
      id: created.id,
      kind,
      quote: created.quote,
      author: this.actor,
      createdAt: time,
      updatedAt: time,
      updatedBy: this.actor,
      thread: [],
      ...anchorsFor(this.view.state, ranges),
      ...fields(created.quote),
    });
    transactWithArticle(this.view, tr.scrollIntoView(), (doc) =>
      annotationBodies(doc).set(created.id, bodyToYMap(body)),
    );
    return created.id;
  }

  // ---- changing bodies ----

  /** Give a claim a verdict from the document's scale, or clear it with null. */
  setVerdict(claimId: string, verdict: string | null): void {
    if (verdict !== null && !readRatingScale(this.doc).labels.some((l) => l.label === verdict)) {
      throw new AnnotationValidationError('verdict', `"${verdict}" is not a label of this document's rating scale`);
    }
    this.change(claimId, 'claim', { verdict });
  }

  /** Set a claim's statement (the claim as checked). */
  setStatement(claimId: string, statement: string): void {
    this.change(claimId, 'claim', { statement: statement.replace(/\s+/g, ' ').trim() });
  }

  /** Set a claim's or a correction's rationale. */
  setRationale(id: string, rationale: string): void {
    this.change(id, ['claim', 'correction'], { rationale });
  }

  /** Move a claim through draft → in review → checked → published (or back). */
  setStatus(claimId: string, status: ClaimStatus): void {
    this.change(claimId, 'claim', { status });
  }

  /** Assign a claim to someone, or to no one. */
  setAssignee(claimId: string, assignee: Actor | null): void {
    this.change(claimId, 'claim', { assignee });
  }

  /** Attach a library source to a claim (once). */
  addSourceToClaim(claimId: string, sourceId: string): void {
    this.requireSource(sourceId);
    this.change(claimId, 'claim', {}, (map) => {
      const ids = map.get('sourceIds') as Y.Array<string>;
      if (!ids.toArray().includes(sourceId)) ids.push([sourceId]);
    });
  }

  /** Detach a source from a claim. */
  removeSourceFromClaim(claimId: string, sourceId: string): void {
    this.change(claimId, 'claim', {}, (map) => {
      const ids = map.get('sourceIds') as Y.Array<string>;
      for (let i = ids.length - 1; i >= 0; i--) if (ids.get(i) === sourceId) ids.delete(i, 1);
    });
  }

  /** Add a message to any annotation's discussion thread; returns the message id. */
  reply(id: string, text: string): string {
    const message = this.message(text);
    this.change(id, null, {}, (map) => (map.get('thread') as Y.Array<Message>).push([message]));
    return message.id;
  }

  /** Resolve a comment thread. */
  resolve(commentId: string): void {
    this.change(commentId, 'comment', { resolved: true, resolvedBy: this.actor, resolvedAt: this.now().toISOString() });
  }

  /** Reopen a resolved comment thread. */
  reopen(commentId: string): void {
    this.change(commentId, 'comment', { resolved: false, resolvedBy: null, resolvedAt: null });
  }

  /**
   * Accept a proposed correction: its span's text becomes the proposed text
   * (keeping the span's marks, so the correction stays on its own span), the
   * record keeps the original text, and the decision is appended to the
   * corrections log — all in one undoable step.
   */
  acceptCorrection(correctionId: string): void {
    const body = this.correction(correctionId);
    const ranges = annotationIndex(this.view.state).rangesOf(correctionId);
    const first = ranges[0];
    const last = ranges[ranges.length - 1];
    if (!first || !last) throw new AnnotationValidationError('id', 'The correction has no text left to replace');
    const state = this.view.state;
    const marks = state.doc.nodeAt(first.from)?.marks ?? [];
    const tr = state.tr;
    if (body.proposed === '') tr.delete(first.from, last.to);
    else tr.replaceWith(first.from, last.to, articleSchema.text(body.proposed, marks));
    this.decide(correctionId, body, 'accepted', (fn) => transactWithArticle(this.view, tr, fn));
  }

  /** Reject a proposed correction; the text stays, the decision is logged. */
  rejectCorrection(correctionId: string): void {
    const body = this.correction(correctionId);
    this.decide(correctionId, body, 'rejected', (fn) => this.doc.transact(() => fn(this.doc), LOCAL_ORIGIN));
  }

  private correction(id: string): CorrectionBody {
    const read = readBody(this.doc, id);
    if (!read?.ok || read.body.kind !== 'correction')
      throw new AnnotationValidationError('id', `There is no correction "${id}"`);
    if (read.body.state !== 'proposed') {
      throw new AnnotationValidationError('state', `The correction was already ${read.body.state}`);
    }
    return read.body;
  }

  private decide(
    id: string,
    body: CorrectionBody,
    decision: 'accepted' | 'rejected',
    run: (write: (doc: Y.Doc) => void) => void,
  ): void {
    const time = this.now().toISOString();
    const entry: CorrectionLogEntry = {
      correctionId: id,
      decision,
      original: body.original,
      proposed: body.proposed,
      category: body.category,
      decidedBy: this.actor,
      decidedAt: time,
    };
    run((doc) => {
      const map = annotationBodies(doc).get(id);
      if (!map) return;
      map.set('state', decision);
      map.set('decidedBy', this.actor);
      map.set('decidedAt', time);
      map.set('updatedAt', time);
      map.set('updatedBy', this.actor);
      correctionsLog(doc).push([entry]);
    });
  }

  /** Remove an annotation: its marks and its body together, in one undoable step. */
  remove(id: string): void {
    const bodies = annotationBodies(this.doc);
    const ranges = annotationIndex(this.view.state).rangesOf(id);
    const kind = annotationIndex(this.view.state).kindOf(id);
    if (!bodies.has(id) && ranges.length === 0)
      throw new AnnotationValidationError('id', `There is no annotation "${id}"`);
    if (ranges.length === 0 || !kind) {
      this.doc.transact(() => bodies.delete(id), LOCAL_ORIGIN);
      return;
    }
    const tr = this.view.state.tr;
    const mark = articleSchema.marks[kind].create({ id });
    for (const r of ranges) tr.removeMark(r.from, r.to, mark);
    transactWithArticle(this.view, tr, (doc) => annotationBodies(doc).delete(id));
  }

  /** Re-attach an orphan (or move an annotation) to the current selection, keeping its id and body. */
  reattach(id: string): void {
    const read = readBody(this.doc, id);
    if (!read?.ok) throw new AnnotationValidationError('id', `There is no annotation "${id}"`);
    const { kind } = read.body;
    const state = this.view.state;
    if (state.selection.empty) throw new AnnotationValidationError('selection', 'Select some text first');
    const tr = state.tr;
    const mark = articleSchema.marks[kind].create({ id });
    for (const r of annotationIndex(state).rangesOf(id)) tr.removeMark(r.from, r.to, mark);
    tr.addMark(state.selection.from, state.selection.to, mark);
    const ranges = rangesBetween(tr.doc, id, state.selection.from, state.selection.to);
    if (ranges.length === 0) throw new AnnotationValidationError('selection', 'The selection holds no text');
    const time = this.now().toISOString();
    transactWithArticle(this.view, tr, (doc) => {
      const map = annotationBodies(doc).get(id);
      if (!map) return;
      // Anchors for the new span, in the current Yjs state (positions are unchanged by adding a mark).
      const anchors = anchorsFor(state, ranges);
      if (anchors) {
        map.set('anchorStart', anchors.anchorStart);
        map.set('anchorEnd', anchors.anchorEnd);
      }
      map.set('updatedAt', time);
      map.set('updatedBy', this.actor);
    });
  }

  // ---- sources and the rating scale ----

  /** Add a source to the library; only http(s) URLs are accepted. Returns its id. */
  addSource(input: SourceInput): string {
    const source = makeSource(this.newId(), input, this.actor, this.now());
    this.doc.transact(() => writeSource(this.doc, source), LOCAL_ORIGIN);
    return source.id;
  }

  /** Change a source's fields. */
  updateSource(sourceId: string, patch: Partial<SourceInput>): void {
    updateSource(this.doc, sourceId, patch);
  }

  /** Delete a source; refused (SourceInUseError, naming its users) while claims or citations use it. */
  deleteSource(sourceId: string): void {
    this.doc.transact(() => deleteSource(this.doc, sourceId), LOCAL_ORIGIN);
  }

  /** Replace the rating scale; refused when a claim's verdict is not on the new scale. */
  setRatingScale(scale: RatingScale): void {
    this.doc.transact(() => writeRatingScale(this.doc, scale), LOCAL_ORIGIN);
  }

  // ---- queries ----

  /** Every annotation that covers text, in document order, with its body. */
  annotations(): AnnotationEntry[] {
    const { doc } = this.view.state;
    return annotationIndex(this.view.state)
      .inDocumentOrder()
      .map((found) => annotationEntry(doc, found, readBody(this.doc, found.id)));
  }

  /** The ranges annotation `id` covers ([] for an orphan). */
  rangesOf(id: string): readonly AnnotationRange[] {
    return annotationIndex(this.view.state).rangesOf(id);
  }

  /** The annotations covering the character after `pos`. */
  at(pos: number): { id: string; kind: AnnotationKind }[] {
    return annotationIndex(this.view.state).at(pos);
  }

  /** Bodies whose span was deleted entirely (accepted corrections that deleted their text are not orphans). */
  orphans(): Orphan[] {
    const index = annotationIndex(this.view.state);
    const out: Orphan[] = [];
    annotationBodies(this.doc).forEach((_, id) => {
      if (index.has(id)) return;
      const read = readBody(this.doc, id);
      if (!read?.ok) return;
      if (read.body.kind === 'correction' && read.body.state === 'accepted') return;
      out.push({ id, body: read.body, lastText: index.vanished.get(id)?.lastText ?? read.body.quote });
    });
    return out.sort((a, b) => a.body.createdAt.localeCompare(b.body.createdAt) || a.id.localeCompare(b.id));
  }

  /** Bodies that fail validation (e.g. written by a misbehaving peer), with the reason. */
  invalid(): { id: string; error: string }[] {
    const out: { id: string; error: string }[] = [];
    annotationBodies(this.doc).forEach((_, id) => {
      const read = readBody(this.doc, id);
      if (read && !read.ok) out.push({ id, error: read.error });
    });
    return out;
  }

  /** Select the first range of annotation `id` and scroll it into view. */
  select(id: string): boolean {
    const r = this.rangesOf(id)[0];
    if (!r) return false;
    this.view.dispatch(
      this.view.state.tr.setSelection(TextSelection.create(this.view.state.doc, r.from, r.to)).scrollIntoView(),
    );
    return true;
  }

  // ---- helpers ----

  private message(text: string): Message {
    const parsed = messageSchema.safeParse({
      id: newAnnotationId(),
      author: this.actor,
      text,
      createdAt: this.now().toISOString(),
    });
    if (!parsed.success) throw new AnnotationValidationError('text', parsed.error.issues[0]?.message ?? 'invalid');
    return parsed.data;
  }

  private requireSource(sourceId: string): void {
    if (!sourceLibrary(this.doc).has(sourceId))
      throw new AnnotationValidationError('sourceId', `There is no source "${sourceId}"`);
  }

  private change(
    id: string,
    kinds: AnnotationKind | AnnotationKind[] | null,
    patch: Record<string, unknown>,
    extra?: (map: Y.Map<unknown>) => void,
  ): void {
    const map = annotationBodies(this.doc).get(id);
    if (!(map instanceof Y.Map)) throw new AnnotationValidationError('id', `There is no annotation "${id}"`);
    const current = bodyJSON(map);
    const allowed = kinds === null ? null : Array.isArray(kinds) ? kinds : [kinds];
    if (allowed && !allowed.includes(current.kind as AnnotationKind)) {
      throw new AnnotationValidationError(
        'kind',
        `Annotation "${id}" is a ${String(current.kind)}, not a ${allowed.join(' or ')}`,
      );
    }
    const time = this.now().toISOString();
    validateBody({ ...current, ...patch, updatedAt: time, updatedBy: this.actor });
    this.doc.transact(() => {
      for (const [key, value] of Object.entries(patch)) map.set(key, value);
      extra?.(map);
      map.set('updatedAt', time);
      map.set('updatedBy', this.actor);
    }, LOCAL_ORIGIN);
  }
}
