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
  blocks: ReadonlyMap<number, BlockHint[]>;
  decided: ReadonlySet<string>;
  decorations: DecorationSet;
}

/** The plugin's key (the session reads its state). */
export const hintKey = new PluginKey<HintState>('factmark-hints');

/** Every undecided hint of `doc`, in document order. */
export function placedHints(
  blocks: readonly KeyedBlock[],
  results: ReadonlyMap<number, BlockHint[]>,
  decided: ReadonlySet<string>,
): PlacedHint[] {
  const out: PlacedHint[] = [];
  for (const block of blocks) {
    for (const hint of results.get(block.key) ?? []) {
      if (decided.has(hint.key)) continue;
      const c = hint.correction;
      out.push({
        hint,
        from: block.start + hint.start,
        to: block.start + hint.end,
        correction: c ? { from: block.start + c.start, to: block.start + c.end, text: c.text } : null,
      });
    }
  }
  return out;
}

function decorate(doc: PMNode, placed: readonly PlacedHint[]): DecorationSet {
  return DecorationSet.create(
    doc,
    placed.map(({ hint, from, to }) =>
      Decoration.inline(
        from,
        to,
        {
          class: `fm-hint ${isSlip(hint.kind) ? 'fm-hint-slip' : 'fm-hint-claim'}`,
          title: `${HINT_KINDS[hint.kind].label}: ${hint.reason}`,
          'data-hint-key': hint.key,
        },
        { hintKey: hint.key },
      ),
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
  if (!hint) return null;
  const c = hint.correction;
  return {
    hint,
    from: start + hint.start,
    to: start + hint.end,
    correction: c ? { from: start + c.start, to: start + c.end, text: c.text } : null,
  };
}

/** The claim finder's plugin. Results and decisions arrive as the meta `{ blocks?, decided? }` of a transaction. */
export function hintPlugin(options: HintPluginOptions): Plugin<HintState> {
  const { analysis } = options;
  const rebuild = (doc: PMNode, blocks: ReadonlyMap<number, BlockHint[]>, decided: ReadonlySet<string>) =>
    decorate(doc, placedHints(analysis.blocks(doc), blocks, decided));
  return new Plugin<HintState>({
    key: hintKey,
    state: {
      init: (_, state) => ({ blocks: new Map(), decided: new Set(), decorations: DecorationSet.create(state.doc, []) }),
      apply(tr: Transaction, prev: HintState, _old, state: EditorState): HintState {
        const meta = tr.getMeta(hintKey) as Partial<Pick<HintState, 'blocks' | 'decided'>> | undefined;
        if (meta) {
          const blocks = meta.blocks ?? prev.blocks;
          const decided = meta.decided ?? prev.decided;
          return { blocks, decided, decorations: rebuild(state.doc, blocks, decided) };
        }
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
      post();
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
