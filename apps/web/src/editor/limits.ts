/** Field limits in words: what a person is told when text does not fit, instead of having it cut. */

/** The message for `what` (e.g. "The rationale") holding `length` characters against `limit`. */
export function overLimit(what: string, length: number, limit: number): string {
  const over = length - limit;
  const n = (x: number) => x.toLocaleString('en');
  return `${what} is ${n(over)} character${over === 1 ? '' : 's'} over its limit of ${n(limit)}, so it is not saved. Shorten it to save it.`;
}
