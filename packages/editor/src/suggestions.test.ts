// @vitest-environment happy-dom
import { EditorState } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { describe, expect, it } from 'vitest';
import { annotationIndexPlugin } from './annotation-index.ts';
import { articleFromText } from './content.ts';
import { articleSchema } from './schema.ts';
import { type PendingSuggestion, refreshSuggestions, suggestionsPlugin } from './suggestions.ts';

describe('inline suggestions', () => {
  it('strike the span, show the proposed text as text after it, and follow the pending set', () => {
    let pending: PendingSuggestion[] = [{ id: 'c1', proposed: '<img src=x onerror="alert(1)"> hostile' }];
    const doc = articleFromText('Title\n\nFor hostile or hostile cyber operations.');
    let state = EditorState.create({ doc, plugins: [annotationIndexPlugin(), suggestionsPlugin(() => pending)] });
    state = state.apply(state.tr.addMark(12, 30, articleSchema.marks.correction.create({ id: 'c1' })));
    const view = new EditorView(document.createElement('div'), { state });
    const struck = view.dom.querySelector('.fm-suggestion-original');
    expect(struck?.textContent).toBe('hostile or hostile');
    const ins = view.dom.querySelector('ins.fm-suggestion-proposed');
    expect(ins?.textContent).toBe('<img src=x onerror="alert(1)"> hostile');
    expect(view.dom.querySelector('img')).toBeNull();
    // The text follows the span after an edit before it.
    view.dispatch(view.state.tr.insertText('Yes. ', 8));
    expect(view.dom.querySelector('.fm-suggestion-original')?.textContent).toBe('hostile or hostile');
    // Decided: no longer shown once the pending set is read again.
    pending = [];
    view.dispatch(refreshSuggestions(view.state.tr));
    expect(view.dom.querySelector('.fm-suggestion-original')).toBeNull();
    expect(view.dom.querySelector('ins')).toBeNull();
    view.destroy();
  });
});
