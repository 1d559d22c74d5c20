/** The binary searches against a scan of every index. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstIndex, lastAtOrBefore } from './sorted.ts';

/** Ascending values, repeats allowed (blocks of no size start where the next one does). */
const ascending = fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 40 }).map((a) => a.sort((x, y) => x - y));

describe('firstIndex', () => {
  it('finds the first index where a monotone test holds, n when none', () => {
    fc.assert(
      fc.property(ascending, fc.integer({ min: -5, max: 60 }), (values, x) => {
        const scan = values.findIndex((v) => v >= x);
        expect(firstIndex(values.length, (i) => (values[i] as number) >= x)).toBe(scan === -1 ? values.length : scan);
      }),
    );
  });
});

describe('lastAtOrBefore', () => {
  it('finds the last value at or before x, the first when none is, -1 when there are none', () => {
    fc.assert(
      fc.property(ascending, fc.integer({ min: -5, max: 60 }), (values, x) => {
        let scan = values.length === 0 ? -1 : 0;
        values.forEach((v, i) => {
          if (v <= x) scan = i;
        });
        expect(lastAtOrBefore(values.length, (i) => values[i] as number, x)).toBe(scan);
      }),
    );
  });
});
