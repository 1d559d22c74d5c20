/**
 * Publishing in the app: the second reviewer on a claim's card (one person cannot check their own verdict), the
 * publish check with a way to each problem, the claim's origin and the publication details edited in the app, the
 * owner's second-reviewer setting — and the exports a desk ships (PDF, HTML) accessible and printable.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { annotate, card, expand, openSharedDemo, pagesFor, seriousViolations, useBrowserAndServer } from './harness.ts';

const session = useBrowserAndServer();
let alice: Page;
let bruno: Page;

beforeAll(async () => {
  [alice, bruno] = (await pagesFor(session.browser, 2)) as [Page, Page];
  await openSharedDemo(session.server, { page: alice, name: 'Alice' }, [
    { page: bruno, name: 'Bruno', role: 'editor' },
  ]);
});

const dialog = (page: Page) => page.getByRole('dialog', { name: 'Publish, export and import' });
const notice = (page: Page) => page.locator('.error.notice');

describe('a second pair of eyes', () => {
  it('lets the verdict’s author neither check nor publish; a colleague checks, then it is published', async () => {
    await annotate(alice, 'More than 50,000 soldiers and 140 aircraft', 'Claim');
    const claim = card(alice, 'More than 50,000 soldiers', 'claim');
    await expand(claim);
    await claim.getByRole('radio', { name: 'Mostly false' }).check();
    await expect
      .poll(() => claim.locator('.review-state').textContent())
      .toMatch(/^Verdict by Alice on \d{4}-\d\d-\d\d\. Waiting for a second reviewer: someone other than Alice/);
    await claim.getByLabel('Status').selectOption('checked');
    await expect
      .poll(() => notice(alice).textContent())
      .toContain(
        'You gave the verdict on the claim on “More than 50,000 soldiers and 140 aircraft”: a colleague must check it',
      );
    expect(await claim.getByLabel('Status').inputValue()).toBe('draft');

    const theirs = card(bruno, 'More than 50,000 soldiers', 'claim');
    await theirs.waitFor();
    await expand(theirs);
    await expect.poll(() => theirs.locator('.review-state').textContent()).toContain('Waiting for a second reviewer');
    await theirs.getByLabel('Status').selectOption('checked');
    await expect.poll(() => claim.locator('.review-state').textContent()).toMatch(/Checked by Bruno on /);
    await claim.getByLabel('Status').selectOption('published');
    await expect.poll(() => theirs.getByLabel('Status').inputValue()).toBe('published');
  });

  it('shows the publish check with a way to each claim; filling the claim’s origin clears its problem', async () => {
    await alice.getByRole('button', { name: 'Export / import' }).click();
    const problems = dialog(alice).getByRole('list', { name: 'What stands between this check and publishing' });
    await expect
      .poll(() => problems.textContent())
      .toContain('The claim “More than 50,000 soldiers and 140 aircraft” has no claimant: say who made it.');
    await problems
      .getByRole('listitem')
      .filter({ hasText: 'has no claimant' })
      .getByRole('button', { name: 'Show' })
      .click();
    // The dialog closes and the claim's card has the focus.
    await expect.poll(() => dialog(alice).isVisible()).toBe(false);
    const claim = card(alice, 'More than 50,000 soldiers', 'claim');
    await expect
      .poll(() => claim.evaluate((el) => el === document.activeElement || el.contains(document.activeElement)))
      .toBe(true);
    await expand(claim);
    await claim.getByLabel('Claimant', { exact: true }).fill('Varnian Defense Ministry');
    await claim.getByLabel('A person or an organisation').selectOption('organization');
    await claim.getByLabel('Claimant’s page (URL)').fill('javascript:alert(1)');
    await claim.getByLabel('Claim made on').click();
    await expect.poll(() => claim.getByRole('alert').textContent()).toMatch(/http and https/);
    await claim.getByLabel('Claimant’s page (URL)').fill('https://mod.example/');
    await claim.getByLabel('Claim made on').fill('2026-03-13');
    await claim.getByLabel('Claimant', { exact: true }).click();
    await expect
      .poll(() => card(bruno, 'More than 50,000', 'claim').getByLabel('Claimant', { exact: true }).inputValue())
      .toBe('Varnian Defense Ministry');
    await alice.getByRole('button', { name: 'Export / import' }).click();
    await expect.poll(() => problems.textContent()).not.toContain('has no claimant');
  });

  it('edits the publication details (http and https only) and the owner’s second-reviewer rule, seen live', async () => {
    const details = dialog(alice).getByRole('region', { name: 'Publication details' });
    await details.getByLabel('Fact-check’s URL').fill('javascript:alert(1)');
    await details.getByLabel('Organisation', { exact: true }).click();
    await expect.poll(() => details.locator('.field-error').textContent()).toMatch(/http and https/);
    await details.getByLabel('Fact-check’s URL').fill('https://desk.example/checks/drills');
    await details.getByLabel('Organisation', { exact: true }).fill('Desk Fact Check');
    await details.getByLabel('Authors').fill('Ilse Varga, Tomas Reyes');
    await details.getByLabel('Publisher').click();
    await dialog(alice).getByRole('button', { name: 'Check again' }).click();
    await expect.poll(() => dialog(alice).locator('.publish-issues').textContent()).not.toContain('publication URL');

    const rule = dialog(alice).getByRole('region', { name: 'Second reviewer' });
    await rule.getByRole('checkbox').uncheck();
    await expect.poll(() => rule.textContent()).toMatch(/Turned off by Alice on \d{4}/);
    await bruno.getByRole('button', { name: 'Export / import' }).click();
    const theirs = dialog(bruno);
    await expect
      .poll(() => theirs.getByRole('region', { name: 'Publication details' }).getByLabel('Authors').inputValue())
      .toBe('Ilse Varga, Tomas Reyes');
    expect(await theirs.getByRole('region', { name: 'Second reviewer' }).getByRole('checkbox').isDisabled()).toBe(true);
    expect(await seriousViolations(bruno)).toEqual([]);
    await rule.getByRole('checkbox').check();
    await theirs.getByRole('button', { name: 'Close' }).click();
  });
});

describe('what a desk ships', () => {
  it('downloads the report as PDF, and the report and corrected article as HTML that axe finds no serious fault in', async () => {
    const [file] = await Promise.all([
      alice.waitForEvent('download'),
      dialog(alice).getByRole('button', { name: 'Fact-check report (PDF)' }).click(),
    ]);
    const pdf = readFileSync((await file.path()) as string);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(file.suggestedFilename()).toMatch(/\.report\.pdf$/);
    const reader = await (await session.browser.newContext()).newPage();
    for (const label of ['Fact-check report (HTML)', 'Corrected article (HTML)']) {
      const [html] = await Promise.all([
        alice.waitForEvent('download'),
        dialog(alice).getByRole('button', { name: label }).click(),
      ]);
      await reader.setContent(readFileSync((await html.path()) as string, 'utf8'));
      expect(await seriousViolations(reader), label).toEqual([]);
      await reader.emulateMedia({ media: 'print' });
      expect(await seriousViolations(reader), `${label}, printed`).toEqual([]);
      await reader.emulateMedia({ media: 'screen' });
    }
  });
});
