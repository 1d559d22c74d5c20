/**
 * One open document: the Y.Doc, its connection, its ProseMirror view and the
 * snapshot React renders. Data flows one way: Yjs → ProseMirror state →
 * snapshot ({@link derive}) → React; every change goes through
 * {@link FactCheck} or the editor, never into the snapshot. The parts live in
 * their own files: connection.ts, editor-view.ts, snapshot.ts, ui-state.ts,
 * unconfirmed.ts.
 */
import {
  AnnotationValidationError,
  annotationBodies,
  type BodyRead,
  type CorrectionLogEntry,
  correctionsLog,
  documentSettings,
  editAccessFor,
  FactCheck,
  may,
  type Orphan,
  type Presence,
  type PresenceUser,
  type RatingScale,
  type Role,
  readBody,
  readPresence,
  ScaleInUseError,
  SourceInUseError,
  setEditingCard,
  setLocalUser,
  sourceLibrary,
} from '@factmark/collab';
import {
  annotationIndex,
  type EditAccess,
  type PendingSuggestion,
  refreshSuggestions,
  setAnnotationFocus,
} from '@factmark/editor';
import { TextSelection } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import * as Y from 'yjs';
import { getDocument } from '../api.ts';
import type { WorkspaceEntry } from '../editor/workspace-model.ts';
import { Connection, type ConnectionState } from './connection.ts';
import { createEditorView } from './editor-view.ts';
import { type Changes, type Derived, derive, EVERYTHING, emptyDerived, type SourceEntry } from './snapshot.ts';
import {
  type ComposerKind,
  cardElementId,
  ROLE_NAMES,
  type SelectionAnchor,
  samePresence,
  selectionAnchor,
} from './ui-state.ts';
import { articleText, type PendingChange, recording, replayAll } from './unconfirmed.ts';

export type { SourceEntry } from './snapshot.ts';
export type { ComposerKind, SelectionAnchor } from './ui-state.ts';
export { cardElementId } from './ui-state.ts';

/** The close code the server uses when it could not store a change (the provider sends it again). */
const CLOSE_STORAGE_FAILED = 4503;

/** Everything the document page renders, derived from the Y.Doc through ProseMirror. */
export interface SessionSnapshot extends ConnectionState {
  /** The last refused command, for people (cleared by the next successful one). */
  notice: string | null;
  /** Why the server refused a change, when this page reloaded its copy because of it (until dismissed). */
  refusal: string | null;
  /** Changes made before the server refused one that could not be made again on its copy (for people to copy). */
  notKept: PendingChange[];
  /** The signed-in person's role on this document. */
  role: Role;
  /**
   * Every annotation that covers text, in document order. An entry keeps its
   * identity while its body, kind and text stay the same (its span's position
   * is not part of it: see {@link DocumentSession.startOf}).
   */
  annotations: WorkspaceEntry[];
  orphans: Orphan[];
  sources: SourceEntry[];
  scale: RatingScale;
  log: CorrectionLogEntry[];
  /** The annotation whose card is selected (its span is highlighted more strongly). */
  activeId: string | null;
  presence: Presence[];
  selection: SelectionAnchor | null;
  /** The composer open for the current selection, if any. */
  composer: ComposerKind | null;
}

/** The facade a document page talks to: it hands work to the connection, the view and the derivation. */
export class DocumentSession {
  readonly doc = new Y.Doc();
  readonly connection: Connection;
  readonly view: EditorView;
  readonly factCheck: FactCheck;
  private snapshot: SessionSnapshot;
  private derived: Derived;
  private readonly listeners = new Set<() => void>();
  private readonly layoutListeners = new Set<(moved: ReadonlySet<string> | null) => void>();
  /** Bodies read since they last changed (the derivation reuses an entry while its body read is the same). */
  private readonly bodies = new Map<string, BodyRead | null>();
  private refreshQueued = false;
  /** What changed since the last derivation; spans null when unknown. */
  private changes: Changes = EVERYTHING;
  /** Corrections awaiting a decision, recomputed only when a body changes. */
  private pending: PendingSuggestion[] | null = null;
  private destroyed = false;
  /** Commands run since the server last confirmed everything (see unconfirmed.ts). */
  private unconfirmed: PendingChange[] = [];
  /** The article's text was edited here since the server last confirmed everything. */
  private typedUnconfirmed = false;
  private replayList: PendingChange[] | null;

