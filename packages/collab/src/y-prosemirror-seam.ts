/**
 * The one file that relies on y-prosemirror's private parts (1.3.x): its
 * binding object (its mutex, its write of ProseMirror changes to Yjs and its
 * type → node cache), the meta it puts on the transactions it dispatches, the
 * shape of the cache its position helpers take, and how it names the Yjs
 * attribute of a mark. Everything else asks this file (or, for position
 * arithmetic, `y-prosemirror-positions.ts`); an upgrade of y-prosemirror is
 * checked in these two.
 */
import * as buffer from 'lib0/buffer';
import * as sha256 from 'lib0/hash/sha256';
import type { Mark, Node as PMNode } from 'prosemirror-model';
import type { EditorState, Transaction } from 'prosemirror-state';
import { AddMarkStep, RemoveMarkStep } from 'prosemirror-transform';
import type { EditorView } from 'prosemirror-view';
import {
  absolutePositionToRelativePosition,
  getRelativeSelection,
  updateYFragment,
  ySyncPluginKey,
} from 'y-prosemirror';
import * as Y from 'yjs';
import type { ArticlePositions } from './y-prosemirror-positions.ts';

/**
 * The origin of every Yjs transaction this client writes itself (edits,
 * annotation bodies, sources, settings): y-prosemirror's own, so that its undo
 * manager tracks them and its sync plugin does not re-render them.
 */
export const LOCAL_ORIGIN: unknown = ySyncPluginKey;

/** The parts of y-prosemirror's binding Factmark relies on (private to this file). */
interface SyncBinding {
  doc: Y.Doc;
  type: Y.XmlFragment;
  /** Yjs type → the ProseMirror node (or text nodes) it was last rendered as. */
  mapping: Map<Y.AbstractType<unknown>, unknown>;
  /** Runs `f` unless the binding is already inside a write (its mutex). */
  mux: (f: () => void) => void;
  /** Writes the ProseMirror document's changes to Yjs. */
  _prosemirrorChanged: (doc: PMNode) => void;
  /** The editor (set when its view starts). */
  prosemirrorView: EditorView | null;
  /** The editor's selection in Yjs terms before the Yjs transactions under way (restored after a colleague's). */
  beforeTransactionSelection: unknown;
  /** Its listener of the Y.Doc's `beforeAllTransactions`, which sets {@link beforeTransactionSelection}. */
  beforeAllTransactions: () => void;
  /** Its deep observer of the fragment, which renders changes from Yjs (a colleague's, an undo) into the editor. */
  _observeFunction: (events: Y.YEvent<Y.AbstractType<unknown>>[], transaction: Y.Transaction) => void;
}

function syncBindingOf(state: EditorState): SyncBinding | null {
  return (ySyncPluginKey.getState(state) as { binding?: SyncBinding } | undefined)?.binding ?? null;
}

/** The Y.Doc the editor whose state is `state` is bound to, or null without y-prosemirror's sync plugin. */
export function boundDoc(state: EditorState): Y.Doc | null {
  return syncBindingOf(state)?.doc ?? null;
}

/** The editor's position arithmetic, or null without y-prosemirror's sync plugin. */
export function articlePositions(state: EditorState): ArticlePositions | null {
  return syncBindingOf(state);
}

