import { annotationBodies, bodyToYMap, makeSource, newClaimBody, readBody, writeSource } from '@factmark/collab';
import { annotationIndex, annotationIndexPlugin, articleFromText, articleSchema } from '@factmark/editor';
import { EditorState, type Transaction } from 'prosemirror-state';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { filterAnnotations, NO_FILTER } from '../editor/workspace-model.ts';
import { type Changes, type Derived, derive, EVERYTHING, emptyDerived } from './snapshot.ts';

const ANA = { id: 'u1', name: 'Ana' };
const AT = new Date('2026-12-01T10:00:00Z');
const TEXT = [
  'Ministry says troops crossed',
  'More than 50,000 soldiers and 140 aircraft took part, the ministry said on Monday.',
  'The drills ended according to the Defense Ministry. Russian.',
  'Officials warned of malicious or malicious cyber operations.',
].join('\n\n');

/** A state with claims on the given words (first occurrence), and a Y.Doc holding their bodies. */
function fixture(claims: Record<string, string>) {
  let state = EditorState.create({
    doc: articleFromText(TEXT.split('\n\n').slice(1).join('\n\n'), 'Ministry says troops crossed'),
    plugins: [annotationIndexPlugin()],
  });
  const doc = new Y.Doc();
  for (const [id, words] of Object.entries(claims)) {
    const { from, to } = find(state, words);
    state = state.apply(state.tr.addMark(from, to, articleSchema.marks.claim.create({ id })));
    annotationBodies(doc).set(id, bodyToYMap(newClaimBody({ id, quote: words, author: ANA, at: AT })));
  }
  return { state, doc };
}

function find(state: EditorState, words: string): { from: number; to: number } {
  let found: { from: number; to: number } | null = null;
  state.doc.descendants((node, pos) => {
    if (found || !node.isText) return;
    const i = node.text?.indexOf(words) ?? -1;
    if (i >= 0) found = { from: pos + i, to: pos + i + words.length };
  });
  if (!found) throw new Error(`no "${words}"`);
  return found;
}

/** A derivation with its body reader, as the session keeps one (reads cached until a body changes). */
function deriver(doc: Y.Doc) {
  const cache = new Map<string, ReturnType<typeof readBody>>();
  const readCached = (id: string) => {
    if (!cache.has(id)) cache.set(id, readBody(doc, id));
    return cache.get(id) ?? null;
  };
  return {
    run: (previous: Derived, state: EditorState, changes: Changes) =>
      derive(previous, { state, doc, readBody: readCached }, changes),
    forget: (id: string) => cache.delete(id),
  };
}

function typed(state: EditorState, tr: Transaction): { state: EditorState; changes: Changes } {
  const next = state.apply(tr);
  return { state: next, changes: { spans: new Set(annotationIndex(next).changed), library: false, settings: false } };
}

