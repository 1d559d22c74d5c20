/** The active and hovered annotation, drawn as decorations derived from the marks. */
import { type EditorState, Plugin, PluginKey, type Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';
import { annotationIndex } from './annotation-index.ts';

/** Which annotation is active (its card is selected) and which is hovered. */
export interface AnnotationFocus {
  active: string | null;
  hover: string | null;
}

/** Plugin key of the focus state; set it with {@link setAnnotationFocus}. */
export const annotationFocusKey = new PluginKey<AnnotationFocus>('factmark-annotation-focus');

/** A transaction that makes `focus` the active and/or hovered annotation. */
export function setAnnotationFocus(tr: Transaction, focus: Partial<AnnotationFocus>): Transaction {
  return tr.setMeta(annotationFocusKey, focus);
}

/** The current focus of `state`. */
export function annotationFocus(state: EditorState): AnnotationFocus {
  return annotationFocusKey.getState(state) ?? { active: null, hover: null };
}

/**
 * Decorations for the active and the hovered annotation. They are derived
 * from the annotation marks (through the index) every time, never mapped
 * across transactions: a remote update replaces the whole document, and
 * mapped decorations would drift.
 */
export function annotationFocusPlugin(): Plugin<AnnotationFocus> {
  // The last set drawn: a transaction that changes neither the document nor the focus (a caret move) reuses it.
  let last: { doc: EditorState['doc']; active: string | null; hover: string | null; set: DecorationSet } | null = null;
  return new Plugin<AnnotationFocus>({
    key: annotationFocusKey,
    state: {
      init: () => ({ active: null, hover: null }),
      apply: (tr, value) => {
        const meta = tr.getMeta(annotationFocusKey) as Partial<AnnotationFocus> | undefined;
        return meta ? { ...value, ...meta } : value;
      },
    },
    props: {
      decorations(state) {
        const { active, hover } = annotationFocus(state);
        if (!active && !hover) return DecorationSet.empty;
        if (last?.doc === state.doc && last.active === active && last.hover === hover) return last.set;
        const index = annotationIndex(state);
        const decos: Decoration[] = [];
        for (const [id, cls] of [
          [active, 'fm-active'],
          [hover, 'fm-hover'],
        ] as const) {
          if (!id) continue;
          for (const r of index.rangesOf(id)) decos.push(Decoration.inline(r.from, r.to, { class: cls }));
        }
        const set = DecorationSet.create(state.doc, decos);
        last = { doc: state.doc, active, hover, set };
        return set;
      },
    },
  });
}
