/** Where the margin's cards go (stacked beside their spans) and how many of them stacking can bring on screen. */

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

/** Cards rendered beyond the viewport on each side, in screen heights (the rest are not in the DOM). */
export const OVERSCAN_SCREENS = 1;
/** Cards added on each side of the window: cards pushed into view by their neighbours' stacking. */
export const WINDOW_SLACK = 8;
/**
 * No card is shorter than this (a card shows at least its quote and its kind's line), unless the placer has measured
 * a shorter one: what bounds how many cards the overscanned screens can hold once stacked.
 */
export const MIN_CARD_HEIGHT = 40;

/** The least height a card is taken to have: the shortest measured (`shortest`) or {@link MIN_CARD_HEIGHT}, whichever is less. */
const leastHeight = (shortest: number) => Math.max(1, Math.min(MIN_CARD_HEIGHT, shortest));

/**
 * How many cards, counted from the one they stack from, can reach the overscanned screens of `screen` pixels each,
 * taking every card to be as short as the shortest measured (`shortest`) or {@link MIN_CARD_HEIGHT}, whichever is less.
 */
export function stackRoom(screen: number, shortest: number = MIN_CARD_HEIGHT): number {
  return Math.ceil(((1 + 2 * OVERSCAN_SCREENS) * screen) / leastHeight(shortest)) + 2 * WINDOW_SLACK;
}

/** How many cards stacking can bring within the overscanned screens above the active card, and below it. */
export interface RoomAround {
  above: number;
  below: number;
}

/**
 * {@link RoomAround} the active card, whose span lies between `band.top` and `band.bottom` (viewport pixels: the
 * article block that holds it). The active card sits at its span and the others stack away from it, each at least
 * the least height further: of the cards before it, only those within the screens' height above its span can reach
 * the screens, and of the cards after it, those within their height below it. Together about one {@link stackRoom},
 * not one each way: marking a claim (which makes its card active) in a column dense with annotations renders the
 * screens' cards, not twice as many.
 */
export function stackRoomAround(
  screen: number,
  band: { top: number; bottom: number },
  shortest: number = MIN_CARD_HEIGHT,
): RoomAround {
  const least = leastHeight(shortest);
  const cards = (pixels: number) => Math.ceil(Math.max(0, pixels) / least) + 1 + WINDOW_SLACK;
  return {
    above: cards(band.bottom + screen * OVERSCAN_SCREENS),
    below: cards(screen * (1 + OVERSCAN_SCREENS) - band.top),
  };
}

/**
 * The window `[start, end)` cut to the cards stacking can bring within the overscanned screens: `room` cards from
 * the window's first, down, or, when the active card is in the window, the cards `around` it (by default `room`
 * each way; see {@link stackRoomAround}). Cards stack without overlapping (`stackCards`), so a card further from the
 * one they stack from than the screens hold cards is pushed off them: where annotations are dense (one every few
 * words), most of a window found by the spans' positions alone would be rendered off screen, and a jump through the
 * article would render hundreds of cards for nothing.
 */
export function stackableWindow(
  [start, end]: readonly [number, number],
  activeIndex: number,
  room: number,
  around: RoomAround = { above: room, below: room },
): [number, number] {
  if (activeIndex >= start && activeIndex < end)
    return [Math.max(start, activeIndex - around.above), Math.min(end, activeIndex + around.below + 1)];
  return [start, Math.min(end, start + room)];
}
