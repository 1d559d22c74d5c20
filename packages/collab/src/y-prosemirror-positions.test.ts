// @vitest-environment happy-dom
/**
 * Position arithmetic: the resolver of many positions at once answers what y-prosemirror's own function answers, for
 * every position of edited articles with blocks in blocks, of live and deleted items alike.
 */
import { articleSchema } from '@factmark/editor';
import fc from 'fast-check';
import { EditorState } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { describe, expect, it } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { collabPlugins } from './binding.ts';
import { writeArticle } from './layout.ts';
import {
  type ArticlePositions,
  absoluteAt,
  positionResolver,
  relativeAt,
  relativePositioner,
} from './y-prosemirror-positions.ts';
import { articlePositions } from './y-prosemirror-seam.ts';

/** An editor bound to `doc`. */
function bound(doc: Y.Doc): EditorView {
  const { plugins } = collabPlugins(doc, new Awareness(doc));
  return new EditorView(document.createElement('div'), {
    state: EditorState.create({ schema: articleSchema, plugins }),
  });
}

/** An article with blocks in blocks (a quote, a list) and a line break, as the resolver must count them. */
const NESTED = articleSchema.nodeFromJSON({
  type: 'doc',
  content: [
    { type: 'title', content: [{ type: 'text', text: 'Drills begin' }] },
    { type: 'paragraph', content: [{ type: 'text', text: 'More than 50,000 soldiers and 140 aircraft.' }] },
    {
      type: 'blockquote',
      content: [
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'according to the Defense Ministry.' },
            { type: 'hard_break' },
            { type: 'text', text: 'Russian.' },
          ],
        },
      ],
    },
    {
      type: 'bullet_list',
      content: [
        {
          type: 'list_item',
          content: [{ type: 'paragraph', content: [{ type: 'text', text: 'malicious or malicious' }] }],
        },
        { type: 'list_item', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'cyber operations' }] }] },
      ],
    },
    { type: 'paragraph', content: [{ type: 'text', text: 'the ministry said on Monday' }] },
  ],
});

type Edit =
  | { t: 'type'; at: number; text: string }
  | { t: 'delete'; at: number; len: number }
  | { t: 'split'; at: number }
  | { t: 'break'; at: number };

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ t: fc.constant('type' as const), at: fc.nat(), text: fc.constantFrom('a', 'xyz', ' 45,000 ') }),
  fc.record({ t: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 60 }) }),
  fc.record({ t: fc.constant('split' as const), at: fc.nat() }),
  fc.record({ t: fc.constant('break' as const), at: fc.nat() }),
);

/** Apply `edit` where the document allows it (a position is taken modulo the document's size). */
function applyEdit(view: EditorView, edit: Edit): void {
  const { doc } = view.state;
  const at = edit.at % (doc.content.size + 1);
  const $at = doc.resolve(at);
  try {
    if (edit.t === 'type' && $at.parent.inlineContent) view.dispatch(view.state.tr.insertText(edit.text, at));
    if (edit.t === 'delete') view.dispatch(view.state.tr.delete(at, Math.min(doc.content.size, at + edit.len)));
    if (edit.t === 'split' && $at.parent.inlineContent && $at.depth > 0) view.dispatch(view.state.tr.split(at));
    if (edit.t === 'break' && $at.parent.inlineContent)
      view.dispatch(view.state.tr.replaceWith(at, at, articleSchema.nodes.hard_break.create()));
  } catch {
    // A step the document refuses (a delete that cannot be fitted): the edit is skipped.
  }
}

/** The nested article in an editor bound to a new Y.Doc (`gc`: with Yjs' garbage collection), `edits` applied. */
function editedArticle(edits: readonly Edit[], gc: boolean) {
  const doc = new Y.Doc({ gc });
  writeArticle(doc, NESTED);
  const view = bound(doc);
  for (const edit of edits) applyEdit(view, edit);
  return { doc, view, positions: articlePositions(view.state) as ArticlePositions };
}

describe("resolving many positions at once (y-prosemirror's arithmetic with each block's offset worked out once)", () => {
  it("answers for every position, of live and deleted items, what y-prosemirror's own function answers", () => {
    fc.assert(
      // With Yjs' garbage collection off too (a copy that keeps history): deleted elements keep their content then.
      fc.property(fc.array(editArb, { maxLength: 25 }), fc.boolean(), (edits, gc) => {
        const { doc, view, positions } = editedArticle(edits, gc);
        const resolve = positionResolver(positions);
        // Every ProseMirror position, as anchors are written.
        for (let pos = 0; pos <= view.state.doc.content.size; pos++) {
          const rel = relativeAt(positions, pos);
          expect(resolve(rel)).toBe(absoluteAt(positions, rel));
        }
        // Every item the document ever held, deleted or not, at its first and last character.
        for (const [client, structs] of doc.store.clients)
          for (const struct of structs)
            for (const clock of [struct.id.clock, struct.id.clock + struct.length - 1]) {
              const rel = Y.createRelativePositionFromJSON({ item: { client, clock } });
              expect(resolve(rel)).toBe(absoluteAt(positions, rel));
            }
        view.destroy();
      }),
      { numRuns: 60 },
    );
  });

  it("finds for every position, in edited articles, the relative position y-prosemirror's own walk finds", () => {
    fc.assert(
      fc.property(fc.array(editArb, { maxLength: 25 }), fc.boolean(), (edits, gc) => {
        const { view, positions } = editedArticle(edits, gc);
        const relativeOf = relativePositioner(positions);
        for (let pos = 0; pos <= view.state.doc.content.size + 1; pos++)
          expect(Y.relativePositionToJSON(relativeOf(pos))).toEqual(
            Y.relativePositionToJSON(relativeAt(positions, pos)),
          );
        view.destroy();
      }),
      { numRuns: 100 },
    );
  });
});
