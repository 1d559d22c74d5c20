import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, launchBrowser, paste, type ServerProcess, setUpAdministrator, signUp, startServer } from './harness.ts';

let browser: Browser;
let server: ServerProcess;

let admin: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startServer();
  admin = await browser.newPage();
  await setUpAdministrator(admin, server, 'Ada');
});

afterAll(async () => {
  await browser?.close();
});

describe('new document', () => {
  it('is created from pasted HTML, sanitized: nothing executes and no javascript: URL becomes a link', async () => {
    const page = await browser.newPage();
    await signUp(page, server.url, 'Paste');
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Documents' }).waitFor();
    const html = [
      '<h1>Ministry reports record harvest<script>window.__xss = 1; alert(1)</script></h1>',
      '<p onclick="window.__xss = 2">Farmers gathered <em>12 million</em> tonnes of grain, the ministry said on Friday.</p>',
      '<p><img src="x" onerror="window.__xss = 3; alert(3)">See <a href="javascript:window.__xss = 4">the report</a> and <a href="https://example.org/report">the source</a>.</p>',
      '<ul><li>Wheat: 7 million tonnes</li></ul>',
    ].join('');
    await paste(page, html, 'Ministry reports record harvest');
    await page.getByRole('button', { name: 'Create document' }).click();
    await page.waitForURL(/\/d\/[A-Za-z0-9_-]{12}$/);
    await page.locator('.connection', { hasText: 'Online' }).waitFor({ timeout: 15_000 });

    const editor = page.locator('.ProseMirror');
    await expect.poll(() => editor.locator('h1').textContent()).toBe('Ministry reports record harvest');
    expect(await editor.locator('em').textContent()).toBe('12 million');
    expect(await editor.textContent()).toContain('Farmers gathered 12 million tonnes of grain');
    expect(await editor.locator('li').textContent()).toBe('Wheat: 7 million tonnes');
    const hrefs = await editor.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(hrefs).toEqual(['https://example.org/report']);
    expect(await editor.locator('script, img, [onclick], [onerror]').count()).toBe(0);
    await page.locator('.ProseMirror p').first().click();
    expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);

    // It is listed with its title.
    await page.getByRole('link', { name: 'Factmark' }).click();
    await page.getByRole('link', { name: 'Ministry reports record harvest' }).waitFor();
  });

  it('is created from plain text, the first paragraph becoming the title', async () => {
    const page = admin;
    await page.goto(server.url);
    await page
      .locator('textarea[name="article"]')
      .fill('Port traffic doubles\n\nShipments rose by 104 percent in May, the port authority said.');
    await page.getByRole('button', { name: 'Create document' }).click();
    await page.waitForURL(/\/d\//);
    await page.locator('.connection', { hasText: 'Online' }).waitFor({ timeout: 15_000 });
    await expect.poll(() => page.locator('.ProseMirror h1').textContent()).toBe('Port traffic doubles');
    expect(await page.locator('.ProseMirror p').first().textContent()).toBe(
      'Shipments rose by 104 percent in May, the port authority said.',
    );
  });

  it('says what is wrong when the article is empty, and creates nothing', async () => {
    const page = await browser.newPage();
    await signUp(page, server.url, 'Empty');
    await page.getByRole('button', { name: 'Create document' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('Paste the article text or choose a file first');
    const { documents } = (await api(page, server.url, 'GET', '/api/documents')).body as { documents: unknown[] };
    expect(documents).toEqual([]);
    expect(page.url()).toBe(`${server.url}/`);
  });

  it('the server stops gracefully on SIGTERM (exit code 0) and keeps what it stored', async () => {
    await server.kill('SIGTERM');
    const direct = await startServer({ dataDir: server.dataDir, direct: true });
    const started = Date.now();
    expect(await direct.kill('SIGTERM')).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    server = await startServer({ dataDir: server.dataDir });
    await admin.goto(server.url.replace(/:\d+$/, `:${new URL(server.url).port}`));
    const { documents } = (await api(admin, server.url, 'GET', '/api/documents')).body as {
      documents: { title: string }[];
    };
    expect(documents.map((d) => d.title)).toContain('Port traffic doubles');
    await server.kill('SIGTERM');
  });
});
