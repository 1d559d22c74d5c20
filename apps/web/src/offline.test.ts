/**
 * The service worker's registration: never before the page has loaded and its document has arrived, and at the
 * latest a while after the load when the document never does; nothing at all in a browser without service workers.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { REGISTER_WORKER_AT_LATEST_MS, registerOfflineWorker } from './offline.ts';

const register = vi.fn(async () => ({}));
let onLoad: (() => void) | null = null;

beforeEach(() => {
  vi.useFakeTimers();
  register.mockClear();
  onLoad = null;
  vi.stubGlobal('navigator', { serviceWorker: { register } });
  vi.stubGlobal('document', { readyState: 'loading' });
  vi.stubGlobal('addEventListener', (type: string, listener: () => void) => {
    if (type === 'load') onLoad = listener;
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

/** A promise and the function that resolves it. */
function opening(): { opened: Promise<void>; open: () => void } {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

describe('registering the service worker', () => {
  it('waits for the page to load and for its document to arrive, in either order', async () => {
    const first = opening();
    registerOfflineWorker(first.opened);
    first.open();
    await vi.advanceTimersByTimeAsync(100);
    expect(register).not.toHaveBeenCalled();
    onLoad?.();
    await vi.advanceTimersByTimeAsync(0);
    expect(register).toHaveBeenCalledExactlyOnceWith('/sw.js', { scope: '/' });

    register.mockClear();
    vi.stubGlobal('document', { readyState: 'complete' });
    const second = opening();
    registerOfflineWorker(second.opened);
    await vi.advanceTimersByTimeAsync(REGISTER_WORKER_AT_LATEST_MS - 1);
    expect(register).not.toHaveBeenCalled();
    second.open();
    await vi.advanceTimersByTimeAsync(0);
    expect(register).toHaveBeenCalledOnce();
  });

  it('registers at the latest a while after the load when the document never arrives or fails', async () => {
    registerOfflineWorker(new Promise(() => undefined));
    onLoad?.();
    await vi.advanceTimersByTimeAsync(REGISTER_WORKER_AT_LATEST_MS - 1);
    expect(register).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(register).toHaveBeenCalledOnce();

    register.mockClear();
    registerOfflineWorker(Promise.reject(new Error('closed')));
    onLoad?.();
    await vi.advanceTimersByTimeAsync(0);
    expect(register).toHaveBeenCalledOnce();
  });

  it('does nothing in a browser without service workers', async () => {
    vi.stubGlobal('navigator', {});
    registerOfflineWorker(Promise.resolve());
    onLoad?.();
    await vi.advanceTimersByTimeAsync(REGISTER_WORKER_AT_LATEST_MS);
    expect(onLoad).toBeNull();
  });
});
