// @vitest-environment happy-dom
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DocumentSession } from '../session/document-session.ts';
import { cardColumn } from '../test-support/card-column.ts';
import {
  MIN_CARD_HEIGHT,
  stackableWindow,
  stackCards,
  stackRoom,
  stackRoomAround,
  WINDOW_SLACK,
} from './card-layout.ts';
import { CardPlacer } from './card-placer.ts';
import type { WorkspaceEntry } from './workspace-model.ts';

/** A placer of three cards over a stand-in editor whose document is `doc.current`, counting what it measures. */
function placerOf() {
  const doc = { current: {} as object };
  const measured: number[] = [];
  const starts: Record<string, number> = { a: 10, b: 20, c: 30 };
  const view = {
    get state() {
      return { doc: doc.current };
    },
    dom: document.createElement('div'),
    coordsAtPos(pos: number) {
      measured.push(pos);
      return { top: pos * 10, bottom: pos * 10 + 16, left: 0, right: 0 };
    },
  };
  const session = { view, startOf: (id: string) => starts[id] } as unknown as DocumentSession;
  const { list, shown, cards } = cardColumn(['a', 'b', 'c']);
  const input = { list, session, items: shown, shown, cards, activeId: null, onWindow: () => {} };
  const placer = new CardPlacer(input);
  return { placer, doc, measured, cards, list, view, input };
}

