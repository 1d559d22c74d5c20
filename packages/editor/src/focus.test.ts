import { EditorState, TextSelection } from 'prosemirror-state';
import { describe, expect, it } from 'vitest';
import { annotationIndexPlugin } from './annotation-index.ts';
import { articleFromText } from './content.ts';
import { annotationFocusKey, annotationFocusPlugin, setAnnotationFocus } from './focus.ts';
import { articleSchema } from './schema.ts';

describe('annotation focus decorations', () => {
  it('cover the active and hovered annotations, derived from the marks even after the whole document is replaced', () => {
    const doc = articleFromText('Title\n\nMore than 50,000 soldiers and 140 aircraft.');
    let state = EditorState.create({ doc, plugins: [annotationIndexPlugin(), annotationFocusPlugin()] });
    state = state.apply(state.tr.addMark(8, 14, articleSchema.marks.claim.create({ id: 'a' })));
    state = state.apply(state.tr.addMark(20, 30, articleSchema.marks.comment.create({ id: 'b' })));
    state = state.apply(setAnnotationFocus(state.tr, { active: 'a', hover: 'b' }));
    const plugin = annotationFocusKey.get(state)!;
    const find = (s: EditorState) =>
      (
        plugin.props.decorations!.call(plugin, s) as ReturnType<NonNullable<typeof plugin.props.decorations>> & {
          find: () => { from: number; to: number; type: { attrs: { class: string } } }[];
        }
      )
        .find()
        .map((d) => [d.from, d.to, d.type.attrs.class]);
    expect(find(state)).toEqual([
      [8, 14, 'fm-active'],
      [20, 30, 'fm-hover'],
    ]);
    // A remote update replaces the document (here: the same content shifted by an insertion before it).
    const shifted = state.doc.replace(1, 1, state.doc.slice(1, 3));
    state = state.apply(state.tr.replaceWith(0, state.doc.content.size, shifted.content));
    expect(find(state)).toEqual([
      [10, 16, 'fm-active'],
      [22, 32, 'fm-hover'],
    ]);
  });

  it('reuses the drawn set while neither the document nor the focus changes, and draws anew when either does', () => {
    const doc = articleFromText('Title\n\nMore than 50,000 soldiers and 140 aircraft.');
    let state = EditorState.create({ doc, plugins: [annotationIndexPlugin(), annotationFocusPlugin()] });
    state = state.apply(state.tr.addMark(8, 14, articleSchema.marks.claim.create({ id: 'a' })));
    state = state.apply(setAnnotationFocus(state.tr, { active: 'a' }));
    const plugin = annotationFocusKey.get(state)!;
    const draw = (s: EditorState) => plugin.props.decorations!.call(plugin, s);
    const first = draw(state);
    // A caret move: the same set.
    const moved = state.apply(state.tr.setSelection(TextSelection.create(state.doc, 20)));
    expect(draw(moved)).toBe(first);
    // Another active annotation, or a changed document: drawn again, in the right place.
    const other = moved.apply(setAnnotationFocus(moved.tr, { active: null, hover: 'a' }));
    expect(draw(other)).not.toBe(first);
    const typed = state.apply(state.tr.insertText('x', 1));
    const redrawn = draw(typed) as unknown as { find: () => { from: number; to: number }[] };
    expect(redrawn.find().map((d) => [d.from, d.to])).toEqual([[9, 15]]);
  });
});
