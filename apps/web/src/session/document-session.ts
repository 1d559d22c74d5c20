/**
 * One open document: the Y.Doc, its connection, its ProseMirror view and the
 * snapshot React renders. Data flows one way: Yjs → ProseMirror state →
 * snapshot → React; every change goes through {@link FactCheck} or the
 * editor, never into the snapshot. This facade hands the work to its
 * managers: the connection (connection.ts), the view (editor-view.ts), the
 * snapshot store (snapshot-store.ts, deriving with snapshot.ts), the
 * changes not yet confirmed (pending-changes.ts) and the claim finder (../hints).
 */
import {
  editAccessFor,
  FactCheck,
  hasArticle,
  may,
  type PresenceUser,
  type Role,
  readBody,
  readPresence,
  setEditingCard,
  setLocalUser,
} from '@factmark/collab';
import {
  annotationFocus,
  annotationFocusKey,
  annotationIndex,
  type EditAccess,
  FactmarkError,
  refreshSuggestions,
  setAnnotationFocus,
} from '@factmark/editor';
import { TextSelection } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import type * as Y from 'yjs';
import { api, describeError } from '../api.ts';
import { HintSession } from '../hints/hint-session.ts';
import { REFUSED_EDIT, ROLE_IN_SENTENCE } from '../labels.ts';
import { warmLocaleDataWhenIdle } from '../time-format.ts';
import type { Connection } from './connection.ts';
import { sessionConnection } from './early-connection.ts';
import { createEditorView, refreshEditable, type ViewHooks } from './editor-view.ts';
import { PendingChanges } from './pending-changes.ts';
import type { SessionOptions } from './session-options.ts';
import type { SessionSnapshot } from './session-snapshot.ts';
import { SnapshotStore, type WhenShown } from './snapshot-store.ts';
import { type ComposerKind, cardElementId, NOTHING_YET, revealPosition, selectionAnchor } from './ui-state.ts';

export type { SessionOptions } from './session-options.ts';
export type { SessionSnapshot } from './session-snapshot.ts';
export type { SourceEntry } from './snapshot.ts';
export type { ComposerKind, SelectionAnchor } from './ui-state.ts';
export { cardElementId } from './ui-state.ts';

/** The close code the server uses when it could not store a change (the provider sends it again). */
const CLOSE_STORAGE_FAILED = 4503;

/** The facade a document page talks to. */
export class DocumentSession {
  readonly doc: Y.Doc;
  readonly connection: Connection;
  readonly view: EditorView;
  readonly factCheck: FactCheck;
  /** The claim finder: its hints in the editor, the margin's list, and accepting or dismissing one. */
  readonly hints: HintSession;
  private readonly store: SnapshotStore;
  private readonly pending: PendingChanges;
  private destroyed = false;

  /** Open document `documentId` in `mount` for `user` in `role` (see {@link SessionOptions}). */
  constructor(
    readonly documentId: string,
    readonly user: PresenceUser,
    role: Role,
    mount: HTMLElement,
    private readonly options: SessionOptions = {},
  ) {
    this.pending = new PendingChanges(options.replay ?? null);
    const opened = sessionConnection(documentId, user, options.token ?? null, options.early ?? null, {
      onState: (patch) => this.store?.update(patch),
      onSynced: () => {
        this.replayPending();
        this.store.schedule();
        warmLocaleDataWhenIdle();
      },
      onAcknowledged: () => {
        const forget = this.pending.acknowledged();
        return () => {
          if (this.snapshot.error === null) forget();
        };
      },
      onClosed: (code, reason) => this.onClosedByServer(code, reason),
    });
    this.doc = opened.doc;
    this.connection = opened.connection;
    const awareness = this.connection.awareness;
    this.store = new SnapshotStore(
      this.doc,
      {
        ...this.connection.current,
        role,
        refusal: options.refusal ?? null,
        ...NOTHING_YET,
        presence: readPresence(awareness),
      },
      () => this.view?.state,
      {
        // The view reads `editable` only when it updates: make it look again, if what it reads changed.
        onEditableChanged: () => this.view && refreshEditable(this.view),
        onSuggestionsChanged: () => this.view.dispatch(refreshSuggestions(this.view.state.tr)),
      },
    );
    this.store.followPresence(awareness);
    this.hints = new HintSession(this.doc, this);
    this.view = createEditorView(mount, this.doc, awareness, this.viewHooks(), [this.hints.plugin]);
    this.factCheck = new FactCheck(this.view, { id: user.id, name: user.name });
    // A new annotation leaves a caret at its start and is the active one, in the transaction that marks it.
    this.factCheck.createdSelection = 'caret';
    this.store.refresh();
    // What an early connection heard before this session listened (synced, closed) reaches it now, all set up.
    opened.listen();
  }

