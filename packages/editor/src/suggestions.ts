/** Proposed corrections drawn in the text: the span struck through and the proposed text after it. */
import { type EditorState, Plugin, PluginKey, type Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';
import { annotationIndex } from './annotation-index.ts';

/** A correction still awaiting a decision: its id and the text proposed for its span. */
export interface PendingSuggestion {
  id: string;
  proposed: string;
}

/** Plugin key of the suggestions view; dispatch {@link refreshSuggestions} when the pending set changes. */
export const suggestionsKey = new PluginKey<DecorationSet>('factmark-suggestions');

/** A transaction that makes the suggestions plugin read the pending corrections again. */
export function refreshSuggestions(tr: Transaction): Transaction {
  return tr.setMeta(suggestionsKey, true).setMeta('addToHistory', false);
}

function proposedWidget(text: string, id: string): HTMLElement {
  const el = document.createElement('ins');
  el.className = 'fm-suggestion-proposed';
  el.dataset.suggestionFor = id;
  // Text only: the proposed text is user input and must never become markup.
  el.textContent = text;
  return el;
}

function build(state: EditorState, pending: () => readonly PendingSuggestion[]): DecorationSet {
  const index = annotationIndex(state);
  const decos: Decoration[] = [];
  for (const { id, proposed } of pending()) {
    const ranges = index.rangesOf(id);
    const last = ranges[ranges.length - 1];
    if (!last) continue;
    for (const r of ranges) decos.push(Decoration.inline(r.from, r.to, { class: 'fm-suggestion-original' }));
    if (proposed !== '') {
      decos.push(
        Decoration.widget(last.to, () => proposedWidget(proposed, id), {
          side: 1,
          marks: [],
          ignoreSelection: true,
          key: `suggestion:${id}:${proposed}`,
        }),
      );
    }
  }
  return DecorationSet.create(state.doc, decos);
}

/**
 * Shows proposed corrections inline, as a suggestion: the span's text struck
 * through and the proposed text after it (as text, in an `<ins>`). The
 * decorations are rebuilt from the marks whenever the document changes or
 * {@link refreshSuggestions} is dispatched, never mapped (a remote update
 * replaces the whole document).
 *
 * @param pending the corrections awaiting a decision, read from their bodies
 */
export function suggestionsPlugin(pending: () => readonly PendingSuggestion[]): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: suggestionsKey,
    state: {
      init: (_, state) => build(state, pending),
      apply: (tr, value, _old, state) => (tr.docChanged || tr.getMeta(suggestionsKey) ? build(state, pending) : value),
    },
    props: {
      decorations: (state) => suggestionsKey.getState(state),
    },
  });
}
