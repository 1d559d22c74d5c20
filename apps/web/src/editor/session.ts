import {
  AnnotationValidationError,
  annotationBodies,
  annotationEntry,
  articleFragment,
  type BodyRead,
  type CorrectionLogEntry,
  collabPlugins,
  correctionsLog,
  documentSettings,
  editAccessFor,
  FactCheck,
  isSyncTransaction,
  may,
  type Orphan,
  type Presence,
  type PresenceUser,
  type RatingScale,
  type Role,
  readBody,
  readCorrectionsLog,
  readPresence,
  readRatingScale,
  readSources,
  ScaleInUseError,
  type Source,
  SourceInUseError,
  setEditingCard,
  setLocalUser,
  sourceLibrary,
  sourceUsers,
} from '@factmark/collab';
import {
  type AnnotationKind,
  annotationFocusPlugin,
  annotationIndex,
  articleSchema,
  type EditAccess,
  editAccessPlugin,
  onlyAnnotationSteps,
  type PendingSuggestion,
  refreshSuggestions,
  setAnnotationFocus,
  suggestionsPlugin,
} from '@factmark/editor';
import { HocuspocusProvider, WebSocketStatus } from '@hocuspocus/provider';
import { baseKeymap } from 'prosemirror-commands';
import { keymap } from 'prosemirror-keymap';
import type { Node as PMNode } from 'prosemirror-model';
import { EditorState, TextSelection } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { IndexeddbPersistence } from 'y-indexeddb';

import { articleText, type PendingChange, recording, replayAll } from './unconfirmed.ts';

/** A role as a sentence says it. */
const ROLE_NAMES: Record<Role, string> = {
  owner: 'the owner',
  editor: 'an editor',
  commenter: 'a commenter',
  viewer: 'a viewer',
};

/** How long after the server acknowledged everything a change counts as confirmed (a refusal arrives in ms). */
const CONFIRM_AFTER_MS = 2_000;

/** The close code the server uses when it could not store a change (the provider sends it again). */
const CLOSE_STORAGE_FAILED = 4503;

import * as Y from 'yjs';
import { getDocument, syncToken } from '../api.ts';
import { LOCAL_DOCUMENT_PREFIX } from '../offline.ts';
import { SHORTCUTS } from './shortcuts.ts';
import type { WorkspaceEntry } from './workspace-model.ts';

/** Online, how long changes wait for the server's confirmation before the status line counts them. */
const UNSYNCED_SHOWN_AFTER_MS = 1000;

/** A source in the library with the annotations that use it. */
export interface SourceEntry {
  source: Source;
  usedBy: string[];
}

/** Where to show the selection toolbar, relative to the editor's scroll container; null when nothing is selected. */
export interface SelectionAnchor {
  top: number;
  left: number;
}

/** A composer the toolbar opens for the current selection. */
export type ComposerKind = Exclude<AnnotationKind, 'claim'>;