  /**
   * @param options.replay changes a previous session of this document could not get confirmed: made again,
   *   where the role allows, once this one has the server's copy.
   * @param options.refusal why the server refused the previous session's change (shown until dismissed).
   * @param options.onRefused called when the server refused a change: this session is read-only from then
   *   on, its copy in this browser is cleared, and a new session should take over with `pending` to replay.
   */
  constructor(
    readonly documentId: string,
    readonly user: PresenceUser,
    role: Role,
    mount: HTMLElement,
    private readonly options: {
      replay?: PendingChange[];
      refusal?: string;
      onRefused?: (pending: PendingChange[], reason: string) => void;
    } = {},
  ) {
    this.replayList = options.replay ?? null;
    this.derived = emptyDerived(this.doc);
    this.connection = new Connection(documentId, this.doc, user, {
      onState: (patch) => this.update(patch),
      onSynced: () => {
        this.replayPending();
        this.scheduleRefresh();
      },
      onAcknowledged: () => {
        const settled = this.unconfirmed.length;
        return () => {
          if (this.snapshot.error !== null) return;
          this.unconfirmed.splice(0, settled);
          this.typedUnconfirmed = false;
        };
      },
      onClosed: (code, reason) => this.onClosedByServer(code, reason),
    });
    const awareness = this.connection.awareness;
    this.snapshot = this.initialSnapshot(role, readPresence(awareness));
    // Awareness changes with every caret move (cursors): the snapshot changes only when who is here, or which
    // card they edit, does.
    awareness.on('change', () => {
      const presence = readPresence(awareness);
      if (!samePresence(presence, this.snapshot.presence)) this.update({ presence });
    });
    this.view = createEditorView(mount, this.doc, awareness, this.viewHooks());
    this.factCheck = new FactCheck(this.view, { id: user.id, name: user.name });
    this.listenToFocus();
    this.observeDocument();
    this.refresh();
  }

  private initialSnapshot(role: Role, presence: Presence[]): SessionSnapshot {
    const { annotations, orphans, sources, scale, log } = this.derived;
    return {
      ...this.connection.current,
      notice: null,
      refusal: this.options.refusal ?? null,
      notKept: [],
      role,
      annotations,
      orphans,
      sources,
      scale,
      log,
      activeId: null,
      presence,
      selection: null,
      composer: null,
    };
  }

  private viewHooks(): Parameters<typeof createEditorView>[3] {
    return {
      access: () => this.access(),
      // Repairing colleagues' spans writes their annotations: only a role that may change any does it.
      repairs: () => may(this.snapshot.role, 'change', false),
      editable: () => this.snapshot.ready && may(this.snapshot.role, 'annotate') && this.snapshot.error === null,
      pendingSuggestions: () => this.pendingSuggestions(),
      markClaim: () => this.markClaim() !== null,
      openComposer: (kind) => this.openComposer(kind),
      focusCardAtCursor: () => this.focusCardAtCursor(),
      activate: (id) => {
        if (this.snapshot.activeId !== id) this.update({ activeId: id });
      },
      applied: (view, tr, typed) => {
        // Text typed here (not a colleague's change arriving) is kept, in words, if the server refuses it.
        if (typed) this.typedUnconfirmed = true;
        if (tr.docChanged) {
          const changed = annotationIndex(view.state).changed;
          if (this.changes.spans !== null)
            this.changes = { ...this.changes, spans: union(this.changes.spans, changed) };
          this.scheduleRefresh();
        }
        this.refreshSelection(view);
      },
    };
  }

  private listenToFocus(): void {
    this.view.dom.addEventListener('blur', (e) => {
      // Moving to the selection toolbar (Alt+F10) keeps it open.
      if ((e.relatedTarget as Element | null)?.closest?.('[role="toolbar"]')) return;
      this.refreshSelection(this.view);
    });
    this.view.dom.addEventListener('focus', () => this.refreshSelection(this.view));
    // React tracks a focused contenteditable inside its root for onSelect, reading the selection's offsets with
    // a walk over the whole editor on every key and selection change; nothing here uses onSelect, and
    // ProseMirror owns this DOM: keep its focus events from React.
    this.view.dom.addEventListener('focusin', (e) => e.stopPropagation());
  }

