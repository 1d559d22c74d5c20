/** What two texts share at either end: the one measure of "the fewest changes" that text writes and repairs use. */

/**
 * How many characters `a` and `b` share at their start and, after that, at
 * their end (never overlapping the start). `maxPrefix` caps the start (a caret
 * inside repeated characters places the change there). The changed middle is
 * `a.slice(prefix, a.length - suffix)` → `b.slice(prefix, b.length - suffix)`.
 */
export function sharedEnds(
  a: string,
  b: string,
  maxPrefix = Number.POSITIVE_INFINITY,
): { prefix: number; suffix: number } {
  let prefix = 0;
  const limit = Math.min(a.length, b.length, Math.max(0, maxPrefix));
  while (prefix < limit && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < a.length - prefix &&
    suffix < b.length - prefix &&
    a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
  )
    suffix++;
  return { prefix, suffix };
}
