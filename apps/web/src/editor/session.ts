import {
  type AnnotationBody,
  annotationBodies,
  collabPlugins,
  createClaim,
  type Presence,
  type PresenceUser,
  readBody,
  readPresence,
  setLocalUser,
} from '@factmark/collab';
import { annotationText, articleSchema, findAnnotations } from '@factmark/editor';
import { HocuspocusProvider, WebSocketStatus } from '@hocuspocus/provider';
import { baseKeymap } from 'prosemirror-commands';
import { keymap } from 'prosemirror-keymap';
import { EditorState, TextSelection } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import * as Y from 'yjs';

/** A claim as the side panel shows it: its current text and its body (null while the body is missing). */
export interface ClaimCard {
  id: string;
  text: string;
  body: AnnotationBody | null;
}

/** Where to show the selection toolbar, relative to the editor's scroll container; null when nothing is selected. */
export interface SelectionAnchor {
  top: number;
  left: number;
}

/** Everything the document page renders, derived from the Y.Doc through ProseMirror. */
export interface SessionSnapshot {
  connection: 'connecting' | 'online' | 'offline';
  synced: boolean;
  /** Set when the server refused the document (for example, it does not exist). */
  error: string | null;
  claims: ClaimCard[];
  presence: Presence[];
  selection: SelectionAnchor | null;
}

/** The keyboard shortcut that marks the selection as a claim. */
export const MARK_CLAIM_SHORTCUT = 'Mod-Alt-c';

/**
 * One open document: the Y.Doc, its Hocuspocus provider and the ProseMirror
 * view. Data flows one way: Yjs → ProseMirror state → snapshot → React.
 */
export class DocumentSession {
  readonly doc = new Y.Doc();
  readonly provider: HocuspocusProvider;
  readonly view: EditorView;
  private snapshot: SessionSnapshot = {
    connection: 'connecting',
    synced: false,
    error: null,
    claims: [],
    presence: [],
    selection: null,
  };
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly documentId: string,
    private user: PresenceUser,
    mount: HTMLElement,
  ) {
    const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/collab`;
    this.provider = new HocuspocusProvider({
      url: wsUrl,
      name: documentId,
      document: this.doc,
      onStatus: ({ status }) => {
        this.update({
          connection:
            status === WebSocketStatus.Connected
              ? 'online'
              : status === WebSocketStatus.Connecting
                ? 'connecting'
                : 'offline',
        });
      },
      onSynced: () => {
        this.update({ synced: true, error: null });
        this.refreshClaims(this.view);
      },
      onClose: ({ event }) => {
        if (event.reason) this.update({ error: event.reason });
      },
    });
    const awareness = this.provider.awareness;
    if (!awareness) throw new Error('The provider has no awareness');
    setLocalUser(awareness, user);
    awareness.on('change', () => this.update({ presence: readPresence(awareness) }));
    this.snapshot.presence = readPresence(awareness);

    const { plugins } = collabPlugins(this.doc, awareness);
    const session = this;
    this.view = new EditorView(mount, {
      state: EditorState.create({
        schema: articleSchema,
        plugins: [
          ...plugins,
          keymap({
            [MARK_CLAIM_SHORTCUT]: () => this.markClaim() !== null,
          }),
          keymap(baseKeymap),
        ],
      }),
      editable: () => this.snapshot.synced,
      attributes: { 'aria-label': 'Article', role: 'textbox', 'aria-multiline': 'true', spellcheck: 'false' },
      // y-prosemirror dispatches while the view is being constructed, before
      // `this.view` is assigned: use the view PM passes as `this`.
      dispatchTransaction: function (this: EditorView, tr) {
        this.updateState(this.state.apply(tr));
        if (tr.docChanged) session.refreshClaims(this);
        session.refreshSelection(this);
      },
    });
    this.view.dom.addEventListener('blur', () => this.refreshSelection(this.view));
    this.view.dom.addEventListener('focus', () => this.refreshSelection(this.view));
    annotationBodies(this.doc).observeDeep(() => this.refreshClaims(this.view));
  }

  /** useSyncExternalStore's subscribe. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** useSyncExternalStore's getSnapshot: the same object until something changes. */
  getSnapshot = (): SessionSnapshot => this.snapshot;

  /** Change who the local user is shown as (name or colour). */
  setUser(user: PresenceUser): void {
    this.user = user;
    if (this.provider.awareness) setLocalUser(this.provider.awareness, user);
  }

  /** Mark the current selection as a claim by the local user; returns its id or null. */
  markClaim(): string | null {
    const created = createClaim(this.view, { id: this.user.id, name: this.user.name });
    if (!created) return null;
    this.view.focus();
    return created.id;
  }

  /** Select and scroll to the first range of annotation `id`. */
  revealAnnotation(id: string): void {
    const found = findAnnotations(this.view.state.doc).find((a) => a.id === id);
    const range = found?.ranges[0];
    if (!range) return;
    const tr = this.view.state.tr.setSelection(TextSelection.create(this.view.state.doc, range.from, range.to));
    this.view.dispatch(tr.scrollIntoView());
    this.view.focus();
  }

  destroy(): void {
    this.view.destroy();
    this.provider.destroy();
    this.doc.destroy();
    this.listeners.clear();
  }

  private update(patch: Partial<SessionSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }

  private refreshClaims(view: EditorView): void {
    const { doc } = view.state;
    const bodies = annotationBodies(this.doc);
    const claims = findAnnotations(doc)
      .filter((a) => a.kind === 'claim')
      .map((a) => ({ id: a.id, text: annotationText(doc, a.ranges), body: readBody(bodies.get(a.id)) }));
    this.update({ claims });
  }

  private refreshSelection(view: EditorView): void {
    const { selection } = view.state;
    let anchor: SelectionAnchor | null = null;
    if (!selection.empty && view.hasFocus() && view.editable) {
      const start = view.coordsAtPos(selection.from);
      const box = (view.dom.offsetParent ?? document.body).getBoundingClientRect();
      anchor = { top: start.top - box.top, left: start.left - box.left };
    }
    const prev = this.snapshot.selection;
    if (prev?.top !== anchor?.top || prev?.left !== anchor?.left) this.update({ selection: anchor });
  }
}
