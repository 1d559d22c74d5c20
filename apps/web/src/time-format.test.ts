/**
 * The page's time formatter and the locale's data: made once, and loaded once the page is idle, once per page.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/** A fresh copy of the module (its formatter and its once-per-page flag are the module's own). */
const fresh = async () => {
  vi.resetModules();
  return import('./time-format.ts');
};

describe('time format', () => {
  const Native = Intl.DateTimeFormat;
  let made: unknown[];

  beforeEach(() => {
    made = [];
    Intl.DateTimeFormat = class extends Native {
      constructor(...args: ConstructorParameters<typeof Native>) {
        super(...args);
        made.push(args[1]);
      }
    } as typeof Native;
  });
  afterEach(() => {
    Intl.DateTimeFormat = Native;
    vi.restoreAllMocks();
  });

  it('makes one formatter, on first use, which the locale’s warm-up makes and every later time uses', async () => {
    const { timeFormatter, warmLocaleData } = await fresh();
    expect(made).toEqual([]);
    const compared = vi.spyOn(String.prototype, 'localeCompare');
    warmLocaleData();
    expect(made).toEqual([{ dateStyle: 'medium', timeStyle: 'short' }]);
    expect(compared).toHaveBeenCalled();
    expect(timeFormatter().format(0)).toBe(
      new Date(0).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }),
    );
    expect(made).toHaveLength(1);
  });

  it('loads the locale’s data when the page is next idle, not before, and asks once however often it is called', async () => {
    const { warmLocaleDataWhenIdle } = await fresh();
    const idle: (() => void)[] = [];
    const scheduler = { requestIdleCallback: (work: () => void) => idle.push(work) };
    warmLocaleDataWhenIdle(scheduler);
    warmLocaleDataWhenIdle(scheduler);
    expect(idle).toHaveLength(1);
    expect(made).toEqual([]);
    idle[0]?.();
    expect(made).toEqual([{ dateStyle: 'medium', timeStyle: 'short' }]);
  });

  it('without idle callbacks asks nothing: the first time shown makes the formatter', async () => {
    const { timeFormatter, warmLocaleDataWhenIdle } = await fresh();
    expect(() => warmLocaleDataWhenIdle({})).not.toThrow();
    expect(made).toEqual([]);
    timeFormatter();
    expect(made).toHaveLength(1);
  });
});
