/**
 * The claim finder in the editor: its hints as faint underlines (dotted for a
 * possible claim, wavy for a translation slip: told apart without colour),
 * the reason in the title and in a tip at the caret, and the keys that accept
 * or dismiss the hint under the caret. Decorations are rebuilt from the
 * worker's answers and the desk's decisions, mapped through local edits only
 * (a colleague's change replaces the document: rebuilt then).
 */
import { isSyncTransaction } from '@factmark/collab';
import { HINT_KINDS, isSlip } from '@factmark/hints/kinds';
import type { Node as PMNode } from 'prosemirror-model';
import { type EditorState, Plugin, PluginKey, type Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet, type EditorView } from 'prosemirror-view';
import { matchesShortcut } from '../editor/shortcuts.ts';
import type { HintAnalysis, KeyedBlock } from './hint-analysis.ts';
import type { BlockHint } from './hint-protocol.ts';

/** A hint placed in the document: its block's start added to its offsets. */
export interface PlacedHint {
  hint: BlockHint;
  from: number;
  to: number;
  /** A slip's correction range, in positions. */
  correction: { from: number; to: number; text: string } | null;
}

/** The underlines drawn and the decisions they leave out (the worker's answers live in {@link HintAnalysis.results}). */
interface HintState {
  decided: ReadonlySet<string>;
  decorations: DecorationSet;
  /** The article's last change came from Yjs (a colleague's, or the article arriving), not from this editor. */
  remote: boolean;
}

/** The plugin's key (the session reads its state). */
export const hintKey = new PluginKey<HintState>('factmark-hints');

/** A hint of the block whose text starts at position `start`, placed in the document. */
function place(hint: BlockHint, start: number): PlacedHint {
  const c = hint.correction;
  return {
    hint,
    from: start + hint.start,
    to: start + hint.end,
    correction: c ? { from: start + c.start, to: start + c.end, text: c.text } : null,
  };
}

/** Every undecided hint of `doc`, in document order. */
export function placedHints(
  blocks: readonly KeyedBlock[],
  results: ReadonlyMap<number, readonly BlockHint[]>,
  decided: ReadonlySet<string>,
): PlacedHint[] {
  const out: PlacedHint[] = [];
  for (const block of blocks) {
    for (const hint of results.get(block.key) ?? []) {
      if (!decided.has(hint.key)) out.push(place(hint, block.start));
    }
  }
  return out;
}

/**
 * The decorations of placed hints. Only what is drawn tells two apart (class and title in `attrs`, the same words
 * in `spec.drawn`): a hint whose sentence changed elsewhere keeps an equal decoration, which the view leaves alone.
 */
function decorations(placed: readonly PlacedHint[]): Decoration[] {
  return placed.map(({ hint, from, to }) => {
    const className = `fm-hint ${isSlip(hint.kind) ? 'fm-hint-slip' : 'fm-hint-claim'}`;
    const title = `${HINT_KINDS[hint.kind].label}: ${hint.reason}`;
    return Decoration.inline(from, to, { class: className, title }, { drawn: `${className}\n${title}` });
  });
}

/** What tells a drawn hint from another at the same place. */
const drawnAs = (d: Decoration) => `${d.from}:${d.to}:${(d.spec as { drawn: string }).drawn}`;

/**
 * `set` with the decorations `old` replaced by `added`, touching only those that differ: the same set when
 * nothing does (the view then redraws nothing), and otherwise only the underlines that changed.
 */
function replaceChanged(set: DecorationSet, doc: PMNode, old: Decoration[], added: Decoration[]): DecorationSet {
  const before = new Map(old.map((d) => [drawnAs(d), d]));
  const fresh = added.filter((d) => !before.delete(drawnAs(d)));
  if (fresh.length === 0 && before.size === 0) return set;
  return set.remove([...before.values()]).add(doc, fresh);
}

