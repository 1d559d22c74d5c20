import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  articleText,
  emailOf,
  SCREENSHOTS,
  selectText,
  setUpAdministrator,
  signUp,
  useBrowserAndServer,
} from './harness.ts';

const session = useBrowserAndServer();
let page: Page;

beforeAll(async () => {
  page = await (await session.browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  page.setDefaultTimeout(10_000);
  await setUpAdministrator(page, session.server, 'Alice');
});

async function upload(name: string, content: string | Buffer): Promise<void> {
  await page.goto(session.server.url);
  await page.getByLabel(/Or upload a file/).setInputFiles({
    name,
    mimeType: 'text/plain',
    buffer: typeof content === 'string' ? Buffer.from(content) : content,
  });
  await page.getByRole('button', { name: 'Create document' }).click();
}

const row = (title: string) => page.locator('.documents > li', { has: page.getByRole('link', { name: title }) });

describe('documents', () => {
  it('creates documents from uploaded Markdown and HTML files, and refuses other files with a clear message', async () => {
    await upload(
      'drills.md',
      '# Drills in the Kessel Sea\n\nMore than **50,000** soldiers, [the ministry](https://mod.example/) said.',
    );
    await page.locator('.connection', { hasText: 'Online' }).waitFor({ timeout: 15_000 });
    expect(await page.locator('.ProseMirror h1').textContent()).toBe('Drills in the Kessel Sea');
    expect(await page.locator('.ProseMirror strong').textContent()).toBe('50,000');
    expect(await page.locator('.ProseMirror a').getAttribute('href')).toBe('https://mod.example/');

    await upload(
      'budget.html',
      '<h1>Budget</h1><p onclick="x()">4.2 billion crowns</p><script>window.__pwned=1</script>',
    );
    await page.locator('.connection', { hasText: 'Online' }).waitFor({ timeout: 15_000 });
    expect(await page.locator('.ProseMirror p').first().textContent()).toBe('4.2 billion crowns');

    await upload('scan.pdf', '%PDF-1.7');
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('"scan.pdf" is not an .html, .txt or .md file');
  });

  it('shows progress while a long article is imported', async () => {
    const paragraph = 'More than 50,000 soldiers and 140 aircraft took part, the ministry said on Monday. ';
    const text = `A long wire story\n\n${Array.from({ length: 3_000 }, (_, i) => `${i}: ${paragraph}`).join('\n\n')}`;
    // Record every stage the progress bar shows.
    await page.goto(session.server.url);
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as { __progress?: string[] }).__progress = seen;
      new MutationObserver(() => {
        const bar = document.querySelector('.import-progress');
        if (bar && seen[seen.length - 1] !== bar.textContent) seen.push(bar.textContent ?? '');
      }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    await page
      .getByLabel(/Or upload a file/)
      .setInputFiles({ name: 'long.txt', mimeType: 'text/plain', buffer: Buffer.from(text) });
    await page.getByRole('button', { name: 'Create document' }).click();
    await page.locator('.connection', { hasText: 'Online' }).waitFor({ timeout: 30_000 });
    const stages = await page.evaluate(() => (window as { __progress?: string[] }).__progress ?? []);
    expect(stages.some((s) => s.startsWith('Converting'))).toBe(true);
    expect(stages.some((s) => s.startsWith('Uploading'))).toBe(true);
    expect(await page.locator('.ProseMirror p').count()).toBe(3_000);
  });

  it('renames, shares with a role, takes the share back, and deletes only after confirmation', async () => {
    const bruno = await (await session.browser.newContext()).newPage();
    await signUp(bruno, session.server.url, 'Bruno');
    await page.goto(session.server.url);
    const drills = row('Drills in the Kessel Sea');
    await drills.getByRole('button', { name: /^Rename/ }).click();
    await drills.getByLabel('New title').fill('Kessel Sea drills: checked');
    await drills.getByRole('button', { name: 'Save title' }).click();
    const renamed = row('Kessel Sea drills: checked');
    await renamed.waitFor();
    await renamed.getByRole('link').click();
    await expect.poll(() => page.locator('.ProseMirror h1').textContent()).toBe('Kessel Sea drills: checked');

    await page.goto(session.server.url);
    await renamed.getByRole('button', { name: /^Share/ }).click();
    const share = renamed.getByRole('region', { name: 'Share' });
    await share.getByLabel('Email').fill(emailOf('Bruno'));
    await share.getByLabel('Role').selectOption('commenter');
    await share.getByRole('button', { name: 'Share' }).click();
    const brunoRole = share.getByRole('combobox', { name: 'Role of Bruno' });
    await expect.poll(() => brunoRole.inputValue()).toBe('commenter');
    // His role changes in place; his document list says it.
    await brunoRole.selectOption('editor');
    await bruno.goto(session.server.url);
    await expect
      .poll(() => bruno.locator('li', { hasText: 'Kessel Sea drills: checked' }).locator('.role-badge').textContent())
      .toBe('Editor');
    await brunoRole.selectOption('commenter');
    await bruno.reload();
    await expect
      .poll(() => bruno.locator('li', { hasText: 'Kessel Sea drills: checked' }).locator('.role-badge').textContent())
      .toBe('Commenter');
    await bruno.getByRole('link', { name: 'Kessel Sea drills: checked' }).click();
    await expect.poll(() => bruno.locator('.role-badge').textContent()).toContain('Commenter');
    await share.getByRole('button', { name: 'Remove Bruno' }).click();
    await expect.poll(() => share.locator('.members li').count()).toBe(1);
    await bruno.goto(session.server.url);
    await bruno.getByRole('heading', { name: 'Documents' }).waitFor();
    expect(await bruno.getByRole('link', { name: 'Kessel Sea drills: checked' }).count()).toBe(0);

    const budget = row('Budget');
    await budget.getByRole('button', { name: /^Delete/ }).click();
    await budget.getByRole('button', { name: 'Keep it' }).click();
    expect(await budget.count()).toBe(1);
    await budget.getByRole('button', { name: /^Delete/ }).click();
    expect(await budget.getByRole('alertdialog').textContent()).toContain('cannot be undone');
    await budget.getByRole('button', { name: 'Delete for everyone' }).click();
    await expect.poll(() => budget.count()).toBe(0);
  });

  it('takes a version, shows it, and restores it', async () => {
    await page.goto(session.server.url);
    await row('Kessel Sea drills: checked').getByRole('link').click();
    await page.locator('.connection', { hasText: 'Online' }).waitFor();
    await page.getByRole('tab', { name: 'History' }).click();
    await page.getByLabel('Version name').fill('As received');
    await page.getByRole('button', { name: 'Take version' }).click();
    const version = page.locator('.version-list li', { hasText: 'As received' });
    await version.waitFor();
    // Change the text after the version.
    await selectText(page, 'More than');
    await page.keyboard.type('Fewer than');
    await expect.poll(() => articleText(page)).toContain('Fewer than 50,000');
    await version.getByRole('button', { name: 'View' }).click();
    await expect
      .poll(() => page.getByRole('article', { name: 'Version As received' }).textContent())
      .toContain('More than 50,000 soldiers');
    // Compared with now: the words taken out struck through, the words put in marked.
    await version.getByRole('button', { name: 'Compare with now' }).click();
    const comparison = page.getByRole('article', { name: 'Changes since As received' });
    await expect.poll(() => comparison.locator('del').allTextContents()).toEqual(['More']);
    expect(await comparison.locator('ins').allTextContents()).toEqual(['Fewer']);
    await page.screenshot({ path: join(SCREENSHOTS, 'version-compare.png') });
    // On a phone the comparison is in the margin's drawer.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('button', { name: /^Margin/ }).click();
    await page.getByRole('tab', { name: 'History' }).click();
    const narrow = page.getByRole('article', { name: 'Changes since As received' });
    if ((await narrow.count()) === 0) await version.getByRole('button', { name: 'Compare with now' }).click();
    await narrow.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'version-compare-phone.png') });
    await page.getByRole('button', { name: 'Close margin' }).click();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole('tab', { name: 'History' }).click();
    await version.getByRole('button', { name: 'Restore…' }).click();
    await version.getByRole('button', { name: 'Restore now' }).click();
    await expect.poll(() => articleText(page)).toContain('More than 50,000 soldiers');
  });
});
