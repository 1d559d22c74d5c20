/**
 * How the app shows a time: one formatter for the page, in the reader's locale, made on first use. The page's first
 * `Intl` formatter loads the locale's data (15–40 ms on a 2-core machine, more while the page starts). A document's
 * page that shows cards as it opens makes it then; one that shows none makes it once the document is drawn and the
 * page is idle ({@link warmLocaleDataWhenIdle}), so the first claim marked finds it made.
 *
 * (Until 2026-12-07 the boot made it in the idle time before the app's bundle ran: on two cores that idle time is
 * the bundle's parse on another thread, and the open of a document without annotations was 40–80 ms slower for it,
 * in four A/Bs of the open, and no faster with 500 annotations.)
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

/** Where the page runs its idle work (the browser's `requestIdleCallback`, where it has one). */
export type IdleScheduler = { requestIdleCallback?: (work: () => void) => unknown };

let warmScheduled = false;

/**
 * Load the locale's data ({@link warmLocaleData}) when the page is next idle, once per page (a document's session
 * calls this each time it has synced). Where the browser has no idle callbacks, the first time shown makes it.
 */
export function warmLocaleDataWhenIdle(scheduler: IdleScheduler = globalThis): void {
  if (warmScheduled || !scheduler.requestIdleCallback) return;
  warmScheduled = true;
  scheduler.requestIdleCallback(() => {
    warmLocaleData();
  });
}