  /** Bodies, the library and the settings tell the derivation what changed. */
  private observeDocument(): void {
    annotationBodies(this.doc).observeDeep((events) => {
      for (const event of events) {
        if (event.target === annotationBodies(this.doc))
          for (const key of event.changes.keys.keys()) this.bodies.delete(key);
        else if (typeof event.path[0] === 'string') this.bodies.delete(event.path[0]);
      }
      // Decided corrections stop showing as suggestions.
      this.pending = null;
      this.changed({ library: true });
      this.view.dispatch(refreshSuggestions(this.view.state.tr));
    });
    sourceLibrary(this.doc).observeDeep(() => this.changed({ library: true }));
    documentSettings(this.doc).observeDeep(() => this.changed({ settings: true }));
    correctionsLog(this.doc).observe(() => this.changed({ settings: true }));
  }

  private changed(patch: Partial<Changes>): void {
    this.changes = { ...this.changes, ...patch };
    this.scheduleRefresh();
  }

  /** useSyncExternalStore's subscribe. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** useSyncExternalStore's getSnapshot: the same object until something changes. */
  getSnapshot = (): SessionSnapshot => this.snapshot;

  /**
   * Listen for moments the article's layout may have changed (after each
   * refresh): the margin realigns its cards then, outside React, so typing
   * does not re-render the margin. The listener gets the annotations whose
   * spans lie in the blocks that changed, or null when anything may have
   * moved. Returns the unsubscribe function.
   */
  onLayout(listener: (moved: ReadonlySet<string> | null) => void): () => void {
    this.layoutListeners.add(listener);
    return () => this.layoutListeners.delete(listener);
  }

  /** Where annotation `id`'s span starts in the editor's document now (undefined: it has no span). */
  startOf(id: string): number | undefined {
    return annotationIndex(this.view.state).byId.get(id)?.ranges[0]?.from;
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

  /**
   * True when this person may change (and judge) annotation `id`: any, for an editor; only their own, for a
   * commenter (docs/roles.md) — and the page takes edits.
   */
  mayChangeAnnotation(id: string): boolean {
    const read = readBody(this.doc, id);
    const own = read?.ok === true && read.body.author.id === this.user.id;
    return may(this.snapshot.role, 'change', own) && this.snapshot.error === null;
  }

  /** Forget the refusal and the changes that could not be kept (the person has copied what they need). */
  dismissNotKept(): void {
    this.update({ notKept: [], refusal: null });
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
      void getDocument(this.documentId).then(
        ({ role }) => this.update({ role, notice: `Your role changed: you are now ${ROLE_NAMES[role]}.` }),
        (error: Error) => this.update({ error: error.message }),
      );
      return;
    }
    if (code === CLOSE_STORAGE_FAILED) return;
    const pending = this.typedUnconfirmed ? [...this.unconfirmed, articleText(this.view.state.doc)] : this.unconfirmed;
    this.unconfirmed = [];
    this.update({
      error: `${reason}. Nothing you changed is lost: loading the server's copy and making your changes again…`,
    });
    this.connection.disconnect();
    void this.connection.local.clearData().finally(() => this.options.onRefused?.(pending, reason));
  }

  /** Make the changes a refused session handed over again on the server's copy; list the ones that cannot be. */
  private replayPending(): void {
    const list = this.replayList;
    if (!list) return;
    this.replayList = null;
    const notKept = replayAll(this.factCheck, list, this.snapshot.role, this.user.id);
    this.refresh();
    if (notKept.length > 0) this.update({ notKept });
  }

  /** Change who the local user is shown as (name or colour). */
  setUser(user: PresenceUser): void {
    this.factCheck.setActor({ id: user.id, name: user.name });
    setLocalUser(this.connection.awareness, user);
  }

  /**
   * Run a command of the fact-check API; a refusal (validation, a source or
   * label in use) becomes the snapshot's notice instead of an exception.
   * Returns the command's result, or undefined when it was refused.
   */
  run<T>(command: (factCheck: FactCheck) => T): T | undefined {
    try {
      const result = command(recording(this.factCheck, (change) => this.unconfirmed.push(change)));
      if (this.snapshot.notice) this.update({ notice: null });
      // Show the result now, in the event that asked for it (a controlled input such as the verdict
      // picker would otherwise show the old value until the next frame).
      this.refresh();
      return result;
    } catch (error) {
      if (
        error instanceof AnnotationValidationError ||
        error instanceof SourceInUseError ||
        error instanceof ScaleInUseError
      ) {
        this.update({ notice: error.message });
        return undefined;
      }
      throw error;
    }
  }

  /** Dismiss the notice. */
  clearNotice(): void {
    this.update({ notice: null });
  }

