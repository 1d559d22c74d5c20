import {
  type AnnotationBody,
  annotationBodies,
  collabPlugins,
  FactCheck,
  type Presence,
  type PresenceUser,
  type Role,
  readBody,
  readPresence,
  setLocalUser,
} from '@factmark/collab';
import {
  annotationFocusPlugin,
  annotationIndex,
  articleSchema,
  type EditAccess,
  editAccessPlugin,
  setAnnotationFocus,
} from '@factmark/editor';
import { HocuspocusProvider, WebSocketStatus } from '@hocuspocus/provider';
import { baseKeymap } from 'prosemirror-commands';
import { keymap } from 'prosemirror-keymap';
import { EditorState, TextSelection } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import * as Y from 'yjs';
import { syncToken } from '../api.ts';

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
  /** Set when the server refused the document or a change (the reason, for people). */
  error: string | null;
  /** The signed-in person's role on this document. */
  role: Role;
  claims: ClaimCard[];
  /** The claim whose card is selected (its span is highlighted more strongly). */
  activeId: string | null;
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
  readonly factCheck: FactCheck;
  private snapshot: SessionSnapshot = {
    connection: 'connecting',
    synced: false,
    error: null,
    role: 'viewer',
    claims: [],
    activeId: null,
    presence: [],
    selection: null,
  };
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly documentId: string,
    user: PresenceUser,
    role: Role,
    mount: HTMLElement,
  ) {
    this.snapshot.role = role;
    const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/collab`;
    this.provider = new HocuspocusProvider({
      url: wsUrl,
      name: documentId,
      document: this.doc,
      // A fresh short-lived token for every (re)connection.
      token: () => syncToken(documentId),
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
          annotationFocusPlugin(),
          editAccessPlugin(() => this.access()),
          keymap({
            [MARK_CLAIM_SHORTCUT]: () => this.markClaim() !== null,
          }),
          keymap(baseKeymap),
        ],
      }),
      // Clicking a highlight selects its card.
      handleClick: (view, pos) => {
        const here = annotationIndex(view.state).at(pos);
        const claim = here.find((a) => a.kind === 'claim');
        if (claim) this.setActive(claim.id, false);
        return false;
      },
      editable: () => this.snapshot.synced && this.snapshot.role !== 'viewer',
      attributes: { 'aria-label': 'Article', role: 'textbox', 'aria-multiline': 'true', spellcheck: 'false' },
      // y-prosemirror dispatches while the view is being constructed, before
      // `this.view` is assigned: use the view PM passes as `this`.
      dispatchTransaction: function (this: EditorView, tr) {
        this.updateState(this.state.apply(tr));
        if (tr.docChanged) session.refreshClaims(this);
        session.refreshSelection(this);
      },
    });
    this.factCheck = new FactCheck(this.view, { id: user.id, name: user.name });
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

  /** What the role lets this person change in the editor. */
  access(): EditAccess {
    const { role } = this.snapshot;
    return role === 'owner' || role === 'editor' ? 'full' : role === 'commenter' ? 'annotations' : 'none';
  }

  /** Change who the local user is shown as (name or colour). */
  setUser(user: PresenceUser): void {
    this.factCheck.setActor({ id: user.id, name: user.name });
    if (this.provider.awareness) setLocalUser(this.provider.awareness, user);
  }

  /** Mark the current selection as a claim by the local user; returns its id or null. */
  markClaim(): string | null {
    if (this.view.state.selection.empty) return null;
    const id = this.factCheck.markClaim();
    this.setActive(id, false);
    this.view.focus();
    return id;
  }

  /** Make `id` the active annotation: highlight its span and, when `reveal`, select and scroll to it. */
  setActive(id: string | null, reveal: boolean): void {
    let tr = setAnnotationFocus(this.view.state.tr, { active: id });
    const range = id ? annotationIndex(this.view.state).rangesOf(id)[0] : undefined;
    if (reveal && range) {
      tr = tr.setSelection(TextSelection.create(this.view.state.doc, range.from, range.to)).scrollIntoView();
    }
    this.view.dispatch(tr);
    if (reveal) this.view.focus();
    this.update({ activeId: id });
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
    const claims = annotationIndex(view.state)
      .inDocumentOrder()
      .filter((a) => a.kind === 'claim')
      .map((a) => {
        const read = readBody(this.doc, a.id);
        return {
          id: a.id,
          text: a.ranges.map((r) => doc.textBetween(r.from, r.to, '\n', ' ')).join(' '),
          body: read?.ok ? read.body : null,
        };
      });
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