/** What the plugin needs of the session: the analysis, and what the keys do. */
export interface HintPluginOptions {
  analysis: HintAnalysis;
  /** Accept (make a claim or a correction of) or dismiss the hint under the caret; false when there is none. */
  act: (view: EditorView, how: 'accept' | 'dismiss') => boolean;
  keys: { accept: string; dismiss: string };
  /** The hint under the caret changed (the tip and the margin follow it). */
  onChange: (state: EditorState) => void;
  /** The article changed (the session posts it to the worker a moment later); `remote`: by a colleague's change. */
  onDocChanged: (remote: boolean) => void;
}

/** The undecided hint under the caret, if any (looked up in the caret's block only: this runs on every key). */
export function hintAtCaret(state: EditorState, analysis: HintAnalysis): PlacedHint | null {
  const own = hintKey.getState(state);
  const { selection } = state;
  if (!own || !selection.empty || !selection.$from.parent.isTextblock) return null;
  const $at = selection.$from;
  const start = $at.start();
  const offset = $at.parentOffset;
  const hint = (analysis.results.get(analysis.keyOf($at.parent)) ?? []).find(
    (h) => !own.decided.has(h.key) && h.start <= offset && offset <= h.end,
  );
  return hint ? place(hint, start) : null;
}

/** What a transaction tells the plugin: the underlines after an answer ({@link redrawn}), or the decisions now. */
export interface HintMeta {
  decorations?: DecorationSet;
  decided?: ReadonlySet<string>;
}

/**
 * The underlines of `state` once the blocks `keys` were answered again: only those blocks are placed again, the
 * rest keep their (mapped) decorations, and the same set comes back when nothing drawn changed (then nothing
 * needs dispatching).
 */
export function redrawn(state: EditorState, analysis: HintAnalysis, keys: ReadonlySet<number>): DecorationSet {
  const own = hintKey.getState(state);
  if (!own) return DecorationSet.empty;
  if (keys.size === 0) return own.decorations;
  return placeBlocksAgain(own.decorations, state.doc, answeredBlocks(state, analysis, keys), analysis, own.decided);
}

/**
 * `set` with the underlines of the blocks `here` placed again from the worker's answers. Their old underlines lie
 * in their ranges now (an edited block is a new node in the old one's place; a deleted block's underlines went with
 * its text); only those that differ are replaced.
 */
function placeBlocksAgain(
  set: DecorationSet,
  doc: PMNode,
  here: readonly KeyedBlock[],
  analysis: HintAnalysis,
  decided: ReadonlySet<string>,
): DecorationSet {
  // Nothing drawn yet (the article has just arrived, the worker has not answered): no old underline to look for.
  const old = set === DecorationSet.empty ? [] : here.flatMap((b) => set.find(b.start, b.end));
  return replaceChanged(set, doc, old, decorations(placedHints(here, analysis.results, decided)));
}

/** Where the blocks `keys` are in `state`'s document: a keystroke's answer is the caret's block, found without a walk. */
function answeredBlocks(state: EditorState, analysis: HintAnalysis, keys: ReadonlySet<number>): KeyedBlock[] {
  const { $head } = state.selection;
  if (keys.size === 1 && $head.parent.isTextblock) {
    const key = analysis.keyOf($head.parent);
    if (keys.has(key)) return [{ key, start: $head.start(), end: $head.end() }];
  }
  return analysis.locate(state.doc, keys);
}

/**
 * Draw an answer in `view`: dispatches the new underlines, or nothing when nothing drawn changed. Returns true
 * when it dispatched.
 */
export function drawAnswer(
  view: Pick<EditorView, 'state' | 'dispatch'>,
  analysis: HintAnalysis,
  changed: ReadonlySet<number>,
): boolean {
  const decorations = redrawn(view.state, analysis, changed);
  if (decorations === hintKey.getState(view.state)?.decorations) return false;
  const meta: HintMeta = { decorations };
  view.dispatch(view.state.tr.setMeta(hintKey, meta).setMeta('addToHistory', false));
  return true;
}

