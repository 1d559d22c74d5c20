import { describe, expect, it } from 'vitest';
import { openSharedDemo, selectText, startServer, useBrowserAndServer } from './harness.ts';

const session = useBrowserAndServer();

describe('reconnecting', () => {
  it('an open page reconnects by itself after the server restarts, and edits made meanwhile reach colleagues', async () => {
    const a = await session.browser.newPage();
    const b = await (await session.browser.newContext()).newPage();
    await openSharedDemo(session.server, { page: a, name: 'Alice' }, [{ page: b, name: 'Bruno', role: 'editor' }]);

    const port = Number(new URL(session.server.url).port);
    await session.server.kill('SIGKILL');
    await a.locator('.connection', { hasText: /Offline|Reconnecting/ }).waitFor({ timeout: 10_000 });
    // Alice keeps working while the server is down.
    await selectText(a, 'the biggest in the region since 2015');
    await a.getByRole('button', { name: /^Claim/ }).click();
    session.server = await startServer({ port, dataDir: session.server.dataDir });

    for (const page of [a, b]) await page.locator('.connection', { hasText: 'Online' }).waitFor({ timeout: 30_000 });
    await b
      .locator('span[data-claim]', { hasText: 'the biggest in the region since 2015' })
      .waitFor({ timeout: 10_000 });
    // The card follows the highlight once the margin has drawn: wait for it, then there is exactly one.
    await b.locator('.card-claim').first().waitFor({ timeout: 10_000 });
    expect(await b.locator('.card-claim').count()).toBe(1);
  });
});
