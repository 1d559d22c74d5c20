import { describe, expect, it } from 'vitest';
import {
  annotate,
  articleText,
  card,
  onlyDocument,
  openDocument,
  openSharedDemo,
  setUpAdministrator,
  storedUpdateSizes,
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

/**
 * Runs in the page first: the document's database opens (and tells the test, which holds the server's messages back
 * until then), but its first read of what it holds (y-indexeddb's, which then stores what the page's document holds
 * by then) answers only once the article is on the page, so the server's copy arrives between the two. The read's
 * answer waits inside its transaction (one count after another), as a slow disk would keep it: y-indexeddb stores
 * into that transaction when it comes. Only the tab's first open: a reload reads at once.
 */
const LATE_READ = `
  const open = IDBFactory.prototype.open;
  IDBFactory.prototype.open = function (name, ...rest) {
    const request = open.call(this, name, ...rest);
    if (String(name).startsWith('factmark:')) request.addEventListener('success', () => window.databaseOpened?.());
    return request;
  };
  const getAll = IDBObjectStore.prototype.getAll;
  const onsuccess = Object.getOwnPropertyDescriptor(IDBRequest.prototype, 'onsuccess');
  const delayed = new Set();
  const articleShown = () => document.querySelector('.ProseMirror')?.textContent.includes('soldiers');
  IDBObjectStore.prototype.getAll = function (...args) {
    const request = getAll.apply(this, args);
    const name = this.transaction.db.name;
    // Only the first read of the tab's first open (a reload reads at once).
    if (!name.startsWith('factmark:') || delayed.has(name) || sessionStorage.getItem('read late')) return request;
    delayed.add(name);
    const store = this;
    const until = performance.now() + 10000;
    Object.defineProperty(request, 'onsuccess', {
      get() { return onsuccess.get.call(this); },
      set(listener) {
        onsuccess.set.call(this, (event) => {
          const wait = () => {
            if (articleShown() || performance.now() > until) {
              sessionStorage.setItem('read late', 'yes');
              return listener(event);
            }
            store.count().onsuccess = wait;
          };
          wait();
        });
      },
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
    // The service worker has taken control (first visit) and the copy in IndexedDB is written. It registers once the
    // document has arrived and precaches several megabytes first: on a busy machine, seconds.
    await alice.evaluate(() => navigator.serviceWorker.ready);
    await expect
      .poll(() => alice.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 20_000 })
      .toBe(true);

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

/**
 * The demo document's first open in this browser, on a server of its own (`late`, the first account's), with
 * `script` run first; then its copy in IndexedDB, read back offline. Returns the sizes of the updates the database
 * stored.
 */
async function firstOpenThenOffline(
  late: ReturnType<typeof useBrowserAndServer>,
  script: string,
  name: string,
  { holdUntilDatabaseOpens = false } = {},
): Promise<number[]> {
  const context = await late.browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript({ content: script });
  if (holdUntilDatabaseOpens) {
    // The server's messages reach the page, in order, once the document's database has opened (the script says).
    let opened!: () => void;
    const databaseOpen = new Promise<void>((resolve) => {
      opened = resolve;
    });
    await context.exposeFunction('databaseOpened', () => opened());
    await context.routeWebSocket(/\/collab/, (page) => {
      const server = page.connectToServer();
      server.onMessage((message) => void databaseOpen.then(() => page.send(message)));
    });
  }
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  // Signed in, with the service worker active (it registers a few seconds after a page without a document) and
  // in control of the pages loaded next.
  await setUpAdministrator(page, late.server, name);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await openDocument(page, `${late.server.url}/d/${await onlyDocument(page, late.server.url)}`);
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  const text = await articleText(page);
  expect(text).toContain('soldiers');
  // The database has opened and stored what the page holds.
  await page.waitForTimeout(1_500);
  const sizes = await storedUpdateSizes(page);
  await context.setOffline(true);
  await page.reload();
  await page.locator('.connection', { hasText: 'Offline' }).waitFor({ timeout: 15_000 });
  await expect.poll(() => articleText(page)).toBe(text);
  await context.close();
  return sizes;
}

describe('working offline, the first open', () => {
  const late = useBrowserAndServer();

  it("keeps the server's copy for offline when the browser's database opens after it arrived", async () => {
    // The database answers its opening after the server's copy is applied.
    await firstOpenThenOffline(late, LATE_DATABASE, 'Carla');
  });
});

describe('working offline, the first open with a slow read', () => {
  const slow = useBrowserAndServer();

  it("keeps the server's copy for offline, stored once, when it arrives while the open database is read", async () => {
    const sizes = await firstOpenThenOffline(slow, LATE_READ, 'Dara', { holdUntilDatabaseOpens: true });
    // The copy as it arrived, and not the whole document encoded again by the read (as large as the copy).
    const [largest = 0, next = 0] = sizes;
    expect(largest).toBeGreaterThan(1_000);
    expect(next).toBeLessThan(largest / 2);
  });
});
