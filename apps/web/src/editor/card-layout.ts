/** A card to place: where its span is (relative to the margin's top) and how tall it is. */
export interface CardSlot {
  id: string;
  desired: number;
  height: number;
}

/** Gap between stacked cards, in pixels. */
export const CARD_GAP = 8;

/**
 * Where each card goes: as close to its span's line as possible, never
 * overlapping and never above the margin's top. The active card sits at its
 * span when it can; the cards after it are pushed down and the cards before
 * it pushed up as far as needed. `items` are in document order.
 */
export function stackCards(items: readonly CardSlot[], activeId: string | null): Map<string, number> {
  const tops = new Map<string, number>();
  const pivot = Math.max(
    0,
    items.findIndex((i) => i.id === activeId),
  );
  let bottom = Number.NEGATIVE_INFINITY;
  for (let i = pivot; i < items.length; i++) {
    const item = items[i] as CardSlot;
    const top = Math.max(item.desired, bottom + CARD_GAP);
    tops.set(item.id, top);
    bottom = top + item.height;
  }
  let ceiling = tops.get(items[pivot]?.id ?? '') ?? 0;
  for (let i = pivot - 1; i >= 0; i--) {
    const item = items[i] as CardSlot;
    const top = Math.min(item.desired, ceiling - CARD_GAP - item.height);
    tops.set(item.id, top);
    ceiling = top;
  }
  // Cards pushed above the top come back down, pushing the next ones only as far as they must.
  bottom = Number.NEGATIVE_INFINITY;
  for (const item of items) {
    const top = Math.max(tops.get(item.id) ?? 0, 0, bottom + CARD_GAP);
    tops.set(item.id, top);
    bottom = top + item.height;
  }
  return tops;
}
