/**
 * A document opened again in the same browser: its copy in IndexedDB loads first (the server's messages held here
 * until the copy has been read, as on a large document it is slow to), and it goes neither up nor down again: the
 * page sends the server only what it lacks, asks it only for what the copy lacks, and stores only what is new.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  articleText,
  onlyDocument,
  openDocument,
  setUpAdministrator,
  storedUpdateSizes,
  useBrowserAndServer,
} from './harness.ts';

/** Runs in the page first: tells the test when the document's copy in IndexedDB has been read. */
const TELL_READ = `
  const getAll = IDBObjectStore.prototype.getAll;
  IDBObjectStore.prototype.getAll = function (...args) {
    const request = getAll.apply(this, args);
    if (this.transaction.db.name.startsWith('factmark:'))
      request.addEventListener('success', () => window.localCopyRead?.());
    return request;
  };
`;

/** The bytes stored in the page's document database in IndexedDB. */
async function storedBytes(page: Page): Promise<number> {
  return (await storedUpdateSizes(page)).reduce((n, size) => n + size, 0);
}

const session = useBrowserAndServer();

describe('a document opened again in the same browser', () => {
  it("sends none of this browser's copy as an update, is not sent the document again, and stores nothing twice", async () => {
    const context = await session.browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript({ content: TELL_READ });
    // Each connection: what the page sends (sizes), what it receives; the server's messages to a connection opened
    // while `hold` is set wait until the page has read its copy.
    let read: () => void = () => {};
    await context.exposeFunction('localCopyRead', () => read());
    let hold = false;
    const connections: { sent: number[]; received: number[] }[] = [];
    await context.routeWebSocket(/\/collab/, (ws) => {
      const seen = { sent: [] as number[], received: [] as number[] };
      connections.push(seen);
      const copyRead = hold ? new Promise<void>((resolve) => (read = resolve)) : Promise.resolve();
      const server = ws.connectToServer();
      ws.onMessage((message) => {
        seen.sent.push(message.length);
        server.send(message);
      });
      server.onMessage((message) => {
        seen.received.push(message.length);
        void copyRead.then(() => ws.send(message));
      });
    });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await setUpAdministrator(page, session.server, 'Emre');
    const url = `${session.server.url}/d/${await onlyDocument(page, session.server.url)}`;
    await openDocument(page, url);
    const text = await articleText(page);
    // The copy in this browser is written.
    await page.waitForTimeout(1_500);
    const copy = Math.max(...(connections.at(-1)?.received ?? [0]));
    expect(copy).toBeGreaterThan(1_000);
    const storedFirst = await storedBytes(page);

    hold = true;
    const before = connections.length;
    await page.reload();
    await page.locator('.connection', { hasText: /^Online$/ }).waitFor({ timeout: 15_000 });
    await expect.poll(() => articleText(page)).toBe(text);
    await page.waitForTimeout(1_500);
    const reopened = connections.slice(before);
    // One connection (none closed for an oversized message and opened again), and nothing as large as the document
    // sent on it: the copy that loaded first went up only as far as the server lacked it (nothing).
    expect(reopened).toHaveLength(1);
    expect(Math.max(...(reopened[0]?.sent ?? [0]))).toBeLessThan(copy / 4);
    // Nor was the document sent down again: the page's first sync step named what its copy holds.
    expect(Math.max(...(reopened[0]?.received ?? [0]))).toBeLessThan(copy / 4);
    // The server's copy again, all known: nothing more stored for it.
    expect(await storedBytes(page)).toBeLessThan(storedFirst + copy / 4);
    await context.close();
  });
});
