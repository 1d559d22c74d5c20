/**
 * The claim finder in the browser: a pasted article shows its possible claims and translation slips as faint
 * underlines with a summary in the margin; one becomes a claim with its sentence as the statement, one is
 * dismissed (with a click, another with the key); after a reload, and for a colleague, the same hints are decided;
 * a slip becomes a correction proposal, and accepting it fixes the text.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  articleText,
  card,
  caretBefore,
  expand,
  launchBrowser,
  openDocument,
  pagesFor,
  paste,
  SCREENSHOTS,
  type ServerProcess,
  setUpAdministrator,
  share,
  signUp,
  startServer,
} from './harness.ts';

const ARTICLE = [
  'Varnia reports attacks on its networks',
  'ORVIK, 2 November (Nordwire) — Hackers carried out more than 600 attacks on state websites in October, the cyber centre said on Tuesday.',
  'The attacks were malicious or malicious cyber operations, and the tax portal was down for 14 hours.',
  'The government will spend 85 million crowns on defense next year, according to the draft budget.',
].join('\n\n');

let server: ServerProcess;
let browser: Awaited<ReturnType<typeof launchBrowser>>;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.kill('SIGTERM');
});

/** The margin's hint list, opened. */
async function openHints(page: Page) {
  const summary = page.locator('.hints-summary button');
  await expect.poll(() => summary.textContent(), { timeout: 15_000 }).toMatch(/[1-9]\d* possible claims/);
  if ((await summary.getAttribute('aria-expanded')) !== 'true') await summary.click();
  return page.locator('#hint-list');
}

const item = (page: Page, text: string) =>
  page.locator('.hint-item', { has: page.locator('.card-quote', { hasText: text }) });

describe('the claim finder', () => {
  it('suggests claims and slips; one becomes a claim, one a correction, others are dismissed — for the whole desk', async () => {
    const [alice, bruno] = await pagesFor(browser, 2, { timeout: 15_000 });
    if (!alice || !bruno) throw new Error('no pages');
    await setUpAdministrator(alice, server, 'Alice');
    await signUp(bruno, server.url, 'Bruno');
    await alice.goto(server.url);
    await paste(alice, `<p>${ARTICLE.split('\n\n').join('</p><p>')}</p>`, ARTICLE);
    await alice.getByRole('button', { name: 'Create document' }).click();
    await alice.waitForURL(/\/d\/[A-Za-z0-9_-]{12}$/);
    const url = alice.url();
    const id = url.split('/d/')[1] as string;
    await share(alice, server.url, id, 'Bruno', 'editor');
    await openDocument(alice, url);

    // Faint underlines: dotted for a possible claim, wavy for a slip; the reason on hover.
    const list = await openHints(alice);
    const claimHint = alice.locator('.ProseMirror .fm-hint-claim', { hasText: '600 attacks' });
    await claimHint.waitFor();
    expect(await claimHint.evaluate((el) => getComputedStyle(el).textDecorationStyle)).toBe('dotted');
    expect(await claimHint.getAttribute('title')).toMatch(/^Number: number with what it counts/);
    const slip = alice.locator('.ProseMirror .fm-hint-slip', { hasText: 'malicious or malicious' });
    expect(await slip.evaluate((el) => getComputedStyle(el).textDecorationStyle)).toBe('wavy');
    expect(await alice.locator('.hints-summary').textContent()).toMatch(
      /possible claims, 1 possible translation slip$/,
    );
    await alice.screenshot({ path: join(SCREENSHOTS, 'claim-finder.png') });

    // A hint becomes a claim with its sentence as the statement.
    await item(alice, 'more than 600 attacks').getByRole('button', { name: 'Make claim' }).click();
    const claim = card(alice, 'more than 600 attacks', 'claim');
    // It is the active one, in the article and in the margin alike.
    await expect.poll(() => claim.locator('.card-head').getAttribute('aria-expanded')).toBe('true');
    expect((await alice.locator('.ProseMirror .fm-active').allTextContents()).join('')).toContain('600 attacks');
    await expand(claim);
    expect(await claim.getByLabel('Statement').inputValue()).toBe(
      'ORVIK, 2 November (Nordwire) — Hackers carried out more than 600 attacks on state websites in October, the cyber centre said on Tuesday.',
    );
    // One is dismissed with a click, another with the key at the caret (the tip says which).
    await item(alice, 'according to the draft budget').getByRole('button', { name: 'Dismiss' }).click();
    await caretBefore(alice, 'hours');
    await alice.locator('.hint-tip').waitFor();
    expect(await alice.locator('.hint-tip').textContent()).toMatch(
      /^Number: number with what it counts: 14 hours · Ctrl\+Alt\+Enter makes it a claim/,
    );
    await alice.keyboard.press('Control+Alt+d');
    await expect.poll(() => item(alice, '14 hours').count()).toBe(0);
    // A dismissal is undone like any edit, and made again.
    await alice.keyboard.press('Control+z');
    await expect.poll(() => item(alice, '14 hours').count()).toBe(1);
    await caretBefore(alice, 'hours');
    await alice.keyboard.press('Control+Alt+d');
    await expect.poll(() => item(alice, '14 hours').count()).toBe(0);
    expect(await list.locator('.hints-decided summary').textContent()).toBe('Decided (3)');
    expect(await alice.locator('.ProseMirror .fm-hint', { hasText: '14 hours' }).count()).toBe(0);
    const summaryBefore = await alice.locator('.hints-summary').textContent();

    // After a reload, and for a colleague, the hints are decided the same way.
    await alice.reload();
    await openDocument(alice, url);
    await openHints(alice);
    await expect.poll(() => alice.locator('.hints-summary').textContent()).toBe(summaryBefore);
    expect(await item(alice, 'according to the draft budget').count()).toBe(0);
    await openDocument(bruno, url);
    await openHints(bruno);
    await expect.poll(() => bruno.locator('.hints-summary').textContent()).toBe(summaryBefore);
    expect(await item(bruno, '14 hours').count()).toBe(0);
    expect(await item(bruno, 'more than 600 attacks').count()).toBe(0);

    // A slip becomes a correction proposal with its fix; accepting it fixes the text.
    const slipItem = item(bruno, 'malicious or malicious');
    expect(await slipItem.locator('.hint-fix').textContent()).toBe('Suggested: malicious');
    await slipItem.getByRole('button', { name: 'Suggest correction' }).click();
    const correction = card(bruno, 'malicious or malicious', 'correction');
    await expand(correction);
    await correction.getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => articleText(alice)).toContain('The attacks were malicious cyber operations');
    // A colleague's edit is analysed half a second after it arrives (not on every key they type).
    await expect
      .poll(() => alice.locator('.hints-summary').textContent(), { timeout: 5_000 })
      .toMatch(/, 0 possible translation slips$/);
  });
});