/** True when y-prosemirror's sync plugin is rendering this change (it came from Yjs: a colleague, an undo). */
export function isSyncChange(state: EditorState): boolean {
  return (ySyncPluginKey.getState(state) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin === true;
}

/** True when `tr` was dispatched by y-prosemirror's sync plugin (a colleague's change, an undo), not typed here. */
export function isSyncTransaction(tr: Transaction): boolean {
  return tr.getMeta(ySyncPluginKey) !== undefined;
}

/**
 * `tr` marked as y-prosemirror's sync plugin marks a colleague's change when it renders one: for tests of the
 * plugins that treat such changes apart, without a Yjs binding.
 */
export function asSyncTransaction(tr: Transaction): Transaction {
  return tr.setMeta(ySyncPluginKey, { isChangeOrigin: true });
}

/**
 * Write `article` over the Yjs fragment's content with the fewest changes, as
 * the editor's binding would (for imports and revisions without an editor).
 */
export function writeArticleDiff(doc: Y.Doc, fragment: Y.XmlFragment, article: PMNode): void {
  updateYFragment(doc, fragment, article, { mapping: new Map(), isOMark: new Map() } as never);
}

/**
 * Dispatch `tr` and run `writeBodies` in one Yjs transaction, so that a peer
 * (and the server's gate) never sees an annotation mark without its body, and
 * one undo step covers both.
 *
 * y-prosemirror writes ProseMirror changes to Yjs in the sync plugin's view
 * update, in its own transaction, and re-renders on every Yjs change it did
 * not make itself. We take its mutex, dispatch (its own write is then
 * skipped), and write the change to Yjs ourselves inside the outer
 * transaction: marks alone key by key ({@link writeMarkSteps}), anything else
 * as its view update would. `after` runs last in the same transaction, told the
 * clock range this client's write of the article used.
 */
export function transactWithArticle(
  view: EditorView,
  tr: Transaction,
  writeBodies: (doc: Y.Doc) => void,
  after?: (doc: Y.Doc, written: { client: number; from: number; to: number }) => void,
): void {
  const binding = syncBindingOf(view.state);
  if (!binding) throw new Error('The editor has no y-prosemirror sync plugin');
  binding.mux(() => {
    binding.doc.transact((ytr) => {
      ytr.meta.set('addToHistory', tr.getMeta('addToHistory') !== false);
      writeBodies(binding.doc);
      const before = view.state.doc;
      const { clientID, store } = binding.doc;
      const from = Y.getState(store, clientID);
      view.dispatch(tr);
      if (!writeMarkSteps(binding, before, tr)) binding._prosemirrorChanged(view.state.doc);
      after?.(binding.doc, { client: clientID, from, to: Y.getState(store, clientID) });
    }, LOCAL_ORIGIN);
  });
}

/** Listeners of each binding's local writes ({@link onLocalWrite}). */
const writeListeners = new WeakMap<SyncBinding, Set<() => void>>();

/**
 * The listeners of `binding`'s local writes, wrapping its write once. y-prosemirror writes the editor's document
 * to Yjs after every view update, even one that changed only the selection or a plugin's state (the claim finder's
 * underlines, the margin's active card): a walk of the whole document against the fragment, and a Yjs transaction
 * before which it notes the selection in Yjs terms, each position found by a walk of the article's blocks. The
 * wrapper skips the write when the document is the one it last wrote or the one y-prosemirror last rendered from
 * Yjs (Yjs holds it already: every other change to the fragment is either rendered into a new document by
 * y-prosemirror or written by {@link transactWithArticle} after a dispatch that made one), and the selection is
 * noted again only when it or the document changed since it was noted while Yjs held that document.
 */
function localWrites(binding: SyncBinding): Set<() => void> {
  const existing = writeListeners.get(binding);
  if (existing) return existing;
  const listeners = new Set<() => void>();
  writeListeners.set(binding, listeners);
  const write = binding._prosemirrorChanged.bind(binding);
  let written: PMNode | null = null;
  binding._prosemirrorChanged = (doc) => {
    if (doc === written) return;
    const before = Y.getState(binding.doc.store, binding.doc.clientID);
    write(doc);
    written = doc;
    // y-prosemirror also calls this for changes that wrote nothing (the first render of a colleague's text).
    if (listeners.size === 0 || Y.getState(binding.doc.store, binding.doc.clientID) === before) return;
    binding.doc.transact(() => {
      for (const l of listeners) l();
    }, LOCAL_ORIGIN);
  };
  // A document y-prosemirror rendered from Yjs (a colleague's change) is one Yjs holds: the next view update (the
  // claim finder's answer, a colleague's caret) need not write it back. Unless a plugin's appended transaction
  // changed it after: then the sync state no longer says the change came from Yjs, and it is written.
  const render = binding._observeFunction;
  const observing = binding.prosemirrorView !== null;
  if (observing) binding.type.unobserveDeep(render);
  binding._observeFunction = (events, transaction) => {
    render(events, transaction);
    const state = binding.prosemirrorView?.state;
    if (state && isSyncChange(state)) written = state.doc;
  };
  // Before the view starts, y-prosemirror registers the observer itself (this one, now) as it starts.
  if (observing) binding.type.observeDeep(binding._observeFunction);
  let noted: { state: Pick<EditorState, 'doc' | 'selection'>; selection: unknown } | null = null;
  binding.doc.off('beforeAllTransactions', binding.beforeAllTransactions);
  binding.beforeAllTransactions = () => {
    const state = binding.prosemirrorView?.state;
    if (binding.beforeTransactionSelection !== null || !state) return;
    if (noted?.state.doc === state.doc && noted.state.selection === state.selection) {
      binding.beforeTransactionSelection = noted.selection;
      return;
    }
    const selection = getRelativeSelection(binding as never, state);
    // Kept only when Yjs holds this very document (in the middle of a local write it does not yet).
    noted = state.doc === written ? { state, selection } : null;
    binding.beforeTransactionSelection = selection;
  };
  binding.doc.on('beforeAllTransactions', binding.beforeAllTransactions);
  return listeners;
}

/**
 * Call `listener` after each write of this editor's own changes to Yjs,
 * inside the Yjs transaction that carries them (so what it writes travels with
 * the change), and only when the write changed something. y-prosemirror has
 * no hook for this: the first subscription wraps its write once ({@link localWrites}).
 * Returns the unsubscribe function (a no-op without the sync plugin).
 */
export function onLocalWrite(view: EditorView, listener: () => void): () => void {
  const binding = syncBindingOf(view.state);
  if (!binding) return () => {};
  const listeners = localWrites(binding);
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * The editor's selection in Yjs terms as y-prosemirror noted it before the Yjs transactions under way (it puts
 * the selection back there after rendering a colleague's change); null between transactions or without the sync
 * plugin.
 */
export function notedSelection(state: EditorState): { anchor: Y.RelativePosition; head: Y.RelativePosition } | null {
  return (syncBindingOf(state)?.beforeTransactionSelection as ReturnType<typeof notedSelection>) ?? null;
}

/**
 * From now on, the editor's view updates that leave its document as it was write nothing to Yjs
 * ({@link localWrites}). A no-op without the sync plugin.
 */
export function skipUnchangedWrites(view: EditorView): void {
  const binding = syncBindingOf(view.state);
  if (binding) localWrites(binding);
}

/**
 * y-prosemirror stores a mark that may overlap itself under `<name>--<hash>`,
 * an 8-character base64 hash, and reads the name back with this pattern
 * (its `yattr2markname`, not exported from the package).
 */
const HASHED_MARK_NAME = /(.*)(--[a-zA-Z0-9+/=]{8})$/;

/** The mark a Yjs format attribute stands for, exactly as y-prosemirror reads it. */
export function markNameOfAttribute(key: string): string {
  return HASHED_MARK_NAME.exec(key)?.[1] ?? key;
}

/**
 * The attribute key y-prosemirror gives `mark`: its name, and for a mark that
 * may overlap itself `--` and a hash of its JSON (y-prosemirror's
 * `hashOfJSON`: sha-256 of the lib0 encoding, folded to 6 bytes, base64).
 */
export function attributeKeyOfMark(mark: Mark): string {
  if (mark.type.excludes(mark.type)) return mark.type.name;
  const digest = sha256.digest(buffer.encodeAny(mark.toJSON()));
  for (let i = 6; i < digest.length; i++) digest[i % 6] = (digest[i % 6] as number) ^ (digest[i] as number);
  return `${mark.type.name}--${buffer.toBase64(digest.slice(0, 6))}`;
}

/**
 * Write a transaction that only adds or removes marks straight to the Yjs
 * text it changes, one `format` call per mark step with that mark's key
 * alone. y-prosemirror would instead rewrite every attribute of each run it
 * touches, re-asserting what this client last saw of colleagues' marks over
 * their concurrent changes. Returns false (nothing written) when a step is
 * not a mark step or a range does not map to one Yjs text.
 */
function writeMarkSteps(binding: SyncBinding, before: PMNode, tr: Transaction): boolean {
  const { type: fragment, mapping } = binding;
  const writes: { text: Y.XmlText; index: number; length: number; key: string; value: unknown; pos: number }[] = [];
  for (const step of tr.steps) {
    if (!(step instanceof AddMarkStep || step instanceof RemoveMarkStep)) return false;
    const value = step instanceof AddMarkStep ? step.mark.attrs : null;
    const key = attributeKeyOfMark(step.mark);
    let ok = true;
    before.nodesBetween(step.from, step.to, (node, pos) => {
      if (!ok || !node.isTextblock) return ok;
      const from = Math.max(step.from, pos + 1);
      const to = Math.min(step.to, pos + 1 + node.content.size);
      if (to <= from) return false;
      const start = yPosition(fragment, mapping, from);
      const end = yPosition(fragment, mapping, to);
      if (!start || !end || start.type !== end.type || !(start.type instanceof Y.XmlText)) ok = false;
      else
        writes.push({ text: start.type, index: start.index, length: end.index - start.index, key, value, pos: from });
      return false;
    });
    if (!ok) return false;
  }
  for (const w of writes) w.text.format(w.index, w.length, { [w.key]: w.value });
  // y-prosemirror keeps the ProseMirror node it last built for each Yjs element and reuses it until a
  // remote change touches that element: point the changed blocks and their ancestors at the new nodes.
  const cache = mapping as Map<object, unknown>;
  for (const { text, pos } of writes) {
    cache.delete(text);
    const $pos = tr.doc.resolve(pos);
    let type: unknown = text.parent;
    for (let depth = $pos.depth; depth > 0 && type instanceof Y.XmlElement; depth--) {
      cache.set(type, $pos.node(depth));
      type = type.parent;
    }
  }
  return true;
}

function yPosition(fragment: Y.XmlFragment, mapping: unknown, pos: number) {
  const relative = absolutePositionToRelativePosition(pos, fragment, mapping as never);
  return fragment.doc ? Y.createAbsolutePositionFromRelativePosition(relative, fragment.doc) : null;
}
