/**
 * The page's API client answers a GET the boot script already made with the boot's answer, once (its CSRF token
 * kept, as from any answer); every other request, and the same one again, goes to the server.
 */
import { ME_PATH } from '@factmark/api/paths';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BOOT_GLOBAL } from './boot/boot.ts';

/** A boot script that asked who is signed in and got `answer`. */
function bootAnswering(answer: Promise<Response>): void {
  vi.stubGlobal(BOOT_GLOBAL, {
    documentId: null,
    socket: Promise.resolve(null),
    prefetched: new Map([[ME_PATH, answer]]),
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

describe('the page’s API client', () => {
  it('takes who is signed in from the boot once, then asks the server', async () => {
    const fromServer = vi.fn(async () => Response.json({ user: { id: 'u-server', name: 'Server' } }));
    vi.stubGlobal('fetch', fromServer);
    bootAnswering(Promise.resolve(Response.json({ user: { id: 'u-ada' }, csrfToken: 'c-1' })));
    const { api } = await import('./api.ts');
    expect(await api.me()).toEqual({ id: 'u-ada' });
    expect(fromServer).not.toHaveBeenCalled();
    expect(api.csrfToken).toBe('c-1');
    expect(await api.me()).toEqual({ id: 'u-server', name: 'Server' });
    expect(fromServer).toHaveBeenCalledTimes(1);
  });

  it('asks the server when the boot’s request failed', async () => {
    const fromServer = vi.fn(async () => Response.json({ user: { id: 'u-server' } }));
    vi.stubGlobal('fetch', fromServer);
    const failed = Promise.reject(new TypeError('Failed to fetch'));
    failed.catch(() => undefined);
    bootAnswering(failed);
    const { api } = await import('./api.ts');
    expect(await api.me()).toEqual({ id: 'u-server' });
    expect(fromServer).toHaveBeenCalledTimes(1);
  });

  it('never answers a change with the boot’s answer to a GET of the same path', async () => {
    const fromServer = vi.fn(async () => Response.json({ user: { id: 'u-ada', name: 'Ada L.' } }));
    vi.stubGlobal('fetch', fromServer);
    bootAnswering(Promise.resolve(Response.json({ user: { id: 'u-ada', name: 'Ada' } })));
    const { api } = await import('./api.ts');
    expect(await api.rename('Ada L.')).toEqual({ id: 'u-ada', name: 'Ada L.' });
    expect(fromServer.mock.calls.map((call) => (call as unknown[])[1])).toMatchObject([{ method: 'PATCH' }]);
    expect(await api.me()).toEqual({ id: 'u-ada', name: 'Ada' });
    expect(fromServer).toHaveBeenCalledTimes(1);
  });
});
