/**
 * The snapshot store of one session: it keeps the snapshot React renders,
 * tells subscribers when it changes, learns from the Y.Doc what changed
 * (bodies, the library, the settings) and from the view which spans did, and
 * derives the snapshot again once per frame, after the frame is drawn ({@link derive}).
 */
import {
  annotationBodies,
  type BodyRead,
  bodyField,
  bodyKind,
  captureRecords,
  correctionsLog,
  documentSettings,
  readBody,
  readPresence,
  sourceLibrary,
} from '@factmark/collab';
import type { PendingSuggestion } from '@factmark/editor';
import type { EditorState } from 'prosemirror-state';
import * as Y from 'yjs';
import type { SessionSnapshot } from './session-snapshot.ts';
import { type Changes, type Derived, derive, EVERYTHING, emptyDerived, NOTHING } from './snapshot.ts';
import { samePresence } from './ui-state.ts';

type Awareness = Parameters<typeof readPresence>[0];

/** The snapshot's fields the derivation makes. */
const DERIVED_FIELDS = [
  'annotations',
  'byBody',
  'orphans',
  'sources',
  'scale',
  'log',
  'publication',
  'reviewRule',
] as const;
type DerivedField = (typeof DERIVED_FIELDS)[number];

/**
 * When subscribers are told of a change: `now`, or `after-paint` — with the derivation queued after the frame that
 * draws the article's change (see {@link SnapshotStore.update}).
 */
export type WhenShown = 'now' | 'after-paint';

/** The snapshot, what it was derived from, and who listens. */
export class SnapshotStore {
  private snapshot: SessionSnapshot;
  private derived: Derived;
  private readonly listeners = new Set<() => void>();
  private readonly layoutListeners = new Set<(moved: ReadonlySet<string> | null) => void>();
  /** Bodies read since they last changed (the derivation reuses an entry while its body read is the same). */
  private readonly bodies = new Map<string, BodyRead | null>();
  /** What changed since the last derivation; spans null when unknown. */
  private changes: Changes = EVERYTHING;
  /** Corrections awaiting a decision, recomputed only when a correction changes. */
  private pending: PendingSuggestion[] | null = null;
  private refreshQueued = false;
  /** The snapshot changed and its subscribers are told with the derivation queued after the next paint. */
  private heldBack = false;
  private destroyed = false;

  /**
   * @param state the editor's state now (undefined while the view is being built)
   * @param onEditableChanged called when what decides whether the view takes edits changed
   * @param onSuggestionsChanged called after a change of a correction (a suggestion proposed, edited, decided or gone)
   */
  constructor(
    private readonly doc: Y.Doc,
    initial: Omit<SessionSnapshot, DerivedField>,
    private readonly state: () => EditorState | undefined,
    private readonly hooks: { onEditableChanged: () => void; onSuggestionsChanged: () => void },
  ) {
    this.derived = emptyDerived(doc);
    const { annotations, byBody, orphans, sources, scale, log, publication, reviewRule } = this.derived;
    this.snapshot = { ...initial, annotations, byBody, orphans, sources, scale, log, publication, reviewRule };
    this.observe();
  }

  /** The snapshot now: the same object until something changes. */
  get current(): SessionSnapshot {
    return this.snapshot;
  }

  /** useSyncExternalStore's subscribe. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Listen for moments the article's layout may have changed (see DocumentSession.onLayout). */
  onLayout(listener: (moved: ReadonlySet<string> | null) => void): () => void {
    this.layoutListeners.add(listener);
    return () => this.layoutListeners.delete(listener);
  }

  /**
   * Change part of the snapshot (not the derived part) and tell the subscribers: `now`, or `after-paint`, with the
   * derivation that follows the next frame (what the page shows around a change of the article — the active card,
   * the selection toolbar — is rendered with the margin, after the frame that draws the change: a render in the
   * key's task would place the margin's cards, and lay the page out, before the highlight is drawn). When the page
   * becomes ready (the article arrived: this browser's copy or the server's), the margin is derived at once, in the
   * task that applied the article: derived after the frame that draws it (as for a key), it waited for that frame's
   * layout of the whole article, and the page was laid out twice.
   */
  update(patch: Partial<SessionSnapshot>, when: WhenShown = 'now'): void {
    const current = this.snapshot as unknown as Record<string, unknown>;
    // Nothing that differs: the snapshot stays the same object and nobody is told.
    if (this.destroyed || Object.entries(patch).every(([key, value]) => Object.is(current[key], value))) return;
    const becameReady = patch.ready === true && !this.snapshot.ready;
    const editableChanged =
      (patch.ready !== undefined && patch.ready !== this.snapshot.ready) ||
      (patch.error !== undefined && patch.error !== this.snapshot.error) ||
      (patch.role !== undefined && patch.role !== this.snapshot.role);
    this.snapshot = { ...this.snapshot, ...patch };
    if (editableChanged) this.hooks.onEditableChanged();
    if (when === 'after-paint' && !becameReady) {
      this.heldBack = true;
      this.schedule();
      return;
    }
    this.notify();
    if (becameReady) this.refresh();
  }