describe('CardPlacer', () => {
  it('measures every card once, then only the moved ones, and none for a document it has measured already', () => {
    const { placer, doc, measured, cards } = placerOf();
    placer.place();
    expect(measured).toEqual([10, 20, 30]);
    expect(cards.get('b')?.parentElement?.style.top).toBe('200px');
    // The column's render placed every card on this document: the change's own listener has nothing to measure.
    measured.length = 0;
    expect(placer.place(new Set(['b']))).toBe(true);
    expect(measured).toEqual([]);
    // A new document (a key typed in b's block): only b is measured again.
    doc.current = {};
    expect(placer.place(new Set(['b']))).toBe(true);
    expect(measured).toEqual([20]);
  });

  it("reads nothing of the page's layout when no card is shown (a document without annotations opens without a forced layout)", () => {
    const { placer, list, view, input } = placerOf();
    placer.place();
    expect(list.style.height).not.toBe('');
    const reads: string[] = [];
    list.getBoundingClientRect = () => {
      reads.push('list');
      return new DOMRect();
    };
    Object.defineProperty(view.dom, 'offsetHeight', {
      get: () => {
        reads.push('article');
        return 0;
      },
    });
    placer.update({ ...input, items: [], shown: [], cards: new Map() });
    expect(placer.place()).toBe(false);
    expect(reads).toEqual([]);
    expect(list.style.height).toBe('');
    // A card shown again is measured in full, the list and the article with it.
    placer.update(input);
    placer.place(new Set(['a']));
    expect(reads).toEqual(['list', 'article']);
  });

  it("places again when a card's height changes, not when a card reports the height its placing measured", () => {
    const { placer, measured, cards } = placerOf();
    placer.place();
    measured.length = 0;
    const card = cards.get('b') as HTMLElement;
    const height = card.offsetHeight;
    // A card watched for the first time reports its height at once: the one just measured.
    placer.resizedTo([{ target: card, borderBoxSize: [{ blockSize: height + 0.4 }] }]);
    expect(measured).toEqual([]);
    // A card never placed, or one that grew (a reply posted), moves the cards below it.
    placer.resizedTo([{ target: document.createElement('article'), borderBoxSize: [{ blockSize: 0 }] }]);
    expect(measured).toEqual([10, 20, 30]);
    measured.length = 0;
    placer.resizedTo([{ target: card, borderBoxSize: [{ blockSize: height + 40 }] }]);
    expect(measured).toEqual([10, 20, 30]);
  });

  it('renders, of a window dense with annotations, every card that stacking brings near the screen, placed alike', () => {
    const screen = 800;
    // The viewport further from the margin's top than all the cards' heights (so no card is held down by it).
    const scrollTop = 200 * screen;
    const near = (top: number, height: number) => top < scrollTop + 2 * screen && top + height > scrollTop - screen;
    // Spans a few characters apart or a screen; cards of the least height, of a few lines, or long.
    const cardArb = fc.record({
      gap: fc.constantFrom(0, 3, 12, 40, screen),
      height: fc.oneof(
        { arbitrary: fc.constant(MIN_CARD_HEIGHT), weight: 6 },
        { arbitrary: fc.constantFrom(MIN_CARD_HEIGHT + 1, 64, 90, 300), weight: 1 },
      ),
    });
    fc.assert(
      fc.property(
        fc.array(cardArb, { minLength: 1, maxLength: 400, size: 'max' }),
        fc.nat(),
        fc.boolean(),
        (cards, at, active) => {
          // The window found by the spans' positions: spans from a screen above the viewport to a screen below it, a
          // few pixels apart or a screen.
          let y = scrollTop - screen;
          const slots = cards.map(({ gap, height }, i) => {
            y = Math.min(y + gap, scrollTop + 2 * screen);
            return { id: `c${i}`, desired: y, height };
          });
          const activeIndex = active ? at % slots.length : -1;
          const activeId = activeIndex < 0 ? null : `c${activeIndex}`;
          const all = stackCards(slots, activeId);
          // Around the active card, the room its span's line leaves above and below it in the screens (viewport
          // pixels, as the placer measures the block that holds it: here a line of the least card's height).
          const line = slots[activeIndex]?.desired ?? 0;
          const around = stackRoomAround(screen, { top: line - scrollTop, bottom: line - scrollTop + MIN_CARD_HEIGHT });
          const [start, end] = stackableWindow([0, slots.length], activeIndex, stackRoom(screen), around);
          const kept = slots.slice(start, end);
          const placed = stackCards(kept, activeId);
          for (const slot of slots) {
            const top = all.get(slot.id) as number;
            if (!near(top, slot.height)) continue;
            expect(placed.get(slot.id)).toBe(top);
          }
          // About the screens' worth of cards, with or without an active card (not as many again each way).
          expect(end - start).toBeLessThanOrEqual(stackRoom(screen) + 5);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('finds a window of no more cards than the screens can hold, from the active card both ways', () => {
    // 500 annotations two pixels apart, all within the screens: a column as dense as it gets.
    const items = Array.from({ length: 500 }, (_, i) => ({ id: `c${i}` }) as WorkspaceEntry);
    const view = {
      state: { doc: { resolve: () => ({ depth: 0 }) } },
      coordsAtPos: (pos: number) => ({ top: pos * 2, bottom: pos * 2 + 16, left: 0, right: 0 }),
    };
    const session = { view, startOf: (id: string) => Number(id.slice(1)) } as unknown as DocumentSession;
    const windows: [number, number][] = [];
    const input = {
      list: document.createElement('ol'),
      session,
      items,
      shown: [],
      cards: new Map(),
      activeId: null as string | null,
      onWindow: (range: [number, number]) => windows.push(range),
    };
    const placer = new CardPlacer(input);
    const room = stackRoom(window.innerHeight);
    expect(room).toBeLessThan(190);
    placer.findWindow([0, 0]);
    placer.update({ ...input, activeId: 'c300' });
    placer.findWindow([0, 0]);
    // c300's line is 600 pixels down the viewport: the cards above it that can reach the screens are those within
    // its 600 pixels and the screen above, those below it within the rest of the screens.
    const screen = window.innerHeight;
    const above = Math.ceil((616 + screen) / MIN_CARD_HEIGHT) + 1 + WINDOW_SLACK;
    const below = Math.ceil((2 * screen - 600) / MIN_CARD_HEIGHT) + 1 + WINDOW_SLACK;
    expect(windows).toEqual([
      [0, room],
      [300 - above, 301 + below],
    ]);
    expect(above + below + 1).toBeLessThanOrEqual(room + 5);
  });
});