/**
 * The underlines after a colleague's change. y-prosemirror keeps the nodes the change did not touch, so the two
 * documents differ only between where they first and last differ: the underlines map through a replacement of
 * that range alone, and the blocks inside it are placed again. Null when that replacement does not give the new
 * document (then everything is placed again).
 */
function afterRemoteChange(
  analysis: HintAnalysis,
  old: EditorState,
  doc: PMNode,
  own: HintState,
): DecorationSet | null {
  const start = old.doc.content.findDiffStart(doc.content);
  if (start === null) return own.decorations;
  const end = old.doc.content.findDiffEnd(doc.content);
  if (!end) return null;
  let { a: endA, b: endB } = end;
  const overlap = start - Math.min(endA, endB);
  if (overlap > 0) {
    endA += overlap;
    endB += overlap;
  }
  let diff: Transaction;
  try {
    diff = old.tr.replace(start, endA, doc.slice(start, endB));
  } catch {
    return null;
  }
  if (!diff.doc.eq(doc)) return null;
  const mapped = own.decorations.map(diff.mapping, doc);
  const here: KeyedBlock[] = [];
  doc.nodesBetween(start, Math.min(Math.max(endB, start + 1), doc.content.size), (node, pos) => {
    if (!node.isTextblock) return true;
    here.push(analysis.keyedBlock(node, pos));
    return false;
  });
  return placeBlocksAgain(mapped, doc, here, analysis, own.decided);
}

/** The claim finder's plugin. Answers and decisions arrive as the meta ({@link HintMeta}) of a transaction. */
export function hintPlugin(options: HintPluginOptions): Plugin<HintState> {
  const { analysis } = options;
  // Before the worker's first answer there is nothing to place: no walk of the article.
  const rebuild = (doc: PMNode, decided: ReadonlySet<string>) =>
    analysis.results.size === 0
      ? DecorationSet.empty
      : DecorationSet.create(doc, decorations(placedHints(analysis.blocks(doc), analysis.results, decided)));
  return new Plugin<HintState>({
    key: hintKey,
    state: {
      init: (_, state) => ({ decided: new Set(), decorations: DecorationSet.create(state.doc, []), remote: true }),
      apply(tr: Transaction, prev: HintState, old: EditorState, state: EditorState): HintState {
        const meta = tr.getMeta(hintKey) as HintMeta | undefined;
        if (meta?.decided) return { ...prev, decided: meta.decided, decorations: rebuild(state.doc, meta.decided) };
        if (meta?.decorations) return { ...prev, decorations: meta.decorations };
        if (!tr.docChanged) return prev;
        // A colleague's change arrives as one step replacing the whole document (y-prosemirror): never mapped
        // through it, but through what really differs. Before the worker's first answer (the article arriving as
        // the page opens) nothing is drawn and nothing could be: the diff of the whole article is skipped.
        if (isSyncTransaction(tr) && prev.decorations === DecorationSet.empty && analysis.results.size === 0)
          return prev.remote ? prev : { ...prev, remote: true };
        if (isSyncTransaction(tr))
          return {
            ...prev,
            remote: true,
            decorations: afterRemoteChange(analysis, old, state.doc, prev) ?? rebuild(state.doc, prev.decided),
          };
        return { ...prev, remote: false, decorations: prev.decorations.map(tr.mapping, tr.doc) };
      },
    },
    props: {
      decorations: (state) => hintKey.getState(state)?.decorations ?? null,
      handleKeyDown(view, event) {
        if (matchesShortcut(event, options.keys.accept)) return options.act(view, 'accept');
        if (matchesShortcut(event, options.keys.dismiss)) return options.act(view, 'dismiss');
        return false;
      },
    },
    view() {
      return {
        update(view, before) {
          if (view.state.doc !== before.doc) options.onDocChanged(hintKey.getState(view.state)?.remote === true);
          if (view.state.selection !== before.selection || hintKey.getState(view.state) !== hintKey.getState(before))
            options.onChange(view.state);
        },
      };
    },
  });
}
