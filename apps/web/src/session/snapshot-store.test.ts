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

/**
 * Run `test` with the frames' timers faked, on a store over a new document whose editor holds one paragraph: `claim`
 * adds a claim's body, `derived()` counts the derivations so far.
 */
async function withFrames(
  test: (t: { store: SnapshotStore; claim: (id: string) => void; derived: () => number }) => Promise<void>,
) {
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
    const claim = (id: string) =>
      annotationBodies(doc).set(id, bodyToYMap(newClaimBody({ id, quote: '50,000 soldiers', author, at })));
    await test({ store, claim, derived: () => derived });
  } finally {
    vi.useRealTimers();
  }
}

describe('SnapshotStore', () => {
  it('derives after the frame that shows a change is drawn, once for a burst of changes', () =>
    withFrames(async ({ store, claim, derived }) => {
      store.refresh();
      await Promise.resolve();
      const before = derived();
      for (const id of ['c1', 'c2', 'c3']) claim(id);
      await Promise.resolve();
      expect(derived()).toBe(before);
      // The frame's animation callbacks run, and the frame is drawn: the margin has not been derived in it.
      vi.advanceTimersToNextFrame();
      await Promise.resolve();
      expect(derived()).toBe(before);
      // The task after the frame derives, once for the three changes.
      vi.runOnlyPendingTimers();
      await Promise.resolve();
      expect(derived()).toBe(before + 1);
      vi.advanceTimersToNextFrame();
      vi.runOnlyPendingTimers();
      await Promise.resolve();
      expect(derived()).toBe(before + 1);
    }));

  it('derives at once when the article arrives (the page becomes ready), not after the frame that draws it', () =>
    withFrames(async ({ store, claim, derived }) => {
      // The copy's bodies are applied (a change the store would derive after the next frame)…
      claim('c1');
      // …and the page becomes ready in the same task: derived then, no frame needed.
      store.update({ ready: true });
      await Promise.resolve();
      expect(derived()).toBe(1);
      // Ready already: a later patch derives nothing by itself; a change waits for its frame again.
      claim('c2');
      store.update({ ready: true, notice: 'x' });
      await Promise.resolve();
      expect(derived()).toBe(1);
      vi.advanceTimersToNextFrame();
      vi.runOnlyPendingTimers();
      await Promise.resolve();
      expect(derived()).toBe(2);
    }));

  it('tells its subscribers of an after-paint patch with the derivation after the next frame, or sooner when told now', () =>
    withFrames(async ({ store, claim }) => {
      store.refresh();
      let told = 0;
      store.subscribe(() => told++);
      // A new claim's own transaction: its body and the active card, held back until the margin is derived.
      claim('c1');
      store.update({ activeId: 'c1' }, 'after-paint');
      expect(store.current.activeId).toBe('c1');
      vi.advanceTimersToNextFrame();
      await Promise.resolve();
      expect(told).toBe(0);
      vi.runOnlyPendingTimers();
      await Promise.resolve();
      // One render for both: the derived claim (an orphan here: the editor holds no mark) and the active card.
      expect(told).toBe(1);
      // Held back with nothing to derive: still told after the frame.
      store.update({ activeId: null }, 'after-paint');
      expect(told).toBe(1);
      vi.advanceTimersToNextFrame();
      vi.runOnlyPendingTimers();
      await Promise.resolve();
      expect(told).toBe(2);
      // Held back, then a patch told now: told at once, with both.
      store.update({ activeId: 'c1' }, 'after-paint');
      store.update({ notice: 'Select some text first' });
      expect(told).toBe(3);
      vi.advanceTimersToNextFrame();
      vi.runOnlyPendingTimers();
      await Promise.resolve();
      expect(told).toBe(3);
    }));

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
