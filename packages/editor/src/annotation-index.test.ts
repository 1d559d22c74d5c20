import fc from 'fast-check';
import { EditorState, TextSelection } from 'prosemirror-state';
import { canJoin, canSplit } from 'prosemirror-transform';
import { describe, expect, it } from 'vitest';
import { AnnotationIndex, annotationIndex, annotationIndexPlugin } from './annotation-index.ts';
import { articleFromText } from './content.ts';
import { findAnnotations } from './ranges.ts';
import { ANNOTATION_KINDS, articleSchema } from './schema.ts';

const TEXT = 'Title here\n\nMore than 50,000 soldiers and 140 aircraft.\n\nThe ministry said on Monday.\n\nLast one.';

type Op =
  | { t: 'insert'; at: number; text: string }
  | { t: 'delete'; at: number; len: number }
  | { t: 'mark'; at: number; len: number; kind: number; id: number }
  | { t: 'unmark'; id: number }
  | { t: 'split'; at: number }
  | { t: 'join'; at: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ t: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom('x', 'ab', ' ', 'Zed') }),
  fc.record({ t: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 12 }) }),
  fc.record({
    t: fc.constant('mark' as const),
    at: fc.nat(),
    len: fc.integer({ min: 1, max: 30 }),
    kind: fc.nat(3),
    id: fc.nat(6),
  }),
  fc.record({ t: fc.constant('unmark' as const), id: fc.nat(6) }),
  fc.record({ t: fc.constant('split' as const), at: fc.nat() }),
  fc.record({ t: fc.constant('join' as const), at: fc.nat() }),
);

function apply(state: EditorState, op: Op): EditorState {
  const size = state.doc.content.size;
  const clamp = (p: number) => Math.max(1, Math.min(size - 1, p % size));
  const tr = state.tr;
  try {
    switch (op.t) {
      case 'insert': {
        const at = clamp(op.at);
        if (!state.doc.resolve(at).parent.isTextblock) return state;
        tr.setSelection(TextSelection.create(state.doc, at)).insertText(op.text);
        break;
      }
      case 'delete': {
        const at = clamp(op.at);
        tr.delete(at, Math.min(size - 1, at + op.len));
        break;
      }
      case 'mark': {
        const at = clamp(op.at);
        const kind = ANNOTATION_KINDS[op.kind % 4]!;
        tr.addMark(at, Math.min(size - 1, at + op.len), articleSchema.marks[kind].create({ id: `${kind}${op.id}` }));
        break;
      }
      case 'unmark':
        for (const kind of ANNOTATION_KINDS)
          tr.removeMark(0, size, articleSchema.marks[kind].create({ id: `${kind}${op.id}` }));
        break;
      case 'split': {
        const at = clamp(op.at);
        if (!canSplit(state.doc, at) || !state.doc.resolve(at).parent.isTextblock) return state;
        if (state.doc.resolve(at).parent.type.name === 'title') return state;
        tr.split(at);
        break;
      }
      case 'join': {
        const at = clamp(op.at);
        if (!canJoin(state.doc, at)) return state;
        tr.join(at);
        break;
      }
    }
    return state.apply(tr);
  } catch {
    return state;
  }
}

function expected(state: EditorState) {
  return new Map(findAnnotations(state.doc).map((a) => [a.id, { kind: a.kind, ranges: a.ranges }]));
}