  /** Mark the current selection as a claim by the local user; returns its id or null. */
  markClaim(): string | null {
    if (this.view.state.selection.empty || !this.canAnnotate()) return null;
    const id = this.run((f) => f.markClaim());
    if (!id) return null;
    this.setActive(id, false);
    this.view.focus();
    return id;
  }

  /** Open the composer for a citation, correction or comment on the current selection. */
  openComposer(kind: ComposerKind): boolean {
    if (this.view.state.selection.empty || !this.canAnnotate()) return false;
    this.update({ composer: kind });
    return true;
  }

  /** Close the composer and give the editor its focus back. */
  closeComposer(): void {
    this.update({ composer: null });
    this.view.focus();
  }

  /** The text of the current selection (what a composer acts on). */
  selectedText(): string {
    const { from, to } = this.view.state.selection;
    return this.view.state.doc.textBetween(from, to, '\n', ' ');
  }

  /**
   * Make `id` the active annotation: highlight its span and, when `reveal`,
   * select it and scroll it into view (without taking the focus from a card).
   */
  setActive(id: string | null, reveal: boolean): void {
    let tr = setAnnotationFocus(this.view.state.tr, { active: id });
    const range = id ? annotationIndex(this.view.state).rangesOf(id)[0] : undefined;
    if (reveal && range) {
      tr = tr.setSelection(TextSelection.create(this.view.state.doc, range.from, range.to)).scrollIntoView();
    }
    this.view.dispatch(tr);
    if (this.snapshot.activeId !== id) this.update({ activeId: id });
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
    this.view.destroy();
    this.connection.destroy();
    this.doc.destroy();
    this.listeners.clear();
    this.layoutListeners.clear();
  }

  private update(patch: Partial<SessionSnapshot>): void {
    if (this.destroyed || !this.snapshot) return;
    const editableChanged =
      (patch.ready !== undefined && patch.ready !== this.snapshot.ready) ||
      (patch.error !== undefined && patch.error !== this.snapshot.error) ||
      (patch.role !== undefined && patch.role !== this.snapshot.role);
    this.snapshot = { ...this.snapshot, ...patch };
    // The view reads `editable` only when it updates: make it look again.
    if (editableChanged && this.view) this.view.setProps({});
    for (const listener of this.listeners) listener();
  }

  private readCachedBody = (id: string): BodyRead | null => {
    if (!this.bodies.has(id)) this.bodies.set(id, readBody(this.doc, id));
    return this.bodies.get(id) ?? null;
  };

  private pendingSuggestions(): PendingSuggestion[] {
    if (this.pending) return this.pending;
    const out: PendingSuggestion[] = [];
    annotationBodies(this.doc).forEach((map, id) => {
      if (map.get('kind') !== 'correction' || map.get('state') !== 'proposed') return;
      const proposed = map.get('proposed');
      if (typeof proposed === 'string') out.push({ id, proposed });
    });
    this.pending = out;
    return out;
  }

  /** Coalesce refreshes to one per frame: a burst of remote updates costs one derivation. */
  private scheduleRefresh(): void {
    if (this.refreshQueued) return;
    this.refreshQueued = true;
    requestAnimationFrame(() => {
      this.refreshQueued = false;
      if (!this.destroyed) this.refresh();
    });
  }

  /** Derive the snapshot again from what changed; React renders only what changed, the margin realigns. */
  private refresh(): void {
    const previous = this.derived;
    const next = derive(
      previous,
      { state: this.view.state, doc: this.doc, readBody: this.readCachedBody },
      this.changes,
    );
    this.derived = next;
    this.changes = { spans: new Set(), library: false, settings: false };
    const patch: Partial<SessionSnapshot> = {};
    for (const key of ['annotations', 'orphans', 'sources', 'scale', 'log'] as const) {
      if (next[key] !== this.snapshot[key]) Object.assign(patch, { [key]: next[key] });
    }
    if (Object.keys(patch).length > 0) this.update(patch);
    for (const listener of this.layoutListeners) listener(next.moved);
  }

  private refreshSelection(view: EditorView): void {
    const anchor = selectionAnchor(view);
    const prev = this.snapshot?.selection ?? null;
    if (prev?.top !== anchor?.top || prev?.left !== anchor?.left) this.update({ selection: anchor });
  }
}

/** `a` with `b`'s members added (a new set). */
function union(a: ReadonlySet<string>, b: Iterable<string>): Set<string> {
  const out = new Set(a);
  for (const x of b) out.add(x);
  return out;
}
