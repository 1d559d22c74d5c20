import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  annotate,
  card,
  onlyDocument,
  openDocument,
  SCREENSHOTS,
  setUpAdministrator,
  useBrowserAndServer,
} from './harness.ts';

const session = useBrowserAndServer();
let page: Page;

beforeAll(async () => {
  page = await (
    await session.browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true })
  ).newPage();
  page.setDefaultTimeout(10_000);
  await setUpAdministrator(page, session.server, 'Alice');
  await openDocument(page, `${session.server.url}/d/${await onlyDocument(page, session.server.url)}`);
  await annotate(page, 'More than 50,000 soldiers and 140 aircraft', 'Claim');
  await card(page, 'More than 50,000 soldiers', 'claim').getByRole('radio', { name: 'Mostly false' }).check();
});

const dialog = () => page.getByRole('dialog', { name: 'Export and import' });

/** Click an export and read the file the browser downloads. */
async function downloaded(label: string): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    dialog().getByRole('button', { name: label }).click(),
  ]);
  const path = await file.path();
  return { name: file.suggestedFilename(), text: readFileSync(path as string, 'utf8') };
}

describe('export and import in the app', () => {
  it('makes the dialog, with its file field, when it is first opened, and keeps it once closed', async () => {
    // Made with the page, its form controls cost the document's first draw tens of milliseconds (issue 18).
    expect(await page.locator('dialog.export-dialog').count()).toBe(0);
    expect(await page.locator('input[type="file"]').count()).toBe(0);
    await page.getByRole('button', { name: 'Export / import' }).click();
    await dialog().waitFor();
    expect(await dialog().locator('input[type="file"]').count()).toBe(1);
    await dialog().getByRole('button', { name: 'Close' }).click();
    await dialog().waitFor({ state: 'hidden' });
    expect(await page.locator('dialog.export-dialog').count()).toBe(1);
  });

  it('downloads the report and the corrected article, named after the document', async () => {
    await page.getByRole('button', { name: 'Export / import' }).click();
    await dialog().waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'export-menu.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(SCREENSHOTS, 'export-menu-phone.png') });
    await page.setViewportSize({ width: 1280, height: 800 });
    const report = await downloaded('Fact-check report (Markdown)');
    expect(report.name).toBe('varnia-begins-its-largest-naval-drills-in-a-decade-the-minis.report.md');
    expect(report.text).toContain('More than 50,000 soldiers and 140 aircraft');
    expect(report.text).toContain('Mostly false');
    const corrected = await downloaded('Corrected article (HTML)');
    expect(corrected.text).toMatch(/^<!DOCTYPE html>/);
  });

  it('says in the claim’s words why ClaimReview is not ready, and exports the ready claims when asked', async () => {
    await dialog().getByRole('button', { name: 'ClaimReview (JSON-LD)' }).click();
    const alert = dialog().getByRole('alert');
    await expect
      .poll(() => alert.textContent())
      .toContain('the claim “More than 50,000 soldiers and 140 aircraft” has no source');
    const forced = await downloaded('Export the claims that are ready anyway');
    expect(JSON.parse(forced.text)[0]).toMatchObject({ '@type': 'ClaimReview' });
  });

  it('imports a W3C file and shows the report; a file that is not annotations is refused in words', async () => {
    const w3c = await downloaded('W3C Web Annotations (JSON-LD)');
    const input = dialog().getByLabel(/W3C Web Annotations or a Hypothesis export/);
    await input.setInputFiles({ name: 'check.jsonld', mimeType: 'application/ld+json', buffer: Buffer.from(w3c.text) });
    const report = dialog().getByRole('region', { name: 'Import report' });
    await expect.poll(() => report.textContent()).toContain('Anchored exactly: 1');
    await input.setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"x": 1}') });
    await expect
      .poll(() => dialog().getByRole('alert').textContent())
      .toBe('notes.json holds neither W3C Web Annotations nor a Hypothesis export.');
    await dialog().getByRole('button', { name: 'Close' }).click();
    // The imported claim is in the margin beside the first one.
    await expect.poll(() => page.locator('.card-claim').count()).toBe(2);
  });
});
