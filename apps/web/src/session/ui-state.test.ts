import type { AnnotationBody } from '@factmark/collab';
import { articleFromText, articleSchema } from '@factmark/editor';
import { EditorState } from 'prosemirror-state';
import { describe, expect, it } from 'vitest';
import { citedClaims } from './ui-state.ts';

/** An editor state of `text` with annotation marks on the given character ranges of its first paragraph. */
function stateWith(text: string, marks: { kind: 'claim' | 'citation'; id: string; words: string }[]): EditorState {
  const doc = articleFromText(`Title\n\n${text}`);
  let tr = EditorState.create({ doc }).tr;
  const start = 1 + (doc.firstChild?.nodeSize ?? 0) + 1;
  for (const m of marks) {
    const from = start + text.indexOf(m.words);
    tr = tr.addMark(from, from + m.words.length, articleSchema.marks[m.kind].create({ id: m.id }));
  }
  return EditorState.create({ doc: tr.doc });
}

/** Two claims, a citation inside the first's passage (x1) and one outside every claim (x2). */
function desk(): EditorState {
  return stateWith('More than 50,000 soldiers and 140 aircraft take part, the ministry said on Monday.', [
    { kind: 'claim', id: 'c1', words: 'More than 50,000 soldiers and 140 aircraft' },
    { kind: 'citation', id: 'x1', words: '140 aircraft' },
    { kind: 'claim', id: 'c2', words: 'the ministry said' },
    { kind: 'citation', id: 'x2', words: 'on Monday' },
  ]);
}

describe('citedClaims', () => {
  it('counts a claim as sourced when a citation sits in its passage, not when it sits elsewhere', () => {
    const state = desk();
    expect([...citedClaims(state, new Map())]).toEqual(['c1']);
  });

  it('counts a linked citation for its claim only, wherever it sits; a link to a removed claim falls back to the passage', () => {
    const state = desk();
    const citation = (claimId: string | null) => ({ kind: 'citation', claimId }) as AnnotationBody;
    // x1 sits in c1's passage but is linked to c2; x2 sits outside every claim but is linked to c1.
    expect(
      [
        ...citedClaims(
          state,
          new Map([
            ['x1', citation('c2')],
            ['x2', citation('c1')],
          ]),
        ),
      ].sort(),
    ).toEqual(['c1', 'c2']);
    expect([...citedClaims(state, new Map([['x1', citation('c2')]]))]).toEqual(['c2']);
    expect([...citedClaims(state, new Map([['x1', citation('gone')]]))]).toEqual(['c1']);
  });
});
