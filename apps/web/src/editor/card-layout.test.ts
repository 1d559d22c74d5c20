import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CARD_GAP, type CardSlot, stackCards } from './card-layout.ts';

describe('stacking margin cards', () => {
  it('puts each card at its span when there is room', () => {
    const tops = stackCards(
      [
        { id: 'a', desired: 10, height: 50 },
        { id: 'b', desired: 200, height: 50 },
      ],
      null,
    );
    expect([...tops]).toEqual([
      ['a', 10],
      ['b', 200],
    ]);
  });

  it('keeps the active card at its span and pushes its neighbours away from it', () => {
    const items = [
      { id: 'a', desired: 100, height: 60 },
      { id: 'b', desired: 110, height: 60 },
      { id: 'c', desired: 120, height: 60 },
    ];
    const tops = stackCards(items, 'b');
    expect(tops.get('b')).toBe(110);
    expect(tops.get('a')).toBe(110 - CARD_GAP - 60);
    expect(tops.get('c')).toBe(110 + 60 + CARD_GAP);
  });

  it('keeps the active card in place when an earlier one would go above the top', () => {
    const tops = stackCards(
      [
        { id: 'claim', desired: -176, height: 70 },
        { id: 'correction', desired: 160, height: 70 },
      ],
      'correction',
    );
    expect(tops.get('claim')).toBe(0);
    expect(tops.get('correction')).toBe(160);
  });

  it('never overlaps and never goes above the top, whatever the input', () => {
    const slot = fc.record({
      desired: fc.integer({ min: -500, max: 5_000 }),
      height: fc.integer({ min: 1, max: 400 }),
    });
    fc.assert(
      fc.property(fc.array(slot, { maxLength: 30 }), fc.nat(), (raw, pick) => {
        const items: CardSlot[] = raw.map((r, i) => ({ id: `c${i}`, ...r })).sort((x, y) => x.desired - y.desired);
        const active = items.length ? (items[pick % items.length] as CardSlot).id : null;
        const tops = stackCards(items, active);
        let bottom = Number.NEGATIVE_INFINITY;
        for (const item of items) {
          const top = tops.get(item.id) as number;
          expect(top).toBeGreaterThanOrEqual(0);
          expect(top).toBeGreaterThanOrEqual(bottom + CARD_GAP);
          bottom = top + item.height;
        }
      }),
      { numRuns: 300 },
    );
  });
});