describe('AnnotationIndex', () => {
  it('stays equal to a full scan after any sequence of edits, marks, splits and joins, one annotation or all', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 40 }), (ops) => {
        let state = EditorState.create({ doc: articleFromText(TEXT), plugins: [annotationIndexPlugin()] });
        for (const op of ops) {
          state = apply(state, op);
          const index = annotationIndex(state);
          const want = expected(state);
          // The changed annotations' ranges, found in the changed blocks alone where they lie only there.
          for (const id of index.changed) expect(index.rangesOf(id)).toEqual(want.get(id)?.ranges ?? []);
          expect(new Map(index.byId)).toEqual(want);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reports the last text of an annotation whose every character was deleted, and forgets it when it returns', () => {
    let state = EditorState.create({ doc: articleFromText(TEXT), plugins: [annotationIndexPlugin()] });
    const from = 14;
    state = state.apply(state.tr.addMark(from, from + 6, articleSchema.marks.claim.create({ id: 'c1' })));
    const text = state.doc.textBetween(from, from + 6);
    const before = state;
    state = state.apply(state.tr.delete(from - 2, from + 8));
    expect(annotationIndex(state).vanished.get('c1')).toEqual({ kind: 'claim', lastText: text });
    expect(annotationIndex(state).rangesOf('c1')).toEqual([]);
    // Whole-document replacement (as y-prosemirror does for remote changes) keeps the index right.
    state = state.apply(state.tr.replaceWith(0, state.doc.content.size, before.doc.content));
    expect(annotationIndex(state).rangesOf('c1')).toEqual([{ from, to: from + 6 }]);
    expect(annotationIndex(state).vanished.has('c1')).toBe(false);
  });

  it('answers which annotations are at a position and lists them in document order', () => {
    let state = EditorState.create({ doc: articleFromText(TEXT), plugins: [annotationIndexPlugin()] });
    state = state.apply(state.tr.addMark(20, 30, articleSchema.marks.comment.create({ id: 'b' })));
    state = state.apply(state.tr.addMark(14, 25, articleSchema.marks.claim.create({ id: 'a' })));
    const index = annotationIndex(state);
    expect(
      index
        .at(22)
        .map((x) => x.id)
        .sort(),
    ).toEqual(['a', 'b']);
    expect(index.at(27).map((x) => x.id)).toEqual(['b']);
    expect(index.inDocumentOrder().map((x) => x.id)).toEqual(['a', 'b']);
    expect(AnnotationIndex.fromDoc(state.doc).byId).toEqual(index.byId);
  });

  it('answers many lookups of single annotations with one walk over the document, and the same ranges', () => {
    const text = Array.from({ length: 300 }, (_, i) => `Paragraph ${i} says 140 aircraft took part.`).join('\n\n');
    let state = EditorState.create({ doc: articleFromText(text), plugins: [annotationIndexPlugin()] });
    const tr = state.tr;
    const ids: string[] = [];
    state.doc.forEach((_block, offset, i) => {
      if (i % 2) return;
      ids.push(`c${i}`);
      tr.addMark(offset + 2, offset + 12, articleSchema.marks.claim.create({ id: `c${i}` }));
    });
    state = state.apply(tr);
    // A fresh index of the same document: nothing recorded yet.
    const index = AnnotationIndex.fromDoc(state.doc);
    let walks = 0;
    const walk = state.doc.forEach.bind(state.doc);
    state.doc.forEach = (f) => {
      walks++;
      walk(f);
    };
    const ranges = ids.map((id) => index.rangesOf(id));
    expect(walks).toBeLessThanOrEqual(10);
    expect(ranges).toEqual(ids.map((id) => AnnotationIndex.fromDoc(state.doc).byId.get(id)?.ranges));

    // The index the change made (every block changed, as in a first sync): its lookups from the changed blocks
    // alone stop once they have read a document's worth of blocks.
    const updated = annotationIndex(state);
    let reads = 0;
    const child = state.doc.child.bind(state.doc);
    state.doc.child = (i) => {
      reads++;
      return child(i);
    };
    walks = 0;
    expect(ids.map((id) => updated.rangesOf(id))).toEqual(ranges);
    expect(walks).toBeLessThanOrEqual(10);
    expect(reads).toBeLessThanOrEqual(2 * state.doc.childCount);
  });

  it('finds a span that reaches past the changed block in the blocks around it, without walking the document', () => {
    const text = Array.from({ length: 300 }, (_, i) => `Paragraph ${i} says 140 aircraft took part.`).join('\n\n');
    let state = EditorState.create({ doc: articleFromText(text), plugins: [annotationIndexPlugin()] });
    const starts: number[] = [];
    state.doc.forEach((_block, offset) => {
      starts.push(offset);
    });
    // A claim from the end of paragraph 150 into 152 (three blocks), and one inside 150 alone.
    const from = (starts[151] as number) - 6;
    const to = (starts[152] as number) + 8;
    state = state.apply(
      state.tr
        .addMark(from, to, articleSchema.marks.claim.create({ id: 'across' }))
        .addMark(
          (starts[151] as number) - 20,
          (starts[151] as number) - 12,
          articleSchema.marks.claim.create({ id: 'in' }),
        ),
    );
    // A colleague's key in paragraph 151 (the middle one), then one in 150: each index looked at that block alone.
    for (const at of [(starts[152] as number) - 10, (starts[151] as number) - 15]) {
      state = state.apply(state.tr.insertText('x', at));
      const index = annotationIndex(state);
      const want = expected(state);
      expect(index.changed.has('across')).toBe(true);
      let walks = 0;
      let reads = 0;
      const walk = state.doc.forEach.bind(state.doc);
      const child = state.doc.child.bind(state.doc);
      state.doc.forEach = (f) => {
        walks++;
        walk(f);
      };
      state.doc.child = (i) => {
        reads++;
        return child(i);
      };
      for (const id of index.changed) expect(index.rangesOf(id)).toEqual(want.get(id)?.ranges);
      expect(walks).toBe(0);
      expect(reads).toBeLessThanOrEqual(20);
    }
  });
});