/** Everything the document page renders, derived from the Y.Doc through ProseMirror. */
export interface SessionSnapshot {
  connection: 'connecting' | 'online' | 'offline';
  /** True once the server's copy arrived in this page. */
  synced: boolean;
  /** True once there is something to edit: the server's copy, or the copy kept in this browser. */
  ready: boolean;
  /** Local changes the server has not confirmed yet. */
  unsynced: number;
  /** Set when the server refused the document or a change (the reason, for people). */
  error: string | null;
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

/**
 * One open document: the Y.Doc, its Hocuspocus provider, its copy in this
 * browser (IndexedDB) and the ProseMirror view. Data flows one way: Yjs →
 * ProseMirror state → snapshot → React; every change goes through
 * {@link FactCheck} or the editor, never into the snapshot.
 */
export class DocumentSession {
  readonly doc = new Y.Doc();
  readonly provider: HocuspocusProvider;
  readonly local: IndexeddbPersistence;
  readonly view: EditorView;
  readonly factCheck: FactCheck;
  private snapshot: SessionSnapshot;
  private readonly listeners = new Set<() => void>();
  private readonly bodies = new Map<string, BodyRead | null>();
  private refreshQueued = false;
  /** The last refresh's entries with what they were derived from (see refresh). */
  private entries = new Map<string, CachedEntry>();
  /**
   * Annotations whose spans the document changes since the last refresh may
   * have moved or changed (from the annotation index); null when unknown.
   */
  private changedSinceRefresh: Set<string> | null = null;
  private readonly layoutListeners = new Set<(moved: ReadonlySet<string> | null) => void>();
  /** The source library or its users changed since the last refresh. */
  private libraryDirty = true;
  /** The rating scale or the corrections log changed since the last refresh. */
  private settingsDirty = true;
  /** Corrections awaiting a decision, recomputed only when a body changes. */
  private pending: PendingSuggestion[] | null = null;
  private destroyed = false;
  /** Changes the server has not confirmed yet (the snapshot shows them as described in setUnsynced). */
  private unsynced = 0;
  private unsyncedTimer: ReturnType<typeof setTimeout> | null = null;

  /** Commands run since the server last confirmed everything (see unconfirmed.ts). */
  private unconfirmed: PendingChange[] = [];
  /** The article's text was edited here since the server last confirmed everything. */
  private typedUnconfirmed = false;
  private confirmTimer: ReturnType<typeof setTimeout> | null = null;
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
    this.snapshot = {
      connection: 'connecting',
      synced: false,
      ready: false,
      unsynced: 0,
      error: null,
      notice: null,
      refusal: options.refusal ?? null,
      notKept: [],
      role,
      annotations: [],
      orphans: [],
      sources: [],
      scale: readRatingScale(this.doc),
      log: [],
      activeId: null,
      presence: [],
      selection: null,
      composer: null,
    };
    // The copy in this browser first, so that a page opened offline shows (and keeps) the last state.
    this.local = new IndexeddbPersistence(`${LOCAL_DOCUMENT_PREFIX}${documentId}`, this.doc);
    void this.local.whenSynced.then(() => {
      if (!this.destroyed && articleFragment(this.doc).length > 0) this.update({ ready: true });
    });

