/** FactCheck: the one typed write path (and its queries) over an editor bound to a Factmark Y.Doc. */
import {
  type AnnotationKind,
  type AnnotationRange,
  annotationIndex,
  collapseWhitespace,
  newAnnotationId,
} from '@factmark/editor';
import { TextSelection } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import type * as Y from 'yjs';
import { type CreatedSelection, createAnnotation } from './annotation-create.ts';
import {
  type AnnotationEntry,
  annotationEntry,
  claimSpans,
  invalidAnnotations,
  type Orphan,
  orphansOf,
  requireClaim,
} from './annotation-queries.ts';
import {
  type Actor,
  AnnotationValidationError,
  type ClaimStatus,
  type CorrectionCategory,
  messageToYMap,
  type Stance,
  type TextField,
} from './bodies.ts';
import { readBody } from './body-layout.ts';
import { changeBody, editTextField, fieldText, GONE, newMessage, type TextEditOptions } from './body-writes.ts';
import { claimAround } from './citation-links.ts';
import { type ClaimDetails, newClaimFields, statusPatch, verdictPatch } from './claim-workflow.ts';
import { acceptanceOf, decision, proposedCorrection } from './corrections.ts';
import { type HintChoice, writeHintDecision } from './hint-decisions.ts';
import { annotationBodies } from './layout.ts';
import type { MessageField } from './messages.ts';
import { type PublicationField, writePublication, writeReviewRule } from './publication.ts';
import { type RatingScale, writeRatingScale } from './rating-scale.ts';
import { type ReviewChoice, settleReview } from './review.ts';
import { deleteSource, makeSource, requireSource, type SourceInput, updateSource, writeSource } from './sources.ts';
import { moveToSelection, removal } from './span-moves.ts';
import { boundDoc, LOCAL_ORIGIN, transactWithArticle } from './y-prosemirror-seam.ts';

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

  /** Where the selection goes once an annotation is made (see {@link CreatedSelection}); `keep` unless set. */
  createdSelection: CreatedSelection = 'keep';

  /** Act as someone else from now on (e.g. after a rename). */
  setActor(actor: Actor): void {
    this.actor = actor;
  }

  /** Mark the selection as a claim; the statement defaults to the selected text. */
  markClaim(init: { statement?: string } = {}): string {
    return this.create('claim', (quote) => newClaimFields(quote, init.statement));
  }

  /** Cite a library source on the selection, for the claim around it unless `claimId` says otherwise (null: none). */
  cite(init: { sourceId: string; excerpt?: string; stance: Stance; claimId?: string | null }): string {
    requireSource(this.doc, init.sourceId);
    const { from, to } = this.view.state.selection;
    const claimId = init.claimId === undefined ? claimAround(claimSpans(this.view.state), { from, to }) : init.claimId;
    if (claimId) requireClaim(this.doc, claimId);
    return this.create('citation', () => ({
      sourceId: init.sourceId,
      excerpt: init.excerpt ?? '',
      stance: init.stance,
      claimId,
    }));
  }

  /** Link a citation to the claim it supports or refutes, or to none (null). */
  linkCitation(citationId: string, claimId: string | null): void {
    if (claimId) requireClaim(this.doc, claimId);
    this.change(citationId, 'citation', { claimId });
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
    const message = newMessage(this.newId(), this.actor, text, this.now());
    return this.create('comment', () => ({ resolved: false, resolvedBy: null, resolvedAt: null, thread: [message] }));
  }

  private create(kind: AnnotationKind, fields: (quote: string) => Record<string, unknown>): string {
    const by = { actor: this.actor, at: this.now() };
    return createAnnotation(this.view, kind, this.newId(), by, fields, this.createdSelection);
  }

  /** Give a claim a verdict from the document's scale (recorded as yours), or clear it with null. */
  setVerdict(claimId: string, verdict: string | null): void {
    this.change(claimId, 'claim', verdictPatch(this.doc, claimId, verdict, this.actor, this.now()));
  }

  /** Say who made a claim, when, and where it appeared (absent fields stay; null or [] clears one). */
  setClaimDetails(claimId: string, details: ClaimDetails): void {
    this.change(claimId, 'claim', details);
  }

  /** Set a claim's statement (the claim as checked). */
  setStatement(claimId: string, statement: string): void {
    this.change(claimId, 'claim', { statement: collapseWhitespace(statement) });
  }

  /** Set a claim's or a correction's rationale. */
  setRationale(id: string, rationale: string): void {
    this.change(id, ['claim', 'correction'], { rationale });
  }

  /**
   * Type into a text field (statement, rationale, a proposed correction's
   * text, a citation's excerpt, a message): `next` is the field's whole new text, written
   * as its difference, so colleagues typing in the field at once merge.
   */
  editText(id: string, field: TextField | MessageField, next: string, options?: TextEditOptions): void {
    editTextField(this.doc, id, field, next, { actor: this.actor, at: this.now() }, options);
  }

  /** The collaborative text of a field or a message, for an input bound to it; null when there is none (yet). */
  textOf(id: string, field: TextField | MessageField): Y.Text | null {
    return fieldText(this.doc, id, field);
  }

  /** Move a claim through draft → in review → checked → published (or back). */
  setStatus(claimId: string, status: ClaimStatus): void {
    this.change(claimId, 'claim', statusPatch(this.doc, claimId, status, this.actor, this.now()));
  }

  /** Assign a claim to someone, or to no one. */
  setAssignee(claimId: string, assignee: Actor | null): void {
    this.change(claimId, 'claim', { assignee });
  }

  /** Attach a library source to a claim (once). */
  addSourceToClaim(claimId: string, sourceId: string): void {
    requireSource(this.doc, sourceId);
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
    const message = newMessage(this.newId(), this.actor, text, this.now());
    this.change(id, null, {}, (map) => (map.get('thread') as Y.Array<unknown>).push([messageToYMap(message)]));
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
    const body = proposedCorrection(this.doc, correctionId);
    const { tr, replacing } = acceptanceOf(this.view.state, correctionId, body);
    // The log says what this acceptance replaced (the decision repair puts back exactly that, if it loses).
    const write = decision(correctionId, { ...body, original: replacing }, 'accepted', this.actor, this.now());
    // The decision is written after the text, naming the text it wrote (see repairDecisions).
    transactWithArticle(this.view, tr, () => {}, write);
  }

  /** Reject a proposed correction; the text stays, the decision is logged. */
  rejectCorrection(correctionId: string): void {
    const body = proposedCorrection(this.doc, correctionId);
    const write = decision(correctionId, body, 'rejected', this.actor, this.now());
    this.doc.transact(() => write(this.doc), LOCAL_ORIGIN);
  }

  /** Remove an annotation: its marks and its body together, in one undoable step. */
  remove(id: string): void {
    const bodies = annotationBodies(this.doc);
    const ranges = annotationIndex(this.view.state).rangesOf(id);
    const kind = annotationIndex(this.view.state).kindOf(id);
    if (!bodies.has(id) && ranges.length === 0) throw new AnnotationValidationError('id', GONE);
    if (ranges.length === 0 || !kind) {
      this.doc.transact(() => bodies.delete(id), LOCAL_ORIGIN);
      return;
    }
    transactWithArticle(this.view, removal(this.view.state, id, kind, ranges), (doc) =>
      annotationBodies(doc).delete(id),
    );
  }

  /** Settle a doubtful anchoring an import left: place it on a candidate, keep it, or leave it unplaced. */
  settleReview(id: string, choice: ReviewChoice): void {
    settleReview(this.view, { actor: this.actor, at: this.now() }, id, choice);
  }

  /** Re-attach an orphan (or move an annotation) to the current selection, keeping its id and body. */
  reattach(id: string): void {
    const read = readBody(this.doc, id);
    if (!read?.ok) throw new AnnotationValidationError('id', GONE);
    moveToSelection(this.view, id, read.body.kind, { actor: this.actor, at: this.now() });
  }

  /** Add a source to the library; only http(s) URLs are accepted. Returns its id. */
  addSource(input: SourceInput): string {
    const source = makeSource(this.newId(), input, this.actor, this.now());
    this.doc.transact(() => writeSource(this.doc, source), LOCAL_ORIGIN);
    return source.id;
  }

  /** Change a source's fields. */
  updateSource(sourceId: string, patch: Partial<SourceInput>): void {
    this.doc.transact(() => updateSource(this.doc, sourceId, patch), LOCAL_ORIGIN);
  }

  /** Delete a source; refused (SourceInUseError, naming its users) while claims or citations use it. */
  deleteSource(sourceId: string): void {
    this.doc.transact(() => deleteSource(this.doc, sourceId), LOCAL_ORIGIN);
  }

  /** Record a decision on a claim finder hint under its key in the user's name, or (null) take it back; undoable. */
  decideHint(key: string, made: HintChoice | null): void {
    this.doc.transact(() => writeHintDecision(this.doc, key, made, this.actor, this.now()), LOCAL_ORIGIN);
  }

  /** Replace the rating scale; refused when a claim's verdict is not on the new scale. */
  setRatingScale(scale: RatingScale): void {
    this.doc.transact(() => writeRatingScale(this.doc, scale), LOCAL_ORIGIN);
  }

  /** Set the article's and the fact-check's publication details ('' clears a field). */
  setPublication(patch: Partial<Record<PublicationField, unknown>>): void {
    this.doc.transact(() => writePublication(this.doc, patch), LOCAL_ORIGIN);
  }

  /** Turn the second-reviewer rule on or off (owners only; recorded with your name and the time). */
  setReviewRule(secondReviewer: boolean): void {
    this.doc.transact(() => writeReviewRule(this.doc, secondReviewer, this.actor, this.now()), LOCAL_ORIGIN);
  }

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
    return orphansOf(this.view.state, this.doc);
  }

  /** Bodies that fail validation and marks without a body, with the reason. */
  invalid(): { id: string; error: string }[] {
    return invalidAnnotations(this.view.state, this.doc);
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

  private change(
    id: string,
    kinds: AnnotationKind | AnnotationKind[] | null,
    patch: Record<string, unknown>,
    extra?: (map: Y.Map<unknown>) => void,
  ): void {
    changeBody(this.doc, id, kinds, patch, { actor: this.actor, at: this.now() }, extra);
  }
}
