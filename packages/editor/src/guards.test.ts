import { EditorState } from 'prosemirror-state';
import { describe, expect, it } from 'vitest';
import { articleFromText } from './content.ts';
import { type EditAccess, editAccessPlugin } from './guards.ts';
import { articleSchema } from './schema.ts';

describe('edit access', () => {
  it('lets commenters change only annotation marks, viewers nothing, and collaborators anything', () => {
    let mode: EditAccess = 'annotations';
    const state = EditorState.create({
      doc: articleFromText('T\n\nSome text here.'),
      plugins: [
        editAccessPlugin(
          () => mode,
          (tr) => tr.getMeta('fromCollaborator') === true,
        ),
      ],
    });
    const typed = state.tr.insertText('x', 5);
    const marked = state.tr.addMark(4, 8, articleSchema.marks.claim.create({ id: 'a' }));
    const bold = state.tr.addMark(4, 8, articleSchema.marks.strong.create());
    expect(state.applyTransaction(typed).state.doc.eq(state.doc)).toBe(true);
    expect(state.applyTransaction(marked).state.doc.eq(state.doc)).toBe(false);
    expect(state.applyTransaction(bold).state.doc.eq(state.doc)).toBe(true);
    expect(
      state.applyTransaction(state.tr.insertText('x', 5).setMeta('fromCollaborator', true)).state.doc.eq(state.doc),
    ).toBe(false);
    mode = 'none';
    expect(
      state
        .applyTransaction(state.tr.addMark(4, 8, articleSchema.marks.claim.create({ id: 'b' })))
        .state.doc.eq(state.doc),
    ).toBe(true);
    mode = 'full';
    expect(state.applyTransaction(state.tr.insertText('x', 5)).state.doc.eq(state.doc)).toBe(false);
  });
});
