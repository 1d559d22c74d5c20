// @vitest-environment happy-dom
import { annotationBodies, bodyToYMap, newClaimBody } from '@factmark/collab';
import { annotationIndexPlugin, articleFromText } from '@factmark/editor';
import { EditorState } from 'prosemirror-state';
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { SessionSnapshot } from './session-snapshot.ts';
import { SnapshotStore } from './snapshot-store.ts';

/** A store over `doc` with no editor yet (nothing is derived, unless `state` gives one), counting its hooks' calls. */
function storeOf(doc: Y.Doc, state: () => EditorState | undefined = () => undefined) {
  const calls = { suggestions: 0, editable: 0 };
  const initial = { ready: false, error: null, role: 'editor', notice: null, activeId: null } as unknown as Omit<
    SessionSnapshot,
    'annotations' | 'orphans' | 'sources' | 'scale' | 'log' | 'publication' | 'reviewRule'
  >;
  const store = new SnapshotStore(doc, initial, state, {
    onEditableChanged: () => calls.editable++,
    onSuggestionsChanged: () => calls.suggestions++,
  });
  return { store, calls };
}

const body = (kind: string, fields: [string, unknown][] = []) => new Y.Map<unknown>([['kind', kind], ...fields]);

describe('SnapshotStore', () => {
  it('derives after the frame that shows a change is drawn, once for a burst of changes', async () => {
    vi.useFakeTimers({ toFake: ['requestAnimationFrame', 'setTimeout'] });
    try {
      const doc = new Y.Doc();
      const state = EditorState.create({
        doc: articleFromText('More than 50,000 soldiers took part, the ministry said on Monday.'),
        plugins: [annotationIndexPlugin()],
      });
      const { store } = storeOf(doc, () => state);
      store.refresh();
      await Promise.resolve();
      let derived = 0;
      store.onLayout(() => derived++);
      const at = new Date('2026-12-01T10:00:00Z');
      const author = { id: 'u1', name: 'Ana' };
      for (const id of ['c1', 'c2', 'c3'])
        annotationBodies(doc).set(id, bodyToYMap(newClaimBody({ id, quote: '50,000 soldiers', author, at })));
      await Promise.resolve();
      expect(derived).toBe(0);
      // The frame's animation callbacks run, and the frame is drawn: the margin has not been derived in it.
      vi.advanceTimersToNextFrame();
      await Promise.resolve();
      expect(derived).toBe(0);
      // The task after the frame derives, once for the three changes.
      vi.runOnlyPendingTimers();
      await Promise.resolve();
      expect(derived).toBe(1);
      vi.advanceTimersToNextFrame();
      vi.runOnlyPendingTimers();
      await Promise.resolve();
      expect(derived).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('derives at once when the article arrives (the page becomes ready), not after the frame that draws it', async () => {
    vi.useFakeTimers({ toFake: ['requestAnimationFrame', 'setTimeout'] });
    try {
      const doc = new Y.Doc();
      const state = EditorState.create({
        doc: articleFromText('More than 50,000 soldiers took part, the ministry said on Monday.'),
        plugins: [annotationIndexPlugin()],
      });
      const { store } = storeOf(doc, () => state);
      let derived = 0;
      store.onLayout(() => derived++);
      const author = { id: 'u1', name: 'Ana' };
      const at = new Date('2026-12-01T10:00:00Z');
      // The copy's bodies are applied (a change the store would derive after the next frame)…
      annotationBodies(doc).set('c1', bodyToYMap(newClaimBody({ id: 'c1', quote: '50,000 soldiers', author, at })));
      // …and the page becomes ready in the same task: derived then, no frame needed.
      store.update({ ready: true });
      await Promise.resolve();
      expect(derived).toBe(1);
      // Ready already: a later patch derives nothing by itself; a change waits for its frame again.
      annotationBodies(doc).set('c2', bodyToYMap(newClaimBody({ id: 'c2', quote: 'the ministry', author, at })));
      store.update({ ready: true, notice: 'x' });
      await Promise.resolve();
      expect(derived).toBe(1);
      vi.advanceTimersToNextFrame();
      vi.runOnlyPendingTimers();
      await Promise.resolve();
      expect(derived).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('tells its subscribers of a patch that changes something, and of nothing else', () => {
    const { store, calls } = storeOf(new Y.Doc());
    let told = 0;
    store.subscribe(() => told++);
    const before = store.current;
    store.update({ activeId: null, notice: null });
    expect(told).toBe(0);
    expect(store.current).toBe(before);
    store.update({ activeId: 'a1', notice: null });
    expect(told).toBe(1);
    expect(store.current.activeId).toBe('a1');
    store.update({ ready: true });
    expect(calls.editable).toBe(1);
  });

  it('draws the suggestions again when a correction changes, not for every body', () => {
    const doc = new Y.Doc();
    const { store, calls } = storeOf(doc);
    const bodies = annotationBodies(doc);
    bodies.set('claim1', body('claim'));
    expect(calls.suggestions).toBe(0);
    bodies.set('fix1', body('correction', [['proposed', 'fixed words']]));
    expect(calls.suggestions).toBe(1);
    expect(store.pendingSuggestions()).toEqual([{ id: 'fix1', proposed: 'fixed words' }]);
    (bodies.get('claim1') as Y.Map<unknown>).set('verdict', 'False');
    expect(calls.suggestions).toBe(1);
    // The proposal edited, decided, and gone: each draws them again.
    (bodies.get('fix1') as Y.Map<unknown>).set('proposed', 'other words');
    expect(store.pendingSuggestions()).toEqual([{ id: 'fix1', proposed: 'other words' }]);
    (bodies.get('fix1') as Y.Map<unknown>).set('state', 'rejected');
    expect(store.pendingSuggestions()).toEqual([]);
    bodies.set('fix2', body('correction', [['proposed', 'x']]));
    expect(store.pendingSuggestions()).toHaveLength(1);
    bodies.delete('fix2');
    expect(calls.suggestions).toBe(5);
    expect(store.pendingSuggestions()).toEqual([]);
  });
});
