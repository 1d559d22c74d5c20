import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  annotate,
  card,
  expand,
  openDocument,
  openSharedDemo,
  SCREENSHOTS,
  seriousViolations,
  signIn,
  useBrowserAndServer,
} from './harness.ts';

const session = useBrowserAndServer();
let alice: Page;
let bruno: Page;
let docUrl: string;

beforeAll(async () => {
  alice = await (await session.browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  bruno = await (await session.browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  for (const p of [alice, bruno]) p.setDefaultTimeout(10_000);
  docUrl = await openSharedDemo(session.server, { page: alice, name: 'Alice' }, [
    { page: bruno, name: 'Bruno', role: 'editor' },
  ]);
});

describe('keyboard alone', () => {
  it('marks a claim, gives it a verdict and a rationale, and returns to the article without a mouse', async () => {
    // Tab from the top of the page into the article.
    await alice.keyboard.press('Tab');
    for (let i = 0; i < 12; i++) {
      if (await alice.evaluate(() => document.activeElement?.classList.contains('ProseMirror'))) break;
      await alice.keyboard.press('Tab');
    }
    expect(await alice.evaluate(() => document.activeElement?.classList.contains('ProseMirror'))).toBe(true);
    // Caret to the start of the first paragraph, then select its first word.
    await alice.keyboard.press('Control+Home');
    const inParagraph = () =>
      alice.evaluate(() => getSelection()?.anchorNode?.parentElement?.closest('.ProseMirror p') != null);
    for (let i = 0; i < 5 && !(await inParagraph()); i++) await alice.keyboard.press('ArrowDown');
    await alice.keyboard.press('Home');
    await alice.keyboard.press('Control+Shift+ArrowRight');
    // The editor has taken the selection once its toolbar shows.
    await alice.getByRole('toolbar', { name: 'Annotate the selection' }).waitFor();
    await alice.keyboard.press('Control+Alt+c');
    const claim = alice.locator('.card-claim').first();
    await claim.waitFor();
    expect(await claim.locator('.card-quote').textContent()).toMatch(/^PORT/);
    await alice.keyboard.press('Control+Alt+j');
    await expect.poll(() => alice.evaluate(() => document.activeElement?.className)).toBe('card-head');
    // Statement, then the verdict radios (arrow keys choose), then the rationale.
    await alice.keyboard.press('Tab');
    await alice.keyboard.press('Tab');
    await alice.keyboard.press('ArrowRight');
    await alice.keyboard.press('ArrowRight');
    await alice.keyboard.press('Tab');
    await alice.keyboard.type('Datelines name the city of filing, checked against the wire.');
    await alice.keyboard.press('Tab');
    await expect.poll(() => claim.locator('.card-head .verdict-chip').textContent()).toBe('◕Mostly true');
    expect(await claim.getByLabel('Rationale').inputValue()).toContain('Datelines name the city');
    await alice.keyboard.press('Escape');
    await expect.poll(() => alice.evaluate(() => document.activeElement?.classList.contains('ProseMirror'))).toBe(true);
  });
});

describe('accessibility and layout', () => {
  it('has no serious or critical axe violations: document list, workspace, cards, panels and dialogs', async () => {
    const page = alice;
    await page.goto(session.server.url);
    await page.getByRole('heading', { name: 'Documents' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await openDocument(page, docUrl);
    await annotate(page, 'More than 50,000 soldiers and 140 aircraft', 'Claim');
    const claim = card(page, 'More than 50,000 soldiers', 'claim');
    await claim.getByRole('radio', { name: 'Mostly false' }).check();
    await annotate(page, 'hostile or hostile', 'Suggest correction');
    await page.getByRole('dialog', { name: 'Suggest a correction' }).getByLabel('Replace with').fill('hostile');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('dialog', { name: 'Suggest a correction' }).getByRole('button', { name: 'Suggest' }).click();
    await annotate(bruno, 'on Monday', 'Comment');
    await bruno.getByRole('dialog', { name: 'Comment' }).getByLabel('Comment').fill('Monday or Tuesday?');
    await bruno.getByRole('dialog', { name: 'Comment' }).getByRole('button', { name: 'Comment' }).click();
    await card(page, 'on Monday', 'comment').waitFor();
    await expand(claim);
    await page.getByRole('search', { name: 'Filter annotations' }).locator('summary').click();
    expect(await seriousViolations(page)).toEqual([]);
    for (const tab of ['Sources', 'Corrections log', 'Summary', 'History']) {
      await page.getByRole('tab', { name: new RegExp(`^${tab}`) }).click();
      expect(await seriousViolations(page), tab).toEqual([]);
    }
    await page.getByRole('tab', { name: /^Margin/ }).click();
    await page.keyboard.press('Control+/');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');

    // The desktop screenshot for the README: a claim with its verdict, a suggestion, a colleague's comment.
    await bruno.locator('.ProseMirror p').nth(3).click();
    await page.locator('.ProseMirror-yjs-cursor', { hasText: 'Bruno' }).waitFor();
    await expand(claim);
    await page.screenshot({ path: join(SCREENSHOTS, 'workspace-desktop.png') });
  });

  it('works at 390×844: the margin becomes a drawer that a highlight or the Margin button opens', async () => {
    const phone = await (
      await session.browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true })
    ).newPage();
    phone.setDefaultTimeout(10_000);
    await signIn(phone, session.server.url, 'Bruno');
    expect(await seriousViolations(phone)).toEqual([]);
    await openDocument(phone, docUrl);
    // The article takes the whole width; the margin is hidden until asked for.
    const margin = phone.getByRole('complementary', { name: 'Margin' });
    expect(await margin.isVisible()).toBe(false);
    const editorBox = await phone.locator('.ProseMirror').boundingBox();
    expect(editorBox?.width).toBeGreaterThan(340);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.getByRole('button', { name: /^Margin/ }).click();
    await margin.waitFor();
    await card(phone, 'More than 50,000 soldiers', 'claim').waitFor();
    expect(await seriousViolations(phone)).toEqual([]);
    await phone.getByRole('button', { name: 'Close margin' }).click();
    expect(await margin.isVisible()).toBe(false);
    // Tapping a highlight opens the drawer on its card.
    await phone.locator('.ProseMirror [data-claim]', { hasText: 'More than 50,000' }).click();
    await margin.waitFor();
    await expect
      .poll(() => card(phone, 'More than 50,000 soldiers', 'claim').getAttribute('class'))
      .toContain('active');
    await phone.screenshot({ path: join(SCREENSHOTS, 'workspace-narrow.png') });
  });
});
