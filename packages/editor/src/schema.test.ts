import { EditorState, TextSelection } from 'prosemirror-state';
import { describe, expect, it } from 'vitest';
import { articleFromText } from './content.ts';
import { annotationClass, isAnnotationId } from './ids.ts';
import { findAnnotations } from './ranges.ts';
import { articleSchema } from './schema.ts';
import { markClaim } from './test-support/mark-claim.ts';

const text = 'Troops massed\n\nMore than 50,000 soldiers and 140 aircraft took part, the ministry said on Monday.';

function stateWithSelection(from: number, to: number): EditorState {
  const doc = articleFromText(text);
  const state = EditorState.create({ doc, schema: articleSchema });
  return state.apply(state.tr.setSelection(TextSelection.create(state.doc, from, to)));
}

/** Position of the first character of `needle` in the doc's second block. */
function posOf(state: EditorState, needle: string): number {
  let found = -1;
  state.doc.descendants((node, pos) => {
    if (found < 0 && node.isText) {
      const i = node.text?.indexOf(needle) ?? -1;
      if (i >= 0) found = pos + i;
    }
  });
  if (found < 0) throw new Error(`not found: ${needle}`);
  return found;
}

describe('article schema', () => {
  it('has a title followed by blocks, and the structural nodes and marks of an article', () => {
    const nodeNames = Object.keys(articleSchema.nodes);
    for (const n of [
      'doc',
      'title',
      'paragraph',
      'heading',
      'blockquote',
      'bullet_list',
      'ordered_list',
      'list_item',
      'text',
    ]) {
      expect(nodeNames).toContain(n);
    }
    for (const m of ['link', 'em', 'strong', 'claim']) expect(Object.keys(articleSchema.marks)).toContain(m);
    const doc = articleFromText(text);
    expect(doc.firstChild?.type.name).toBe('title');
    expect(doc.firstChild?.textContent).toBe('Troops massed');
    expect(() => articleSchema.nodes.doc.create(null, [articleSchema.nodes.paragraph.create()]).check()).toThrow();
  });

  it('defines claim as an id-only mark that overlaps other claims and is not inclusive', () => {
    const claim = articleSchema.marks.claim;
    expect(claim?.spec.inclusive).toBe(false);
    expect(claim?.spec.excludes).toBe('');
    expect(Object.keys(claim?.spec.attrs ?? {})).toEqual(['id']);
    const a = claim!.create({ id: 'a' });
    const b = claim!.create({ id: 'b' });
    expect(a.addToSet(b.addToSet([]))).toHaveLength(2);
  });

  it("draws an annotation with its kind's class and a class of its own, and none of its own for an id the server refuses", () => {
    const toDOM = (kind: 'claim' | 'comment', id: string) =>
      articleSchema.marks[kind]?.spec.toDOM?.(articleSchema.marks[kind].create({ id }), true);
    expect(toDOM('claim', 'k3x9_a-1')).toEqual([
      'span',
      { 'data-claim': 'k3x9_a-1', class: 'fm-claim fm-a-k3x9_a-1' },
      0,
    ]);
    expect(toDOM('comment', 'c1')).toEqual(['span', { 'data-comment': 'c1', class: 'fm-comment fm-a-c1' }, 0]);
    // An id with a space or a quote would add classes of its choosing, or break the style rule naming it.
    expect(toDOM('claim', 'a card-slot')).toEqual(['span', { 'data-claim': 'a card-slot', class: 'fm-claim' }, 0]);
    expect(annotationClass('x"]{}')).toBeNull();
    expect(annotationClass('a'.repeat(101))).toBeNull();
  });

  it('refuses links that are not http(s) or mailto', () => {
    expect(() => articleSchema.marks.link!.create({ href: 'javascript:alert(1)' })).toThrow(RangeError);
    expect(articleSchema.marks.link!.create({ href: 'https://example.org/' }).attrs.href).toBe('https://example.org/');
  });
});

describe('markClaim', () => {
  it('marks the selection with a fresh claim id', () => {
    let state = stateWithSelection(0, 0);
    const from = posOf(state, '50,000');
    state = stateWithSelection(from, from + '50,000 soldiers'.length);
    let created: string | undefined;
    const ok = markClaim((c) => {
      created = c.id;
      expect(c.quote).toBe('50,000 soldiers');
    })(state, (tr) => {
      state = state.apply(tr);
    });
    expect(ok).toBe(true);
    expect(isAnnotationId(created)).toBe(true);
    const found = findAnnotations(state.doc);
    expect(found).toEqual([{ kind: 'claim', id: created, ranges: [{ from, to: from + 15 }] }]);
  });

  it('gives each claim a different id and lets claims overlap', () => {
    const base = stateWithSelection(0, 0);
    const from = posOf(base, '50,000');
    let state = stateWithSelection(from, from + 20);
    markClaim()(state, (tr) => {
      state = state.apply(tr);
    });
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, from + 10, from + 30)));
    markClaim()(state, (tr) => {
      state = state.apply(tr);
    });
    const found = findAnnotations(state.doc);
    expect(found).toHaveLength(2);
    expect(found[0]?.id).not.toBe(found[1]?.id);
    expect(found[1]?.ranges).toEqual([{ from: from + 10, to: from + 30 }]);
  });

  it('does nothing on an empty selection', () => {
    const state = stateWithSelection(3, 3);
    expect(markClaim()(state)).toBe(false);
  });

  it('does not grow when typing at either edge, but grows when typing inside', () => {
    const base = stateWithSelection(0, 0);
    const from = posOf(base, '50,000');
    const to = from + 6;
    let state = stateWithSelection(from, to);
    markClaim()(state, (tr) => {
      state = state.apply(tr);
    });
    const type = (at: number, s: string) => {
      state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, at)));
      state = state.apply(state.tr.insertText(s));
    };
    type(to, 'X'); // right edge
    type(from, 'Y'); // left edge
    expect(findAnnotations(state.doc)[0]?.ranges).toEqual([{ from: from + 1, to: to + 1 }]);
    type(from + 3, 'Z'); // inside
    const range = findAnnotations(state.doc)[0]?.ranges[0];
    expect(state.doc.textBetween(range!.from, range!.to)).toBe('50Z,000');
  });
});
