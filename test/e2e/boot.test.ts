/**
 * The page's boot script (`/boot.js`) is a head start, never a requirement: a page whose boot script does not load,
 * or whose boot was refused the sync access, opens its document and its edits reach colleagues all the same.
 */
import { describe, expect, it } from 'vitest';
import { articleText, openDocument, openSharedDemo, selectText, useBrowserAndServer } from './harness.ts';

const session = useBrowserAndServer();

describe('the boot script', () => {
  it('is not needed: without it, or with its sync access refused, the page opens and edits reach a colleague', async () => {
    // No service worker for Alice: it would answer for /boot.js from its cache, past the routes below.
    const a = await (await session.browser.newContext({ serviceWorkers: 'block' })).newPage();
    const b = await (await session.browser.newContext()).newPage();
    const url = await openSharedDemo(session.server, { page: a, name: 'Alice' }, [
      { page: b, name: 'Bruno', role: 'editor' },
    ]);
    const booted = () =>
      a.evaluate(async () => {
        const boot = (window as unknown as { __factmarkBoot?: { socket: Promise<unknown> } }).__factmarkBoot;
        return boot === undefined ? 'none' : (await boot.socket) === null ? 'no socket' : 'socket';
      });
    expect(await booted()).toBe('socket');

    // The boot script does not load (a proxy, an extension): the app opens the document itself.
    await a.route('**/boot.js', (route) => route.abort());
    await openDocument(a, url);
    expect(await booted()).toBe('none');
    await selectText(a, 'the biggest in the region since 2015');
    await a.keyboard.type('the largest in a decade');
    await expect.poll(() => articleText(b)).toContain('the largest in a decade');
    await a.unroute('**/boot.js');

    // The boot's request for the sync access fails (the app's own request, asked again, gets it).
    let refused = false;
    await a.route('**/sync-token', (route) => {
      if (refused) return route.continue();
      refused = true;
      return route.fulfill({ status: 503, contentType: 'application/json', body: '{}' });
    });
    await openDocument(a, url);
    expect(refused).toBe(true);
    expect(await booted()).toBe('no socket');
    await selectText(a, 'the largest in a decade');
    await a.keyboard.type('a record');
    await expect.poll(() => articleText(b)).toContain('a record');
  });
});
