/**
 * How the app shows a time: one formatter for the page, in the reader's locale, made on first use. The page's first
 * `Intl` formatter loads the locale's data (15–40 ms on a 2-core machine), so a page that shows times should make
 * it while it waits for something else: the boot does, in the idle time before the app's bundle runs
 * ({@link warmLocaleData}), and the cards then find the data loaded.
 */

/** What a time shows: its date (medium) and its time (short). */
const TIME_FORMAT: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };

let formatter: Intl.DateTimeFormat | null = null;

/** The page's time formatter (`toLocaleString` with options would build a new one per call). */
export function timeFormatter(): Intl.DateTimeFormat {
  formatter ??= new Intl.DateTimeFormat(undefined, TIME_FORMAT);
  return formatter;
}

/**
 * Load the locale's data that a document's page uses as it opens: the time formatter's and the collator's (names
 * are sorted with `localeCompare`). Each costs its first user a few to tens of milliseconds, once per page.
 */
export function warmLocaleData(): string {
  // Returned, so that a minifier keeps the comparison (it has no other effect it can see).
  return `${timeFormatter().format(0)} ${'a'.localeCompare('b')}`;
}
