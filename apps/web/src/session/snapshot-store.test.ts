// @vitest-environment happy-dom
import { annotationBodies } from '@factmark/collab';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { SessionSnapshot } from './session-snapshot.ts';
import { SnapshotStore } from './snapshot-store.ts';

/** A store over `doc` with no editor yet (nothing is derived), counting its hooks' calls. */
function storeOf(doc: Y.Doc) {
  const calls = { suggestions: 0, editable: 0 };
  const initial = { ready: false, error: null, role: 'editor', notice: null, activeId: null } as unknown as Omit<
    SessionSnapshot,
    'annotations' | 'orphans' | 'sources' | 'scale' | 'log' | 'publication' | 'reviewRule'
  >;
  const store = new SnapshotStore(doc, initial, () => undefined, {
    onEditableChanged: () => calls.editable++,
    onSuggestionsChanged: () => calls.suggestions++,
  });
  return { store, calls };
}

const body = (kind: string, fields: [string, unknown][] = []) => new Y.Map<unknown>([['kind', kind], ...fields]);

describe('SnapshotStore', () => {
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
