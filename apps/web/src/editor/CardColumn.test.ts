/** The margin's window of cards: kept by its first and last card, so a card added or removed outside it shifts nothing. */
import { describe, expect, it } from 'vitest';
import { shownItems, windowOf, windowRange } from './CardColumn.tsx';
import type { WorkspaceEntry } from './workspace-model.ts';

const entries = (ids: string[]) => ids.map((id) => ({ id }) as WorkspaceEntry);
const ids = (list: WorkspaceEntry[]) => list.map((e) => e.id);

describe('the window of cards in the DOM', () => {
  const before = entries(['a', 'b', 'c', 'd', 'e', 'f']);
  const w = windowOf(before, [2, 5]);

  it('shows the same cards when a claim is marked above it (every index shifts by one)', () => {
    const after = entries(['new', 'a', 'b', 'c', 'd', 'e', 'f']);
    expect(ids(shownItems(after, true, w, 100, null))).toEqual(['c', 'd', 'e']);
    expect(windowRange(after, w)).toEqual([3, 6]);
  });

  it('takes in a card marked inside it, and drops one removed from it', () => {
    expect(ids(shownItems(entries(['a', 'b', 'c', 'x', 'd', 'e', 'f']), true, w, 100, null))).toEqual([
      'c',
      'x',
      'd',
      'e',
    ]);
    expect(ids(shownItems(entries(['a', 'b', 'c', 'e', 'f']), true, w, 100, null))).toEqual(['c', 'e']);
  });

  it('falls back on the indices when its first or last card is gone, and keeps the active card shown', () => {
    const after = entries(['a', 'b', 'd', 'e', 'f']);
    expect(ids(shownItems(after, true, w, 100, null))).toEqual(['d', 'e', 'f']);
    expect(ids(shownItems(before, true, w, 100, 'a'))).toEqual(['a', 'c', 'd', 'e']);
    // Listed (narrow layout): a page of cards, whatever the window.
    expect(ids(shownItems(before, false, w, 2, null))).toEqual(['a', 'b']);
  });
});