describe('the snapshot derivation', () => {
  it('derives every annotation in document order, with its text and body', () => {
    const { state, doc } = fixture({ b: 'the Defense Ministry. Russian.', a: '50,000 soldiers' });
    const d = deriver(doc).run(emptyDerived(doc), state, EVERYTHING);
    expect(d.annotations.map((e) => [e.id, e.text, e.body?.kind])).toEqual([
      ['a', '50,000 soldiers', 'claim'],
      ['b', 'the Defense Ministry. Russian.', 'claim'],
    ]);
    expect(d.moved).toBeNull();
  });

  it('keeps every entry, and the list, by identity when nothing changed', () => {
    const { state, doc } = fixture({ a: '50,000 soldiers', b: 'malicious or malicious' });
    const r = deriver(doc);
    const first = r.run(emptyDerived(doc), state, EVERYTHING);
    const again = r.run(first, state, EVERYTHING);
    expect(again.annotations).toBe(first.annotations);
    expect(again.orphans).toBe(first.orphans);
  });

  it('keeps entries by identity when text typed above moves them, and re-derives only the changed block', () => {
    const { state, doc } = fixture({ a: '50,000 soldiers', b: 'malicious or malicious' });
    const r = deriver(doc);
    const first = r.run(emptyDerived(doc), state, EVERYTHING);
    // Typing inside claim a's span changes its text; b, two blocks below, only moves.
    const inside = find(state, '50,000').from + 2;
    const edit = typed(state, state.tr.insertText('1', inside));
    const next = r.run(first, edit.state, edit.changes);
    expect(next.moved).toEqual(new Set(['a']));
    expect(next.annotations[0]).not.toBe(first.annotations[0]);
    expect(next.annotations[0]?.text).toBe('501,000 soldiers');
    expect(next.annotations[1]).toBe(first.annotations[1]);
    // A full derivation of the same state gives the same entries.
    const full = r.run(first, edit.state, EVERYTHING);
    expect(full.annotations.map((e) => e.text)).toEqual(next.annotations.map((e) => e.text));
    expect(full.annotations[1]).toBe(first.annotations[1]);
  });

  it('derives everything again when a span moves past another', () => {
    const { state, doc } = fixture({ a: '50,000 soldiers', b: 'malicious or malicious' });
    const r = deriver(doc);
    const first = r.run(emptyDerived(doc), state, EVERYTHING);
    const { from, to } = find(state, '50,000 soldiers');
    const end = find(state, 'cyber operations').to;
    const tr = state.tr.removeMark(from, to, articleSchema.marks.claim.create({ id: 'a' }));
    tr.addMark(end - 10, end, articleSchema.marks.claim.create({ id: 'a' }));
    const edit = typed(state, tr);
    const next = r.run(first, edit.state, edit.changes);
    expect(next.moved).toBeNull();
    expect(next.annotations.map((e) => [e.id, e.text])).toEqual([
      ['b', 'malicious or malicious'],
      ['a', 'operations'],
    ]);
  });

  it('lists a claim whose words were all deleted as an orphan, with the words it last covered', () => {
    const { state, doc } = fixture({ a: '50,000 soldiers', b: 'malicious or malicious' });
    const r = deriver(doc);
    const first = r.run(emptyDerived(doc), state, EVERYTHING);
    const { from, to } = find(state, '50,000 soldiers');
    const edit = typed(state, state.tr.delete(from, to));
    const next = r.run(first, edit.state, edit.changes);
    expect(next.annotations.map((e) => e.id)).toEqual(['b']);
    expect(next.orphans.map((o) => [o.id, o.lastText])).toEqual([['a', '50,000 soldiers']]);
  });

  it('re-derives the entry whose body changed, and the library with its users in document order', () => {
    const { state, doc } = fixture({ b: 'malicious or malicious', a: '50,000 soldiers' });
    const r = deriver(doc);
    const first = r.run(emptyDerived(doc), state, EVERYTHING);
    const source = makeSource('s1', { url: 'https://example.org/ministry', title: 'Ministry statement' }, ANA, AT);
    writeSource(doc, source);
    for (const id of ['b', 'a']) (annotationBodies(doc).get(id)!.get('sourceIds') as Y.Array<string>).push(['s1']);
    annotationBodies(doc).get('a')?.set('verdict', 'False');
    r.forget('a');
    r.forget('b');
    const next = r.run(first, state, { spans: new Set(), library: true, settings: false });
    expect(next.annotations[0]).not.toBe(first.annotations[0]);
    expect(next.annotations[0]?.body?.kind === 'claim' && next.annotations[0].body.verdict).toBe('False');
    expect(next.sources.map((s) => [s.source.title, s.usedBy])).toEqual([['Ministry statement', ['a', 'b']]]);
    expect(next.scale).toBe(first.scale);
  });

  it('shows an invalid body as an entry with the reason instead of a body', () => {
    const { state, doc } = fixture({ a: '50,000 soldiers' });
    annotationBodies(doc).get('a')?.set('statement', '');
    const d = deriver(doc).run(emptyDerived(doc), state, EVERYTHING);
    expect(d.annotations[0]?.body).toBeNull();
    expect(d.annotations[0]?.error).toMatch(/statement/);
  });

  it('feeds the margin filters: a verdict filter keeps the claims with that verdict', () => {
    const { state, doc } = fixture({ a: '50,000 soldiers', b: 'malicious or malicious' });
    annotationBodies(doc).get('b')?.set('verdict', 'False');
    const d = deriver(doc).run(emptyDerived(doc), state, EVERYTHING);
    expect(filterAnnotations(d.annotations, { ...NO_FILTER, verdict: 'False' }).map((e) => e.id)).toEqual(['b']);
    expect(filterAnnotations(d.annotations, { ...NO_FILTER, query: 'soldiers' }).map((e) => e.id)).toEqual(['a']);
    expect(filterAnnotations(d.annotations, { ...NO_FILTER, kind: 'comment' })).toEqual([]);
  });
});