  private get snapshot(): SessionSnapshot {
    return this.store.current;
  }

  private viewHooks(): ViewHooks {
    return {
      access: () => this.access(),
      // Repairing colleagues' spans writes their annotations: only a role that may change any does it.
      repairs: () => may(this.snapshot.role, 'change', false),
      // The article's arrival is enough (`ready` follows once synced): the view that draws the server's copy is
      // editable already, so the article is neither styled again for contenteditable nor laid out to place a caret.
      editable: () => {
        const { ready, role, error } = this.snapshot;
        return (ready || hasArticle(this.doc)) && may(role, 'annotate') && error === null;
      },
      pendingSuggestions: () => this.store.pendingSuggestions(),
      markClaim: () => this.markClaim() !== null,
      openComposer: (kind) => this.openComposer(kind),
      focusCardAtCursor: () => this.focusCardAtCursor(),
      applied: (view, tr, typed) => {
        // Drawn after the frame showing the article's change: the margin, its active card (set only here), the toolbar.
        const when: WhenShown = tr.docChanged ? 'after-paint' : 'now';
        if (tr.docChanged) this.store.spansChanged(annotationIndex(view.state).changed);
        const focus = tr.getMeta(annotationFocusKey) as { active?: string | null } | undefined;
        if (focus?.active !== undefined) this.store.update({ activeId: focus.active }, when);
        // Text typed here (not a colleague's change arriving) is kept, in words, if the server refuses it.
        if (typed) this.pending.typedText();
        this.store.followSelection(selectionAnchor(view), when);
      },
      selectionMoved: (view) => this.store.followSelection(selectionAnchor(view)),
      refusedEdit: (access) => this.store.update({ notice: REFUSED_EDIT[access] }),
    };
  }

  /** useSyncExternalStore's subscribe. */
  subscribe = (listener: () => void): (() => void) => this.store.subscribe(listener);

  /** useSyncExternalStore's getSnapshot: the same object until something changes. */
  getSnapshot = (): SessionSnapshot => this.store.current;

  /**
   * Listen for moments the article's layout may have changed (after each refresh): the margin realigns its cards
   * then, outside React, so typing does not re-render the margin. The listener gets the annotations whose spans lie
   * in the blocks that changed, or null when anything may have moved. Returns the unsubscribe function.
   */
  onLayout(listener: (moved: ReadonlySet<string> | null) => void): () => void {
    return this.store.onLayout(listener);
  }
  /** Where annotation `id`'s span starts in the editor's document now (undefined: it has no span). */
  startOf(id: string): number | undefined {
    return annotationIndex(this.view.state).rangesOf(id)[0]?.from;
  }

  /** What the role lets this person change in the editor. */
  access(): EditAccess {
    return editAccessFor(this.snapshot.role);
  }

  /** True when the role may change the article's text (and so decide corrections), and the page takes edits. */
  canEditText(): boolean {
    return this.access() === 'full' && this.snapshot.error === null;
  }

  /** True when the role may add and change annotations, and the page takes edits. */
  canAnnotate(): boolean {
    return this.access() !== 'none' && this.snapshot.error === null;
  }

  /** True when this person may change (and judge) annotation `id` (docs/roles.md), and the page takes edits. */
  mayChangeAnnotation(id: string): boolean {
    const read = readBody(this.doc, id);
    const own = read?.ok === true && read.body.author.id === this.user.id;
    return may(this.snapshot.role, 'change', own) && this.snapshot.error === null;
  }

  /** Forget the refusal and the changes that could not be kept (the person has copied what they need). */
  dismissNotKept(): void {
    this.store.update({ notKept: [], refusal: null });
  }

  /**
   * The server closed this connection with a reason. A changed role needs no more than the new role (the
   * provider connects again by itself); a refused change makes the page read-only at once, clears the copy
   * in this browser (it holds the refused change, and would send it again) and hands the changes the server
   * has not confirmed to the next session, which loads the server's copy and makes them again where allowed.
   */
  private onClosedByServer(code: number, reason: string): void {
    if (!reason || this.snapshot.error !== null || this.destroyed) return;
    if (reason === 'Your role changed') {
      void api.getDocument(this.documentId).then(
        ({ role }) => this.store.update({ role, notice: `Your role changed: you are now ${ROLE_IN_SENTENCE[role]}.` }),
        (error: unknown) => this.store.update({ error: describeError(error) }),
      );
      return;
    }
    if (code === CLOSE_STORAGE_FAILED) return;
    const pending = this.pending.takeAll(this.view.state.doc);
    this.store.update({
      error: `${reason}. Nothing you changed is lost: loading the server's copy and making your changes again…`,
    });
    this.connection.disconnect();
    void this.connection.local.clearData().finally(() => this.options.onRefused?.(pending, reason));
  }