    const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/collab`;
    this.provider = new HocuspocusProvider({
      url: wsUrl,
      name: documentId,
      document: this.doc,
      // A fresh short-lived token for every (re)connection; offline, the connection fails and is retried.
      token: () => syncToken(documentId).catch(() => ''),
      onStatus: ({ status }) => {
        const connection =
          status === WebSocketStatus.Connected
            ? 'online'
            : status === WebSocketStatus.Connecting
              ? 'connecting'
              : 'offline';
        // Not online, every change not yet sent counts: show them at once.
        this.update(connection === 'online' ? { connection } : { connection, unsynced: this.unsynced });
      },
      onSynced: () => {
        this.update({ synced: true, ready: true, error: null });
        this.replayPending();
        this.scheduleRefresh();
      },
      onUnsyncedChanges: ({ number }) => this.setUnsynced(number),
      onClose: ({ event }) => this.onClosedByServer(event.code, event.reason),
      onAuthenticationFailed: ({ reason }) => this.update({ error: reason }),
    });
    // The browser knows first when the network goes: close the socket at once (an open WebSocket
    // would only notice after a long timeout) and connect again when it comes back.
    window.addEventListener('offline', this.onOffline);
    window.addEventListener('online', this.onOnline);
    if (!navigator.onLine) this.onOffline();
    const awareness = this.provider.awareness;
    if (!awareness) throw new Error('The provider has no awareness');
    setLocalUser(awareness, user);
    // Awareness changes with every caret move (cursors): the snapshot changes only when who is here, or which
    // card they edit, does.
    awareness.on('change', () => {
      const presence = readPresence(awareness);
      if (!samePresence(presence, this.snapshot.presence)) this.update({ presence });
    });
    this.snapshot.presence = readPresence(awareness);

    // Repairing colleagues' spans writes their annotations: only a role that may change any does it.
    const { plugins } = collabPlugins(this.doc, awareness, { repairs: () => may(this.snapshot.role, 'change', false) });
    const session = this;
    this.view = new EditorView(mount, {
      state: EditorState.create({
        schema: articleSchema,
        plugins: [
          ...plugins,
          annotationFocusPlugin(),
          suggestionsPlugin(() => this.pendingSuggestions()),
          editAccessPlugin(() => this.access(), isSyncTransaction),
          keymap({
            [SHORTCUTS.claim.keys]: () => this.markClaim() !== null,
            [SHORTCUTS.citation.keys]: () => this.openComposer('citation'),
            [SHORTCUTS.correction.keys]: () => this.openComposer('correction'),
            [SHORTCUTS.comment.keys]: () => this.openComposer('comment'),
            [SHORTCUTS.toCard.keys]: () => this.focusCardAtCursor(),
          }),
          keymap(baseKeymap),
        ],
      }),
      // Clicking a highlight focuses its card (the innermost annotation when they overlap).
      handleClick: (view, pos) => {
        const here = annotationIndex(view.state).at(pos);
        const last = here[here.length - 1];
        if (!last) return false;
        // Put the caret where the click was in the same transaction: dispatching here would otherwise
        // draw the old selection over the one the browser just made.
        const caret = TextSelection.near(view.state.doc.resolve(pos));
        view.dispatch(setAnnotationFocus(view.state.tr.setSelection(caret), { active: last.id }));
        if (this.snapshot.activeId !== last.id) this.update({ activeId: last.id });
        return false;
      },
      editable: () => this.snapshot.ready && may(this.snapshot.role, 'annotate') && this.snapshot.error === null,
      attributes: {
        'aria-label': 'Article',
        role: 'textbox',
        'aria-multiline': 'true',
        spellcheck: 'false',
      },
      // y-prosemirror dispatches while the view is being constructed, before
      // `this.view` is assigned: use the view PM passes as `this`.
      dispatchTransaction: function (this: EditorView, tr) {
        this.updateState(this.state.apply(tr));
        // Text typed here (not a colleague's change arriving) is kept, in words, if the server refuses it.
        if (tr.docChanged && !isSyncTransaction(tr) && !onlyAnnotationSteps(tr)) session.typedUnconfirmed = true;
        if (tr.docChanged) {
          for (const id of annotationIndex(this.state).changed) session.changedSinceRefresh?.add(id);
          session.scheduleRefresh();
        }
        session.refreshSelection(this);
      },
    });
    this.factCheck = new FactCheck(this.view, { id: user.id, name: user.name });
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

    annotationBodies(this.doc).observeDeep((events) => {
      for (const event of events) {
        if (event.target === annotationBodies(this.doc))
          for (const key of event.changes.keys.keys()) this.bodies.delete(key);
        else if (typeof event.path[0] === 'string') this.bodies.delete(event.path[0]);
      }
      // Decided corrections stop showing as suggestions.
      this.pending = null;
      this.libraryDirty = true;
      this.view.dispatch(refreshSuggestions(this.view.state.tr));
      this.scheduleRefresh();
    });
    sourceLibrary(this.doc).observeDeep(() => {
      this.libraryDirty = true;
      this.scheduleRefresh();
    });
    documentSettings(this.doc).observeDeep(() => {
      this.settingsDirty = true;
      this.scheduleRefresh();
    });
    correctionsLog(this.doc).observe(() => {
      this.settingsDirty = true;
      this.scheduleRefresh();
    });
    this.refresh();
  }

  /**
   * Offline or reconnecting, the count of changes not yet sent shows at once.
   * Online, each keystroke is sent and confirmed within milliseconds: the count
   * shows only when changes wait for over a second, so typing does not
   * re-render the page twice per key for a status nobody could read.
   */
  private setUnsynced(count: number): void {
    this.unsynced = count;
    // Everything sent so far is stored: nothing is left to make again after a refusal.
    // Everything sent so far is acknowledged: forget it once a refusal can no longer be on its way (the
    // provider's count restarts on every reconnect and can read 0 before the server has judged what the
    // reconnection sends).
    if (this.confirmTimer !== null) clearTimeout(this.confirmTimer);
    this.confirmTimer = null;
    if (count === 0 && this.snapshot.connection === 'online') {
      const settled = this.unconfirmed.length;
      this.confirmTimer = setTimeout(() => {
        this.confirmTimer = null;
        if (this.snapshot.error === null && this.unsynced === 0) {
          this.unconfirmed.splice(0, settled);
          this.typedUnconfirmed = false;
        }
      }, CONFIRM_AFTER_MS);
    }
    if (this.snapshot.connection !== 'online' || count === 0) {
      if (this.unsyncedTimer !== null) clearTimeout(this.unsyncedTimer);
      this.unsyncedTimer = null;
      if (this.snapshot.unsynced !== count) this.update({ unsynced: count });
      return;
    }
    if (this.snapshot.unsynced > 0) {
      if (this.snapshot.unsynced !== count) this.update({ unsynced: count });
      return;
    }
    this.unsyncedTimer ??= setTimeout(() => {
      this.unsyncedTimer = null;
      if (this.unsynced !== this.snapshot.unsynced) this.update({ unsynced: this.unsynced });
    }, UNSYNCED_SHOWN_AFTER_MS);
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
    this.provider.disconnect();
    void this.local.clearData().finally(() => this.options.onRefused?.(pending, reason));
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
    if (this.provider.awareness) setLocalUser(this.provider.awareness, user);
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
    if (this.provider.awareness) setEditingCard(this.provider.awareness, id);
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

  private readonly onOffline = () => {
    this.provider.disconnect();
    this.update({ connection: 'offline' });
  };

  private readonly onOnline = () => {
    void this.provider.connect();
  };

  destroy(): void {
    this.destroyed = true;
    if (this.unsyncedTimer !== null) clearTimeout(this.unsyncedTimer);
    if (this.confirmTimer !== null) clearTimeout(this.confirmTimer);
    window.removeEventListener('offline', this.onOffline);
    window.removeEventListener('online', this.onOnline);
    this.view.destroy();
    this.provider.destroy();
    void this.local.destroy();
    this.doc.destroy();
    this.listeners.clear();
    this.layoutListeners.clear();
  }

  private update(patch: Partial<SessionSnapshot>): void {
    if (this.destroyed) return;
    const editableChanged =
      (patch.ready !== undefined && patch.ready !== this.snapshot.ready) ||
      (patch.error !== undefined && patch.error !== this.snapshot.error) ||
      (patch.role !== undefined && patch.role !== this.snapshot.role);
    this.snapshot = { ...this.snapshot, ...patch };
    // The view reads `editable` only when it updates: make it look again.
    if (editableChanged && this.view) this.view.setProps({});
    for (const listener of this.listeners) listener();
  }

  private readCachedBody(id: string): BodyRead | null {
    if (!this.bodies.has(id)) this.bodies.set(id, readBody(this.doc, id));
    return this.bodies.get(id) ?? null;
  }

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

  private refresh(): void {
    const state = this.view.state;
    const index = annotationIndex(state);
    const blocks = topLevelBlocks(state.doc);
    const changedOnly = this.changedSinceRefresh;
    this.changedSinceRefresh = new Set();
    // Only spans in the blocks the changes touched, and nothing else: derive just those entries.
    if (!this.libraryDirty && !this.settingsDirty && changedOnly !== null && this.refreshChanged(changedOnly, blocks)) {
      this.afterRefresh(changedOnly);
      return;
    }
    const previous = this.entries;
    const entries = new Map<string, CachedEntry>();
    const annotations = index
      .inDocumentOrder()
      .map(({ id, kind, ranges }) => this.deriveEntry(id, kind, ranges, blocks, previous, entries));
    this.entries = entries;
    const same =
      annotations.length === this.snapshot.annotations.length &&
      annotations.every((a, i) => a === this.snapshot.annotations[i]);
    const patch: Partial<SessionSnapshot> = {};
    if (!same) patch.annotations = annotations;
    if (this.libraryDirty) {
      const order = new Map(annotations.map((a, i) => [a.id, i]));
      const byPosition = (a: string, b: string) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity);
      patch.sources = [...readSources(this.doc).values()]
        .map((source) => ({ source, usedBy: sourceUsers(this.doc, source.id).sort(byPosition) }))
        .sort((a, b) => a.source.title.localeCompare(b.source.title));
      this.libraryDirty = false;
    }
    if (this.settingsDirty) {
      patch.scale = readRatingScale(this.doc);
      patch.log = readCorrectionsLog(this.doc);
      this.settingsDirty = false;
    }
    const orphans = this.factCheck.orphans();
    const prevOrphans = this.snapshot.orphans;
    if (
      orphans.length !== prevOrphans.length ||
      orphans.some((o, i) => o.id !== prevOrphans[i]?.id || o.body !== prevOrphans[i]?.body)
    )
      patch.orphans = orphans;
    // React renders only what changed; the margin realigns through onLayout.
    if (Object.keys(patch).length > 0) this.update(patch);
    this.afterRefresh(null);
  }

  private afterRefresh(moved: ReadonlySet<string> | null): void {
    for (const listener of this.layoutListeners) listener(moved);
  }

  /**
   * The fast refresh after edits inside blocks (typing): derive again only the
   * annotations whose spans lie in the blocks that changed, when no body,
   * source or setting changed and no span appeared, vanished or changed places
   * with another. Returns false when the full refresh is needed.
   */
  private refreshChanged(ids: ReadonlySet<string>, blocks: TopLevelBlocks): boolean {
    if (ids.size > FAST_REFRESH_MAX) return false;
    const index = annotationIndex(this.view.state);
    const current = this.snapshot.annotations;
    const position = new Map<string, number>();
    for (const id of ids) {
      if (!index.has(id) || !this.entries.has(id)) return false;
      position.set(id, -1);
    }
    current.forEach((entry, i) => {
      if (position.has(entry.id)) position.set(entry.id, i);
    });
    // The changed spans, in their previous order: their new starts must keep that order.
    const changed = [...position].sort((a, b) => a[1] - b[1]);
    let before: { from: number; id: string } | null = null;
    const fresh = new Map<string, WorkspaceEntry>();
    for (const [id, i] of changed) {
      const ranges = index.rangesOf(id);
      const kind = index.kindOf(id);
      const first = ranges[0];
      if (i < 0 || !kind || !first) return false;
      if (before && (first.from < before.from || (first.from === before.from && id < before.id))) return false;
      before = { from: first.from, id };
      fresh.set(id, this.deriveEntry(id, kind, ranges, blocks, this.entries, this.entries));
    }
    if ([...fresh].some(([id, entry]) => current[position.get(id) as number] !== entry)) {
      this.update({ annotations: current.map((entry) => fresh.get(entry.id) ?? entry) });
    }
    return true;
  }

  /**
   * The entry of one annotation, reusing the previous one (same object) when
   * its block, body and ranges are the same — perhaps moved by text typed above
   * it — or when what the card shows (kind, text, body) did not change, so the
   * margin's cards skip rendering. Records what it was derived from in `into`.
   */
  private deriveEntry(
    id: string,
    kind: AnnotationKind,
    ranges: readonly { from: number; to: number }[],
    blocks: TopLevelBlocks,
    previous: ReadonlyMap<string, CachedEntry>,
    into: Map<string, CachedEntry>,
  ): WorkspaceEntry {
    const read = this.readCachedBody(id);
    const first = ranges[0] as { from: number; to: number };
    const last = ranges[ranges.length - 1] as { from: number; to: number };
    const b = blocks.at(first.from);
    const block = blocks.nodes[b] ?? null;
    const blockStart = blocks.starts[b] ?? -1;
    const oneBlock = block !== null && last.to <= blockStart + block.nodeSize;
    const prev = previous.get(id);
    if (
      prev &&
      oneBlock &&
      prev.block === block &&
      prev.read === read &&
      prev.entry.kind === kind &&
      sameRanges(prev.ranges, ranges, blockStart - prev.blockStart)
    ) {
      into.set(id, { ...prev, blockStart, ranges });
      return prev.entry;
    }
    const { ranges: _, ...fresh } = annotationEntry(this.view.state.doc, { id, kind, ranges }, read);
    const entry =
      prev &&
      prev.read === read &&
      prev.entry.kind === kind &&
      prev.entry.text === fresh.text &&
      prev.entry.error === fresh.error
        ? prev.entry
        : fresh;
    into.set(id, { entry, read, block: oneBlock ? block : null, blockStart, ranges });
    return entry;
  }

  private refreshSelection(view: EditorView): void {
    const { selection } = view.state;
    let anchor: SelectionAnchor | null = null;
    // The selection toolbar keeps showing while the keyboard is in it (Alt+F10).
    const inToolbar = document.activeElement?.closest('[role="toolbar"]') != null;
    if (!selection.empty && (view.hasFocus() || inToolbar) && view.editable) {
      const start = view.coordsAtPos(selection.from);
      const box = (view.dom.offsetParent ?? document.body).getBoundingClientRect();
      anchor = { top: start.top - box.top, left: start.left - box.left };
    }
    const prev = this.snapshot.selection;
    if (prev?.top !== anchor?.top || prev?.left !== anchor?.left) this.update({ selection: anchor });
  }
}

/** A snapshot entry and what it was derived from: the same inputs give the same entry object. */
interface CachedEntry {
  entry: WorkspaceEntry;
  read: BodyRead | null;
  /** The span's ranges when the entry was last checked. */
  ranges: readonly { from: number; to: number }[];
  /** The top-level block the span lies in (null when it spans several: then it is derived again). */
  block: PMNode | null;
  blockStart: number;
}

/** True when `b` is `a` moved by `shift`. */
function sameRanges(
  a: readonly { from: number; to: number }[],
  b: readonly { from: number; to: number }[],
  shift: number,
): boolean {
  return a.length === b.length && a.every((r, i) => r.from + shift === b[i]?.from && r.to + shift === b[i]?.to);
}

/** The DOM id of annotation `id`'s card in the margin. */
export function cardElementId(id: string): string {
  return `card-${id}`;
}

/** Annotations changed since the last refresh above which the full refresh is as cheap. */
const FAST_REFRESH_MAX = 200;

/** The document's top-level blocks with where each starts, and a binary search for the block at a position. */
interface TopLevelBlocks {
  nodes: PMNode[];
  starts: number[];
  at: (pos: number) => number;
}

function topLevelBlocks(doc: PMNode): TopLevelBlocks {
  // doc.resolve scans the children linearly: too slow for thousands of spans per frame.
  const nodes: PMNode[] = [];
  const starts: number[] = [];
  doc.forEach((node, offset) => {
    nodes.push(node);
    starts.push(offset);
  });
  const at = (pos: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  return { nodes, starts, at };
}

function samePresence(a: readonly Presence[], b: readonly Presence[]): boolean {
  return (
    a.length === b.length &&
    a.every((p, i) => {
      const q = b[i];
      return (
        q !== undefined &&
        p.clientId === q.clientId &&
        p.self === q.self &&
        p.editing === q.editing &&
        p.user.id === q.user.id &&
        p.user.name === q.user.name &&
        p.user.color === q.user.color
      );
    })
  );
}
