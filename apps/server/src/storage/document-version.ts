/**
 * A document's `updatedAt` is the version of its content: the claim index is kept at one (claim-index-store.ts), so
 * each stored update must make a version no earlier state had. The time of the update, unless that is not after the
 * version before (two updates in one millisecond, a clock set back): then a millisecond after it.
 */
export function nextVersion(before: string | undefined, now: Date = new Date()): string {
  const previous = before === undefined ? Number.NaN : Date.parse(before);
  return new Date(previous >= now.getTime() ? previous + 1 : now.getTime()).toISOString();
}
