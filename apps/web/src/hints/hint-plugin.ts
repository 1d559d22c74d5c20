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

interface HintState {
  blocks: ReadonlyMap<number, readonly BlockHint[]>;
  decided: ReadonlySet<string>;
  decorations: DecorationSet;
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
): (PlacedHint & { block: number })[] {
  const out: (PlacedHint & { block: number })[] = [];
  for (const block of blocks) {
    for (const hint of results.get(block.key) ?? []) {
      if (!decided.has(hint.key)) out.push({ ...place(hint, block.start), block: block.key });
    }
  }
  return out;
}

/** The decorations of placed hints (each knows its hint's key and block). */
function decorations(placed: readonly (PlacedHint & { block: number })[]): Decoration[] {
  return placed.map(({ hint, from, to, block }) =>
    Decoration.inline(
      from,
      to,
      {
        class: `fm-hint ${isSlip(hint.kind) ? 'fm-hint-slip' : 'fm-hint-claim'}`,
        title: `${HINT_KINDS[hint.kind].label}: ${hint.reason}`,
        'data-hint-key': hint.key,
      },
      { hintKey: hint.key, block },
    ),
  );
}

/** What the plugin needs of the session: the analysis, and what the keys do. */
export interface HintPluginOptions {
  analysis: HintAnalysis;
  /** Accept (make a claim or a correction of) or dismiss the hint under the caret; false when there is none. */
  act: (view: EditorView, how: 'accept' | 'dismiss') => boolean;
  keys: { accept: string; dismiss: string };
  /** The hint under the caret changed (the tip and the margin follow it). */
  onChange: (state: EditorState) => void;
}

/** The undecided hint under the caret, if any (looked up in the caret's block only: this runs on every key). */
export function hintAtCaret(state: EditorState, analysis: HintAnalysis): PlacedHint | null {
  const own = hintKey.getState(state);
  const { selection } = state;
  if (!own || !selection.empty || !selection.$from.parent.isTextblock) return null;
  const $at = selection.$from;
  const start = $at.start();
  const offset = $at.parentOffset;
  const hint = (own.blocks.get(analysis.keyOf($at.parent)) ?? []).find(
    (h) => !own.decided.has(h.key) && h.start <= offset && offset <= h.end,
  );
  return hint ? place(hint, start) : null;
}

/** What a transaction tells the plugin: blocks whose hints changed or went, or the decisions now. */
export interface HintMeta {
  changed?: ReadonlyMap<number, readonly BlockHint[]>;
  removed?: readonly number[];
  decided?: ReadonlySet<string>;
}

/** The claim finder's plugin. Answers and decisions arrive as the meta ({@link HintMeta}) of a transaction. */
export function hintPlugin(options: HintPluginOptions): Plugin<HintState> {
  const { analysis } = options;
  const rebuild = (doc: PMNode, blocks: ReadonlyMap<number, readonly BlockHint[]>, decided: ReadonlySet<string>) =>
    DecorationSet.create(doc, decorations(placedHints(analysis.blocks(doc), blocks, decided)));
  /** Only the blocks an answer names are placed again: the rest keep their (mapped) decorations. */
  const patch = (doc: PMNode, prev: HintState, meta: HintMeta): HintState => {
    const blocks = new Map(prev.blocks);
    for (const key of meta.removed ?? []) blocks.delete(key);
    for (const [key, hints] of meta.changed ?? []) blocks.set(key, hints);
    // The old underlines of a block answered again lie in its range now (an edited block is a new node in the
    // old one's place; a deleted block's underlines went with its text).
    const here = analysis.blocks(doc).filter((b) => meta.changed?.has(b.key));
    const old = here.flatMap((b) => {
      const node = doc.nodeAt(b.start - 1);
      return prev.decorations.find(b.start, b.start + (node?.content.size ?? 0));
    });
    const added = decorations(placedHints(here, blocks, prev.decided));
    return { blocks, decided: prev.decided, decorations: prev.decorations.remove(old).add(doc, added) };
  };
  return new Plugin<HintState>({
    key: hintKey,
    state: {
      init: (_, state) => ({ blocks: new Map(), decided: new Set(), decorations: DecorationSet.create(state.doc, []) }),
      apply(tr: Transaction, prev: HintState, _old, state: EditorState): HintState {
        const meta = tr.getMeta(hintKey) as HintMeta | undefined;
        if (meta?.decided)
          return { ...prev, decided: meta.decided, decorations: rebuild(state.doc, prev.blocks, meta.decided) };
        if (meta) return patch(state.doc, prev, meta);
        if (!tr.docChanged) return prev;
        // A colleague's change arrives as a new document (y-prosemirror): place the hints again, never map them.
        if (isSyncTransaction(tr)) return { ...prev, decorations: rebuild(state.doc, prev.blocks, prev.decided) };
        return { ...prev, decorations: prev.decorations.map(tr.mapping, tr.doc) };
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
    view(view) {
      let timer: ReturnType<typeof setTimeout> | null = null;
      const post = () => {
        timer = null;
        analysis.update(view.state.doc);
      };
      // The first analysis waits until the page has opened: the worker's start and its first pass are not on the way.
      timer = setTimeout(post, 1_000);
      return {
        update(view, before) {
          if (view.state.doc !== before.doc) timer ??= setTimeout(post, 40);
          if (view.state.selection !== before.selection || hintKey.getState(view.state) !== hintKey.getState(before))
            options.onChange(view.state);
        },
        destroy() {
          if (timer) clearTimeout(timer);
        },
      };
    },
  });
}
