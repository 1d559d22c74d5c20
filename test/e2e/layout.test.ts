import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  annotate,
  card,
  onlyDocument,
  openDocument,
  selectText,
  seriousViolations,
  setUpAdministrator,
  useBrowserAndServer,
} from './harness.ts';

/**
 * Every screen at a phone's size and a laptop's: nothing scrolls sideways,
 * the drawer and every open dialog lie inside the viewport, and axe finds no
 * serious or critical violation.
 */
const session = useBrowserAndServer();
let docUrl = '';

beforeAll(async () => {
  const page = await (await session.browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await setUpAdministrator(page, session.server, 'Alice');
  docUrl = `${session.server.url}/d/${await onlyDocument(page, session.server.url)}`;
  await openDocument(page, docUrl);
  await annotate(page, 'More than 50,000 soldiers and 140 aircraft', 'Claim');
  await card(page, 'More than 50,000 soldiers', 'claim').getByRole('radio', { name: 'Mostly false' }).check();
  await page.context().close();
});

/** What is wrong with the page's layout now, in words (empty when nothing is). */
async function layoutProblems(page: Page, screen: string): Promise<string[]> {
  const problems = await page.evaluate(() => {
    const out: string[] = [];
    if (document.documentElement.scrollWidth > innerWidth)
      out.push(`scrolls sideways (${document.documentElement.scrollWidth} > ${innerWidth})`);
    const boxes = [...document.querySelectorAll('dialog[open], [role="complementary"]')] as HTMLElement[];
    for (const el of boxes) {
      if (el.offsetParent === null && getComputedStyle(el).position !== 'fixed') continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0) continue;
      if (r.left < -0.5 || r.right > innerWidth + 0.5)
        out.push(
          `${el.tagName.toLowerCase()} ${el.getAttribute('aria-label') ?? el.className} is outside the viewport`,
        );
    }
    return out;
  });
  return [...problems, ...(await seriousViolations(page))].map((p) => `${screen}: ${p}`);
}

for (const [width, height] of [
  [390, 844],
  [1280, 800],
] as const) {
  describe(`every screen at ${width}×${height}`, () => {
    it('sign-in, documents, the workspace with each tab, the drawer, each dialog, My work, the notifications and the webhooks fit and pass axe', async () => {
      const page = await (await session.browser.newContext({ viewport: { width, height } })).newPage();
      page.setDefaultTimeout(10_000);
      const problems: string[] = [];
      await page.goto(`${session.server.url}/signin`);
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      problems.push(...(await layoutProblems(page, 'sign-in')));
      await page.getByLabel('Email').fill('alice@desk.example');
      await page.getByLabel(/^Password/).fill('correct horse battery');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Documents' }).waitFor();
      problems.push(...(await layoutProblems(page, 'documents')));
      await openDocument(page, docUrl);
      problems.push(...(await layoutProblems(page, 'workspace')));
      const narrow = width < 760;
      // Every tab is in view: the tab row neither wraps nor hides a tab behind a scroll (at 390 px, in the drawer).
      if (narrow) await page.getByRole('button', { name: /^Margin/ }).click();
      const tabRow = await page
        .getByRole('tablist', { name: 'Margin panels' })
        .evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, height: el.clientHeight }));
      if (tabRow.scroll > tabRow.client || tabRow.height > 48)
        problems.push(`the tab row does not fit: ${JSON.stringify(tabRow)}`);
      if (narrow) await page.getByRole('button', { name: 'Close margin' }).click();
      for (const tab of ['Margin', 'Sources', 'Corrections log', 'Summary', 'History']) {
        if (narrow && !(await page.getByRole('complementary', { name: 'Margin' }).isVisible()))
          await page.getByRole('button', { name: /^Margin/ }).click();
        await page.getByRole('tab', { name: new RegExp(`^${tab}`) }).click();
        problems.push(...(await layoutProblems(page, `${tab} tab`)));
      }
      if (narrow) await page.getByRole('button', { name: 'Close margin' }).click();
      for (const [button, dialog] of [
        ['Cite source', 'Cite a source'],
        ['Suggest correction', 'Suggest a correction'],
        ['Comment', 'Comment'],
      ] as const) {
        await selectText(page, 'the biggest in the region since 2015');
        await page
          .getByRole('toolbar', { name: 'Annotate the selection' })
          .getByRole('button', { name: new RegExp(`^${button}`) })
          .click();
        await page.getByRole('dialog', { name: dialog }).waitFor();
        problems.push(...(await layoutProblems(page, `${dialog} dialog`)));
        await page.keyboard.press('Escape');
        await expect.poll(() => page.getByRole('dialog', { name: dialog }).count()).toBe(0);
      }
      await page.getByRole('button', { name: 'Export / import' }).click();
      problems.push(...(await layoutProblems(page, 'export dialog')));
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'Shortcuts' }).click();
      problems.push(...(await layoutProblems(page, 'shortcuts dialog')));
      await page.keyboard.press('Escape');
      // The desk's pages: My work and the notifications.
      await page.getByRole('link', { name: 'My work' }).click();
      await page.getByRole('heading', { name: 'My work' }).waitFor();
      await expect.poll(() => page.locator('main').textContent()).toContain('My claims to finish 1');
      problems.push(...(await layoutProblems(page, 'my work')));
      await page.getByRole('link', { name: /^Notifications/ }).click();
      await page.getByRole('heading', { name: 'Notifications' }).waitFor();
      problems.push(...(await layoutProblems(page, 'notifications')));
      // The desk's webhooks (the administrator's), with one endpoint and its form.
      await page.getByRole('link', { name: 'Desk webhooks' }).click();
      await page.getByRole('heading', { name: 'Webhooks of the desk' }).waitFor();
      await page.getByLabel('Address (http or https)').fill('https://cms.newsroom.example.org/factmark/hooks');
      await page.getByRole('button', { name: 'Add the webhook' }).click();
      await page.getByRole('button', { name: 'Deliveries' }).first().click();
      await page.getByRole('table').first().waitFor();
      problems.push(...(await layoutProblems(page, 'webhooks')));
      expect(problems).toEqual([]);
      await page.context().close();
    });
  });
}
