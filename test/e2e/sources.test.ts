/**
 * Source evidence in the browser: a source served by a local fixture site (127.0.0.1, allowed for this server
 * only) is captured within seconds of being cited, the citation's excerpt is shown as found with its passage; the
 * page changes, a re-check shows "changed since capture" with the words that changed; a viewer sees all of it,
 * reads the capture in the viewer, and can change none of it.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SourceSite, startSourceSite } from '../../apps/server/src/test-support/source-fixtures.ts';
import {
  annotate,
  api,
  card,
  expand,
  launchBrowser,
  onlyDocument,
  openDocument,
  pagesFor,
  SCREENSHOTS,
  type ServerProcess,
  seriousViolations,
  setUpAdministrator,
  share,
  signUp,
  startServer,
} from './harness.ts';

let site: SourceSite;
let server: ServerProcess;
let browser: Awaited<ReturnType<typeof launchBrowser>>;

beforeAll(async () => {
  site = await startSourceSite();
  server = await startServer({
    env: { SOURCE_CAPTURE: 'on', SOURCE_FETCH_ALLOW: '127.0.0.1/32', SOURCE_TIMEOUT_MS: '3000' },
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.kill('SIGTERM');
  await site?.close();
});

describe('source evidence', () => {
  it('captures a cited page, verifies its excerpt, finds it changed on a re-check, and shows a viewer all of it read-only', async () => {
    const [alice, vera] = await pagesFor(browser, 2, { timeout: 15_000 });
    if (!alice || !vera) throw new Error('no pages');
    await setUpAdministrator(alice, server, 'Alice');
    await signUp(vera, server.url, 'Vera');
    const id = await onlyDocument(alice, server.url);
    await share(alice, server.url, id, 'Vera', 'viewer');
    const url = `${server.url}/d/${id}`;
    await openDocument(alice, url);

    await annotate(alice, '140 aircraft', 'Cite source');
    const dialog = alice.getByRole('dialog', { name: 'Cite a source' });
    await dialog.getByLabel(/^URL/).fill(`${site.base}/changing`);
    await dialog.getByLabel('Title').fill('Army announces large-scale drills');
    await dialog
      .getByLabel('Quoted excerpt from the source')
      .fill('More than 50,000 soldiers and 140 aircraft will take part in the exercises');
    await dialog.getByRole('button', { name: /^Cite/ }).click();

    const citation = card(alice, '140 aircraft', 'citation');
    await expand(citation);
    await citation.locator('.capture-done').waitFor({ timeout: 10_000 });
    expect(await citation.locator('.capture-done').textContent()).toMatch(/Captured .* sha256 [0-9a-f]{12}…/);
    expect(await citation.locator('.verdict-found').textContent()).toContain(
      'The excerpt is found in the captured page',
    );
    expect(await citation.locator('.passage mark').textContent()).toBe(
      'More than 50,000 soldiers and 140 aircraft will take part in the exercises',
    );
    expect(await citation.locator('.passage').textContent()).toContain('the Defense Ministry said on Monday');
    expect(site.hits.get('/changing')).toBe(1);

    // The page changes; a re-check finds it changed, and shows the passage as it reads now.
    site.update();
    await citation.getByRole('button', { name: 'Check the page again' }).click();
    await citation.locator('.health-changed').waitFor({ timeout: 10_000 });
    expect(await citation.locator('.health-changed').textContent()).toContain('Changed since capture');
    await citation.locator('.word-diff').waitFor();
    expect(await citation.locator('.word-diff del').allTextContents()).toEqual(['50,000 ', 'Monday. ']);
    expect(await citation.locator('.word-diff ins').allTextContents()).toEqual(['45,000 ', 'Tuesday. ']);
    await alice.screenshot({ path: join(SCREENSHOTS, 'source-evidence.png') });

    // A viewer sees the capture, its health and the excerpt's verdict, and can change none of it.
    await openDocument(vera, url);
    const seen = card(vera, '140 aircraft', 'citation');
    await expand(seen);
    await seen.locator('.health-changed').waitFor();
    // The verdict comes after the capture's text is fetched, which may be after the health shows.
    await seen.locator('.verdict-found').waitFor({ timeout: 10_000 });
    expect(await seen.locator('.verdict-found').count()).toBe(1);
    expect(await seen.getByRole('button', { name: 'Check the page again' }).count()).toBe(0);
    await seen.getByRole('button', { name: 'View capture' }).click();
    const viewer = vera.getByRole('dialog', { name: 'Army announces large-scale drills' });
    await viewer.locator('.snapshot-text mark').waitFor();
    expect(await viewer.locator('.snapshot-text mark').textContent()).toBe(
      'More than 50,000 soldiers and 140 aircraft will take part in the exercises',
    );
    expect(await viewer.locator('.snapshot-text').textContent()).not.toContain('Subscribe now');
    expect(await viewer.locator('.snapshot-meta').textContent()).toMatch(/SHA-256[0-9a-f]{64}/);
    expect(await viewer.locator('input, textarea, [contenteditable="true"]').count()).toBe(0);
    expect(await seriousViolations(vera)).toEqual([]);
    await viewer.getByRole('button', { name: 'Close' }).click();
    await vera.getByRole('tab', { name: /^Sources/ }).click();
    const listed = vera.locator('.source-item', { hasText: 'Army announces large-scale drills' });
    await listed.locator('.health-changed').waitFor();
    expect(await listed.getByRole('button', { name: /Check the page again|Delete/ }).count()).toBe(0);
    const refused = await api(vera, server.url, 'POST', `/api/documents/${id}/sources/x/recheck`);
    expect(refused.status).toBe(403);
  });
});
