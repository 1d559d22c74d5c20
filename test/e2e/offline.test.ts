import { describe, expect, it } from 'vitest';
import {
  annotate,
  articleText,
  card,
  onlyDocument,
  openDocument,
  openSharedDemo,
  setUpAdministrator,
  useBrowserAndServer,
} from './harness.ts';

/**
 * Runs in the page first: the document's database in IndexedDB answers its opening 800 ms late, so the server's
 * copy is there before it (a first open often goes so; here always).
 */
const LATE_DATABASE = `
  const open = IDBFactory.prototype.open;
  const onsuccess = Object.getOwnPropertyDescriptor(IDBRequest.prototype, 'onsuccess');
  IDBFactory.prototype.open = function (name, ...rest) {
    const request = open.call(this, name, ...rest);
    if (String(name).startsWith('factmark:'))
      Object.defineProperty(request, 'onsuccess', {
        get() { return onsuccess.get.call(this); },
        set(listener) { onsuccess.set.call(this, (event) => setTimeout(() => listener(event), 800)); },
      });
    return request;
  };
`;

const session = useBrowserAndServer();

describe('working offline', () => {
  it('keeps edits made offline in the browser, also across a reload while offline, and syncs them on reconnect', async () => {
    const aliceContext = await session.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const alice = await aliceContext.newPage();
    const bruno = await (await session.browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    for (const page of [alice, bruno]) page.setDefaultTimeout(10_000);
    await openSharedDemo(session.server, { page: alice, name: 'Alice' }, [
      { page: bruno, name: 'Bruno', role: 'editor' },
    ]);
    // The service worker has taken control (first visit) and the copy in IndexedDB is written.
    await expect.poll(() => alice.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

    await aliceContext.setOffline(true);
    await alice.locator('.connection', { hasText: 'Offline' }).waitFor({ timeout: 15_000 });
    await annotate(alice, 'More than 50,000 soldiers and 140 aircraft', 'Claim');
    await card(alice, 'More than 50,000 soldiers', 'claim').waitFor();
    await expect.poll(() => alice.locator('.connection').textContent()).toMatch(/Offline · \d+ changes? not yet sent/);

    // Reload while offline: the app comes from the service worker, the document from IndexedDB.
    await alice.reload();
    await alice.locator('.ProseMirror h1').waitFor();
    await alice.locator('.connection', { hasText: 'Offline' }).waitFor({ timeout: 15_000 });
    await card(alice, 'More than 50,000 soldiers', 'claim').waitFor();
    // And she keeps working: text and another annotation.
    await alice.locator('.ProseMirror p').last().click();
    await alice.keyboard.press('Control+End');
    await alice.keyboard.type(' OFFLINE NOTE.');
    await annotate(alice, 'the biggest in the region since 2015', 'Comment');
    const dialog = alice.getByRole('dialog', { name: 'Comment' });
    await dialog.getByLabel('Comment').fill('Written on the train.');
    await dialog.getByRole('button', { name: 'Comment' }).click();
    await card(alice, 'the biggest in the region', 'comment').waitFor();
    // Nothing reached Bruno yet.
    expect(await bruno.locator('[data-card]').count()).toBe(0);

    await aliceContext.setOffline(false);
    await alice.locator('.connection', { hasText: /^Online$/ }).waitFor({ timeout: 30_000 });
    await card(bruno, 'More than 50,000 soldiers', 'claim').waitFor({ timeout: 15_000 });
    await card(bruno, 'the biggest in the region', 'comment').waitFor();
    await expect.poll(() => articleText(bruno)).toContain('OFFLINE NOTE.');
    expect(await articleText(bruno)).toBe(await articleText(alice));
  });
});

describe('working offline, the first open', () => {
  const late = useBrowserAndServer();

  it("keeps the server's copy for offline when the browser's database opens after it arrived", async () => {
    const context = await late.browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript({ content: LATE_DATABASE });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    // Signed in, with the service worker active (it registers a few seconds after a page without a document) and
    // in control of the pages loaded next.
    await setUpAdministrator(page, late.server, 'Carla');
    await page.evaluate(() => navigator.serviceWorker.ready);
    // The document's first open in this browser: its database answers after the server's copy is applied.
    await openDocument(page, `${late.server.url}/d/${await onlyDocument(page, late.server.url)}`);
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    const text = await articleText(page);
    expect(text).toContain('soldiers');
    // The database has opened and stored what the page holds.
    await page.waitForTimeout(1_500);
    await context.setOffline(true);
    await page.reload();
    await page.locator('.connection', { hasText: 'Offline' }).waitFor({ timeout: 15_000 });
    await expect.poll(() => articleText(page)).toBe(text);
    await context.close();
  });
});
