/** The demo document of a fresh install, as a new user first opens it: a finished example check, live to work on. */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  articleText,
  card,
  expand,
  onlyDocument,
  openDocument,
  setUpAdministrator,
  useBrowserAndServer,
} from './harness.ts';

// The server's default: the demo article with its finished example.
const session = useBrowserAndServer({ DEMO_DOCUMENT: 'example' });
let page: Page;

beforeAll(async () => {
  page = await (await session.browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  page.setDefaultTimeout(10_000);
  await setUpAdministrator(page, session.server, 'Alice');
  await openDocument(page, `${session.server.url}/d/${await onlyDocument(page, session.server.url)}`);
});

describe('the demo document’s finished example', () => {
  it('shows claims with verdicts, rationales and sources, a citation, corrections and a discussion', async () => {
    await expect.poll(() => page.locator('.card-claim').count()).toBe(4);
    const soldiers = card(page, 'More than 50,000 soldiers and 140 aircraft', 'claim');
    await expand(soldiers);
    expect(await soldiers.getByRole('radio', { name: 'True', exact: true }).isChecked()).toBe(true);
    expect(await soldiers.textContent()).toContain('Kessel Sea exercises: briefing for the press');
    const messages = await soldiers.locator('.messages li').allTextContents();
    expect(messages).toHaveLength(2);
    expect(messages[0]).toContain('Tomas Reyes (demo)');
    expect(messages[1]).toContain('Mira Holt (demo)');
    // Each claim's highlight takes its verdict's look ("Mostly false": a double underline; "True": a solid one).
    const look = (quote: string) =>
      page
        .locator('.ProseMirror .fm-claim', { hasText: quote })
        .first()
        .evaluate((el) => getComputedStyle(el).borderBottomStyle);
    await expect.poll(() => look('42 days of notice')).toBe('double');
    expect(await look('will last until 28 March')).toBe('solid');
    expect(await page.locator('.card-citation').count()).toBe(1);
    expect(await page.locator('.card-comment').count()).toBe(1);

    // The accepted correction is in the text and in the log; the pending one waits for a decision.
    expect(await articleText(page)).toContain('repelled hostile information attacks');
    await page.getByRole('tab', { name: 'Corrections log' }).click();
    const log = await page.locator('.log-entry').allTextContents();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatch(/^Accepted.*hostile or hostile → hostile.*Mira Holt \(demo\)/);
    await page.getByRole('tab', { name: 'Margin' }).click();

    // Publishable out of the box: the publish check finds nothing.
    await page.getByRole('button', { name: 'Export / import' }).click();
    const dialog = page.getByRole('dialog', { name: 'Publish, export and import' });
    await expect
      .poll(() => dialog.locator('.publish-check').textContent())
      .toContain('Ready: every claim is complete, checked by a second person and published.');
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  it('is live: the new owner accepts the pending correction and gives a published claim another verdict', async () => {
    const pending = card(page, 'in the frames of the plan', 'correction');
    const id = await pending.getAttribute('data-card');
    const same = page.locator(`[data-card="${id}"]`);
    await expand(same);
    await same.getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => articleText(page)).toContain('held under the plan adopted by parliament');
    await expect.poll(() => same.locator('.decision').textContent()).toMatch(/^Accepted by Alice on /);

    const draft = card(page, 'will last until 28 March', 'claim');
    await expand(draft);
    expect(await draft.getByLabel('Status').inputValue()).toBe('published');
    await draft.getByRole('radio', { name: 'Half true' }).check();
    // A new verdict sends the published claim back to review: a colleague must check it again.
    await expect.poll(() => draft.getByLabel('Status').inputValue()).toBe('in_review');
    // Stored by the server: a reload shows both.
    await page.reload();
    await expect.poll(() => articleText(page)).toContain('held under the plan adopted by parliament');
    const again = card(page, 'will last until 28 March', 'claim');
    await expand(again);
    expect(await again.getByRole('radio', { name: 'Half true' }).isChecked()).toBe(true);
  });

  it('shows in the document list: its role, claims checked of all, and claims per verdict', async () => {
    await page.goto(session.server.url);
    const row = page.locator('[data-document]');
    await expect.poll(() => row.locator('.progress-words').textContent()).toBe('3 of 4 claims checked');
    expect(await row.locator('progress').getAttribute('value')).toBe('3');
    // The verdict given in the test before is counted: the list follows the document.
    expect(await row.getByRole('list', { name: 'Claims by verdict' }).locator('li').allTextContents()).toEqual([
      '✓True 1',
      '◕Mostly true 1',
      '◑Half true 1',
      '◔Mostly false 1',
    ]);
    expect(await row.textContent()).toContain('Owner');
  });
});
