/**
 * What a reader downloads to open a document: the app's scripts and stylesheet arrive compressed (the build's Brotli
 * copies, far smaller than the files), and a second open takes them from the browser's cache without asking the
 * server again (their names change with their content).
 */
import { describe, expect, it } from 'vitest';
import { onlyDocument, openDocument, setUpAdministrator, useBrowserAndServer } from './harness.ts';

const session = useBrowserAndServer();

/** The page's own scripts and stylesheets from `/assets/`: what was sent for each, and its size decoded. */
const ASSETS = `performance.getEntriesByType('resource')
  .filter((e) => new URL(e.name).pathname.startsWith('/assets/') && /\\.(js|css)$/.test(new URL(e.name).pathname))
  .map((e) => ({ name: new URL(e.name).pathname, transfer: e.transferSize, encoded: e.encodedBodySize, decoded: e.decodedBodySize }))`;

type Asset = { name: string; transfer: number; encoded: number; decoded: number };

describe("the app's files", () => {
  it('arrive compressed, and a second open takes them from the cache without asking', async () => {
    // No service worker: it would answer the second open from its own cache, whatever the server's headers said.
    const context = await session.browser.newContext({ serviceWorkers: 'block' });
    const page = await context.newPage();
    // The context's first page: its files come from the server.
    await page.goto(session.server.url);
    await page.locator('#root *').first().waitFor();
    const first = (await page.evaluate(ASSETS)) as Asset[];
    expect(first.map((a) => a.name).some((n) => n.endsWith('.js'))).toBe(true);
    expect(first.map((a) => a.name).some((n) => n.endsWith('.css'))).toBe(true);
    for (const asset of first) {
      expect(asset.transfer, asset.name).toBeGreaterThan(0);
      expect(asset.encoded, asset.name).toBeLessThan(asset.decoded / 2.5);
    }

    await setUpAdministrator(page, session.server, 'Alice');
    const url = `${session.server.url}/d/${await onlyDocument(page, session.server.url)}`;
    await openDocument(page, url);
    const second = (await page.evaluate(ASSETS)) as Asset[];
    expect(second.map((a) => a.name).sort()).toEqual(first.map((a) => a.name).sort());
    // From the cache, not revalidated: nothing went over the network for them.
    for (const asset of second) expect(asset.transfer, asset.name).toBe(0);
    await context.close();
  });
});