  /** Make the changes a refused session handed over again on the server's copy; list the ones that cannot be. */
  private replayPending(): void {
    const notKept = this.pending.replay(this.factCheck, this.snapshot.role, this.user.id);
    if (notKept === null) return;
    this.store.refresh();
    if (notKept.length > 0) this.store.update({ notKept });
  }

  /** Change who the local user is shown as (name or colour). */
  setUser(user: PresenceUser): void {
    this.factCheck.setActor({ id: user.id, name: user.name });
    setLocalUser(this.connection.awareness, user);
  }

  /**
   * Run a command of the fact-check API; a refusal (validation, a source or label in use) becomes the snapshot's
   * notice instead of an exception. Returns the command's result, or undefined when it was refused. The margin shows
   * the result in the event that asked for it (`'now'`: a controlled input such as the verdict picker would show the
   * old value until the next frame), or after the frame showing the article's change (`'after-paint'`).
   */
  run<T>(command: (factCheck: FactCheck) => T, margin: WhenShown = 'now'): T | undefined {
    try {
      const result = command(this.pending.recording(this.factCheck));
      this.store.update({ notice: null });
      margin === 'now' ? this.store.refresh() : this.store.schedule();
      return result;
    } catch (error) {
      if (error instanceof FactmarkError) {
        this.store.update({ notice: describeError(error) });
        return undefined;
      }
      throw error;
    }
  }

  /** Dismiss the notice. */
  clearNotice(): void {
    this.store.update({ notice: null });
  }

  /** Mark the selection as a claim by the local user (its highlight drawn first, its card a frame later); its id. */
  markClaim(): string | null {
    if (this.view.state.selection.empty || !this.canAnnotate()) return null;
    const id = this.run((f) => f.markClaim(), 'after-paint');
    if (!id) return null;
    this.closeComposer(id);
    return id;
  }

  /** Open the composer for a citation, correction or comment on the current selection. */
  openComposer(kind: ComposerKind): boolean {
    if (this.view.state.selection.empty || !this.canAnnotate()) return false;
    // The quote goes with the kind, in one update: the dialog's first render shows this selection's text.
    this.store.update({ composer: kind, composerQuote: this.selectedText() });
    return true;
  }

  /**
   * Close the composer and give the editor its focus back. After `created`, the caret goes to the start of the
   * selection it was made on (so the selection toolbar does not stay over the text, and the caret is on the new
   * annotation for the card shortcut) and its card is active.
   */
  closeComposer(created?: string): void {
    this.store.update({ composer: null, composerQuote: '' });
    if (created) {
      const { state } = this.view;
      if (!state.selection.empty)
        this.view.dispatch(state.tr.setSelection(TextSelection.create(state.doc, state.selection.from)));
      this.setActive(created, false);
    }
    this.view.focus();
  }

  /** The text of the current selection (what a composer acts on). */
  selectedText(): string {
    const { from, to } = this.view.state.selection;
    return this.view.state.doc.textBetween(from, to, '\n', ' ');
  }

  /** Make `id` the active annotation: highlight its span; when `reveal`, select and scroll to it (a card keeps focus). */
  setActive(id: string | null, reveal: boolean): void {
    const range = id ? annotationIndex(this.view.state).rangesOf(id)[0] : undefined;
    if (reveal && range) {
      const { tr, doc } = this.view.state;
      this.view.dispatch(
        setAnnotationFocus(tr, { active: id })
          .setSelection(TextSelection.create(doc, range.from, range.to))
          .scrollIntoView(),
      );
      revealPosition(this.view, range.from);
      // Made active already (a new annotation is, by the transaction that marked it): no view update to make.
    } else if (annotationFocus(this.view.state).active !== id)
      this.view.dispatch(setAnnotationFocus(this.view.state.tr, { active: id }));
  }

  /** Put the caret back in the article, on annotation `id`'s span when it has one. */
  focusArticle(id?: string): void {
    if (id) this.setActive(id, true);
    this.view.focus();
  }

  /** Announce to colleagues which card the local user is editing (null: none). */
  setEditing(id: string | null): void {
    setEditingCard(this.connection.awareness, id);
  }

  /** Move the keyboard focus to the card of the annotation under the caret. */
  focusCardAtCursor(): boolean {
    const here = annotationIndex(this.view.state).at(this.view.state.selection.from);
    const target = here[here.length - 1];
    if (!target) return false;
    this.setActive(target.id, false);
    requestAnimationFrame(() => document.getElementById(cardElementId(target.id))?.focus());
    return true;
  }

  destroy(): void {
    this.destroyed = true;
    this.hints.destroy();
    this.store.destroy();
    this.view.destroy();
    this.connection.destroy();
    this.doc.destroy();
  }
}
