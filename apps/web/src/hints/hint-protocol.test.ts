/** The worker's answers in slices: nearest the caret first, none larger than a slice, nothing lost. */
import { describe, expect, it } from 'vitest';
import { SLICE_BLOCKS, slices } from './hint-protocol.ts';

describe('slices of an answer', () => {
  const order = Array.from({ length: 200 }, (_, i) => i + 1000);
  const changed = order.map((key) => [key, []] as [number, never[]]);

  it('starts at the block at the caret and spreads out from it', () => {
    const parts = slices(changed, order, 120);
    expect(parts[0]?.[0]?.[0]).toBe(1120);
    const distance = (entry: [number, unknown]) => Math.abs(order.indexOf(entry[0]) - 120);
    const flat = parts.flat().map(distance);
    expect(flat).toEqual([...flat].sort((a, b) => a - b));
  });

  it('cuts a long answer in slices and loses no block', () => {
    const parts = slices(changed, order, 0);
    expect(parts.length).toBe(Math.ceil(order.length / SLICE_BLOCKS));
    expect(parts.every((p) => p.length <= SLICE_BLOCKS)).toBe(true);
    expect(
      parts
        .flat()
        .map((e) => e[0])
        .sort(),
    ).toEqual(order);
  });

  it('answers an answer with nothing changed as one empty slice (the page still hears it is complete)', () => {
    expect(slices([], order, 5)).toEqual([[]]);
  });
});
