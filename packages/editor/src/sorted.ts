/**
 * Binary search over things in article order — blocks by where they start, cards by their tops, text offsets —
 * written once for the packages and the app that look positions up among thousands of them.
 */

/**
 * The first index in `[0, n)` for which `test` holds, or `n` when it holds for none. `test` must be false and then
 * true along the indices (a monotone predicate), as "starts after `pos`" is along blocks in document order.
 */
export function firstIndex(n: number, test: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (test(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * The index of the last of `n` ascending values (`value(i)`) at or before `x`: the block holding position `x` when
 * the values are the blocks' starts. The first index (0) when none is; -1 when there are none.
 */
export function lastAtOrBefore(n: number, value: (i: number) => number, x: number): number {
  if (n === 0) return -1;
  return Math.max(0, firstIndex(n, (i) => value(i) > x) - 1);
}