  private notify(): void {
    this.heldBack = false;
    for (const listener of this.listeners) listener();
  }

  /** The view applied a change of the document: these annotations' spans may have changed. */
  spansChanged(ids: Iterable<string>): void {
    if (this.changes.spans !== null) {
      const spans = new Set(this.changes.spans);
      for (const id of ids) spans.add(id);
      this.changes = { ...this.changes, spans };
    }
    this.schedule();
  }

  /** Corrections awaiting a decision (what the editor shows as suggestions). */
  pendingSuggestions(): PendingSuggestion[] {
    if (this.pending) return this.pending;
    const out: PendingSuggestion[] = [];
    annotationBodies(this.doc).forEach((map, id) => {
      if (bodyKind(map) !== 'correction' || bodyField(map, 'state') !== 'proposed') return;
      const proposed = map.get('proposed');
      if (typeof proposed === 'string' || proposed instanceof Y.Text) out.push({ id, proposed: proposed.toString() });
    });
    this.pending = out;
    return out;
  }

  /**
   * Keep the snapshot's presence in step with `awareness`, which changes with
   * every caret move: the snapshot changes only when who is here, or which
   * card they edit, does.
   */
  followPresence(awareness: Awareness): void {
    awareness.on('change', () => {
      const presence = readPresence(awareness);
      if (!samePresence(presence, this.current.presence)) this.update({ presence });
    });
  }

  /**
   * Coalesce derivations to one per frame (a burst of remote updates costs one), run once the frame that shows the
   * change to the article is drawn: a task queued from that frame's animation callbacks runs after its paint, so a
   * key's character (or a colleague's edit) reaches the screen without waiting for the margin, which follows in the
   * next frame.
   */
  schedule(): void {
    if (this.refreshQueued) return;
    this.refreshQueued = true;
    requestAnimationFrame(() =>
      setTimeout(() => {
        this.refreshQueued = false;
        if (!this.destroyed) this.refresh();
      }, 0),
    );
  }

  /** Derive the snapshot again from what changed, now; React renders only what changed, the margin realigns. */
  refresh(): void {
    const state = this.state();
    if (!state || this.destroyed) return;
    const next = derive(this.derived, { state, doc: this.doc, readBody: this.readCachedBody }, this.changes);
    this.derived = next;
    this.changes = NOTHING;
    const patch: Partial<SessionSnapshot> = {};
    for (const key of DERIVED_FIELDS) {
      if (next[key] !== this.snapshot[key]) Object.assign(patch, { [key]: next[key] });
    }
    if (Object.keys(patch).length > 0) this.update(patch);
    else if (this.heldBack) this.notify();
    // After React's render of the patch (queued as a microtask by the update above): a margin that placed every card
    // in that render has measured the moved spans already, and need not force a layout of the page to do it again.
    const { moved } = next;
    queueMicrotask(() => {
      if (!this.destroyed) for (const listener of this.layoutListeners) listener(moved);
    });
  }

  destroy(): void {
    this.destroyed = true;
    this.listeners.clear();
    this.layoutListeners.clear();
  }

  private readCachedBody = (id: string): BodyRead | null => {
    if (!this.bodies.has(id)) this.bodies.set(id, readBody(this.doc, id));
    return this.bodies.get(id) ?? null;
  };

  /** Bodies, the library and the settings tell the derivation what changed. */
  private observe(): void {
    const bodies = annotationBodies(this.doc);
    bodies.observeDeep((events) => {
      const changed = this.changes.bodies === null ? null : new Set(this.changes.bodies);
      let suggestions = false;
      const forget = (id: string) => {
        this.bodies.delete(id);
        changed?.add(id);
        // A correction proposed or decided, or one that was pending gone: the suggestions change.
        const map = bodies.get(id);
        suggestions ||=
          (map instanceof Y.Map && bodyKind(map) === 'correction') || !!this.pending?.some((p) => p.id === id);
      };
      for (const event of events) {
        if (event.target === bodies) for (const key of event.changes.keys.keys()) forget(key);
        else if (typeof event.path[0] === 'string') forget(event.path[0]);
      }
      this.changed({ bodies: changed });
      if (!suggestions) return;
      this.pending = null;
      this.hooks.onSuggestionsChanged();
    });
    sourceLibrary(this.doc).observeDeep(() => this.changed({ library: true }));
    captureRecords(this.doc).observe(() => this.changed({ library: true }));
    documentSettings(this.doc).observeDeep(() => this.changed({ settings: true }));
    correctionsLog(this.doc).observe(() => this.changed({ settings: true }));
  }

  /** Show the selection toolbar where the selection is now (no new snapshot when it did not move), told `when`. */
  followSelection(anchor: SessionSnapshot['selection'], when: WhenShown = 'now'): void {
    const prev = this.current.selection;
    if (prev?.top !== anchor?.top || prev?.left !== anchor?.left || prev?.bottom !== anchor?.bottom)
      this.update({ selection: anchor }, when);
  }

  private changed(patch: Partial<Changes>): void {
    this.changes = { ...this.changes, ...patch };
    this.schedule();
  }
}
