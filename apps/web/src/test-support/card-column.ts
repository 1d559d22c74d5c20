/** A margin's card column for the placer's tests: a list with a slot and a card for each id, in order. */
import type { WorkspaceEntry } from '../editor/workspace-model.ts';

/** The list, its entries (as the column shows them) and each card's element, whose parent is its slot. */
export function cardColumn(ids: readonly string[]) {
  const list = document.createElement('ol');
  const shown = ids.map((id) => ({ id }) as WorkspaceEntry);
  const cards = new Map(
    shown.map(({ id }) => {
      const li = document.createElement('li');
      const card = document.createElement('article');
      li.append(card);
      list.append(li);
      return [id, card] as const;
    }),
  );
  return { list, shown, cards };
}
