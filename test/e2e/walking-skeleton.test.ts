import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  onlyDocument,
  openDocument,
  SCREENSHOTS,
  selectText,
  setUpAdministrator,
  share,
  signUp,
  startServer,
  useBrowserAndServer,
} from './harness.ts';

const session = useBrowserAndServer();
mkdirSync(SCREENSHOTS, { recursive: true });

describe('walking skeleton', () => {
  it('A marks a claim, B sees it live, each sees the other, and the claim survives a SIGKILL of the server', async () => {
    const a = await (await session.browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    const b = await (await session.browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    // Alice opens the setup link the server printed and becomes the administrator, owning the demo document.
    await setUpAdministrator(a, session.server, 'Alice');
    await signUp(b, session.server.url, 'Bruno');
    const id = await onlyDocument(a, session.server.url);
    await share(a, session.server.url, id, 'Bruno', 'editor');
    const docUrl = `${session.server.url}/d/${id}`;
    // Opening takes one request before the socket: the sync token, which carries the role (the document's
    // metadata, for the offline copy, only after it), asked for by the boot script with who is signed in, before
    // the app has run (its first request of its own, the members, comes after), and never asked again.
    const requests: string[] = [];
    a.on('request', (r) => requests.push(`${r.method()} ${new URL(r.url()).pathname}`));
    await openDocument(a, docUrl);
    const token = requests.indexOf(`GET /api/documents/${id}/sync-token`);
    expect(token).toBeGreaterThanOrEqual(0);
    expect(requests.filter((r) => r.endsWith('/sync-token'))).toHaveLength(1);
    const metadata = requests.indexOf(`GET /api/documents/${id}`);
    expect(metadata === -1 || metadata > token).toBe(true);
    expect(requests.indexOf('GET /api/auth/me')).toBe(token - 1);
    expect(requests.filter((r) => r === 'GET /api/auth/me')).toHaveLength(1);
    expect(token).toBeLessThan(requests.indexOf(`GET /api/documents/${id}/members`));
    await openDocument(b, docUrl);

    // Each sees the other in the presence list.
    await a.locator('.presence li', { hasText: 'Bruno' }).waitFor();
    await b.locator('.presence li', { hasText: 'Alice' }).waitFor();

    // A selects a numeric claim and marks it with the toolbar button.
    await selectText(a, 'More than 50,000 soldiers and 140 aircraft');
    await a.getByRole('button', { name: /^Claim/ }).click();
    await expect.poll(() => a.locator('span[data-claim]').count()).toBe(1);
    const t0 = Date.now();

    // B sees the highlight and the card within 2 seconds.
    const highlight = b.locator('span[data-claim]');
    await highlight.first().waitFor({ timeout: 2_000 });
    await b.locator('.card-claim').first().waitFor({ timeout: 2_000 });
    expect(Date.now() - t0).toBeLessThan(2_000);
    // (Alice's caret, with her name, may sit in it: the text is the highlight's without carets.)
    const withoutCarets = (el: Element) => {
      const copy = el.cloneNode(true) as Element;
      for (const c of copy.querySelectorAll('.ProseMirror-yjs-cursor')) c.remove();
      return copy.textContent;
    };
    expect(await highlight.first().evaluate(withoutCarets)).toBe('More than 50,000 soldiers and 140 aircraft');
    await expect.poll(() => b.locator('.card-claim').first().textContent()).toContain('Alice');

    // Clicking the card highlights its span as the active one.
    await b.locator('.card-claim .card-head').first().click();
    await expect
      .poll(() => b.locator('.fm-active').first().evaluate(withoutCarets))
      .toBe('More than 50,000 soldiers and 140 aircraft');

    // B marks a second claim with the keyboard shortcut.
    await selectText(b, 'the biggest in the region since 2015');
    await b.keyboard.press('Control+Alt+c');
    await expect.poll(() => a.locator('.card-claim').count(), { timeout: 2_000 }).toBe(2);

    // B places its cursor in the article; A sees B's named cursor.
    await b.locator('.ProseMirror p').nth(1).click();
    await a.locator('.ProseMirror-yjs-cursor', { hasText: 'Bruno' }).waitFor({ timeout: 2_000 });
    await a.screenshot({ path: join(SCREENSHOTS, 'walking-skeleton.png') });

    // Kill the server outright, start it again on the same port and data directory.
    const port = Number(new URL(session.server.url).port);
    await session.server.kill('SIGKILL');
    session.server = await startServer({ port, dataDir: session.server.dataDir });

    for (const page of [a, b]) {
      await page.reload();
      await page.locator('.connection', { hasText: 'Online' }).waitFor({ timeout: 15_000 });
      await expect.poll(() => page.locator('.card-claim').count()).toBe(2);
      const texts = await page.locator('span[data-claim]').allTextContents();
      expect(texts.join('|')).toContain('More than 50,000 soldiers and 140 aircraft');
      expect(texts.join('|')).toContain('the biggest in the region since 2015');
      await expect.poll(() => page.locator('.card-claim').first().textContent()).toContain('Alice');
    }
  });
});
