import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LayeredMap } from './layered-map.ts';

describe('LayeredMap', () => {
  it('reads as a copied map would, in every version, across the flattening of its layers', () => {
    const change = fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.option(fc.integer(), { nil: undefined })), {
      maxLength: 8,
    });
    fc.assert(
      fc.property(fc.array(change, { minLength: 1, maxLength: 60 }), (changes) => {
        let map = LayeredMap.from(new Map<number, number>([[1, 1]]));
        let copy = new Map<number, number>([[1, 1]]);
        const versions: [LayeredMap<number, number>, Map<number, number>][] = [[map, copy]];
        for (const entries of changes) {
          const next = new Map(entries);
          map = map.with(next);
          copy = new Map(copy);
          for (const [key, value] of next) {
            if (value === undefined) copy.delete(key);
            else copy.set(key, value);
          }
          versions.push([map, copy]);
        }
        // Every version, the first included, still reads as its copy did.
        for (const [version, expected] of versions)
          for (let key = 0; key <= 30; key++) {
            expect(version.get(key)).toBe(expected.get(key));
            expect(version.has(key)).toBe(expected.has(key));
          }
      }),
      { numRuns: 200 },
    );
  });

  it('makes a version without copying the entries it does not change', () => {
    const entries = new Map(Array.from({ length: 1_000 }, (_, i) => [i, i] as [number, number]));
    const first = LayeredMap.from(entries);
    let reads = 0;
    const forEach = entries.forEach.bind(entries);
    const iterate = entries[Symbol.iterator].bind(entries);
    entries.forEach = (...args) => {
      reads++;
      forEach(...args);
    };
    entries[Symbol.iterator] = () => {
      reads++;
      return iterate();
    };
    let map = first;
    for (let i = 0; i < 10; i++) map = map.with(new Map([[i, -i]]));
    expect(reads).toBe(0);
    expect(map.get(3)).toBe(-3);
    expect(first.get(3)).toBe(3);
    expect(map.with(new Map())).toBe(map);
  });
});
