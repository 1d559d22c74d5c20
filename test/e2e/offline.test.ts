import { describe, expect, it } from 'vitest';
import { annotate, articleText, card, openSharedDemo, useBrowserAndServer } from './harness.ts';

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
