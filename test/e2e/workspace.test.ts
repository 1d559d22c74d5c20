import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  annotate,
  articleText,
  card,
  caretBefore,
  onlyDocument,
  openDocument,
  SCREENSHOTS,
  selectText,
  setUpAdministrator,
  useBrowserAndServer,
} from './harness.ts';

const session = useBrowserAndServer();
let page: Page;

beforeAll(async () => {
  page = await (await session.browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  page.setDefaultTimeout(8_000);
  await setUpAdministrator(page, session.server, 'Alice');
  const id = await onlyDocument(page, session.server.url);
  await openDocument(page, `${session.server.url}/d/${id}`);
});

const toolbar = () => page.getByRole('toolbar', { name: 'Annotate the selection' });

/** Select text and wait until the editor has taken the selection (its toolbar shows). */
async function select(text: string): Promise<void> {
  await selectText(page, text);
  await toolbar().waitFor();
}

/** The vertical distance between a card and the first line of its span. */
async function misalignment(quote: string): Promise<number> {
  const span = await page
    .locator('.ProseMirror [data-claim], .ProseMirror [data-comment]', { hasText: quote })
    .first()
    .boundingBox();
  const box = await card(page, quote).boundingBox();
  if (!span || !box) throw new Error(`no span or card for "${quote}"`);
  return Math.abs(box.y - span.y);
}

describe('the fact-checker’s workspace', () => {
  it('offers Claim, Cite source, Suggest correction and Comment on any selection', async () => {
    expect(await toolbar().count()).toBe(0);
    await selectText(page, 'More than 50,000 soldiers and 140 aircraft');
    const labels = await toolbar().getByRole('button').allTextContents();
    expect(labels.map((l) => l.replace(/Ctrl.*$/, '').trim())).toEqual([
      'Claim',
      'Cite source',
      'Suggest correction',
      'Comment',
    ]);
    await toolbar()
      .getByRole('button', { name: /^Claim/ })
      .click();
    await card(page, 'More than 50,000 soldiers', 'claim').waitFor();
    // The new claim's card is open, with the selected text as its statement.
    await expect
      .poll(() => card(page, 'More than 50,000 soldiers').getByLabel('Statement').inputValue())
      .toBe('More than 50,000 soldiers and 140 aircraft');
  });

  it('reaches the toolbar from the keyboard (Alt+F10, arrows, Enter) and lists every shortcut in a help dialog', async () => {
    await select('the press service of the fleet');
    await page.keyboard.press('Alt+F10');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toMatch(/^Comment/);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Comment' });
    await dialog.getByLabel('Comment').fill('Which press service? The original names the Northern Fleet.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await card(page, 'the press service of the fleet', 'comment').waitFor();
    await expect.poll(() => dialog.isVisible()).toBe(false);

    await page.keyboard.press('Control+/');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    const rows = await help.locator('tr').allTextContents();
    for (const action of ['claim', 'Cite a source', 'Suggest a correction', 'Comment', 'toolbar', 'its card', 'Undo']) {
      expect(rows.join('\n')).toContain(action);
    }
    expect(rows.join('\n')).toContain('Ctrl+Alt+C');
    await page.keyboard.press('Escape');
    await expect.poll(() => help.isVisible()).toBe(false);
  });

  it('cites a source with a new library entry: only http(s) URLs, the domain shown', async () => {
    await select('4.2 billion crowns');
    await page.keyboard.press('Control+Alt+s');
    const dialog = page.getByRole('dialog', { name: 'Cite a source' });
    await dialog.getByLabel(/^URL/).fill('javascript:alert(1)');
    expect(await dialog.locator('.field-error').textContent()).toContain('Only http:// and https://');
    await dialog.getByLabel('Title').fill('Budget law 2023');
    await dialog.getByRole('button', { name: 'Cite' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toMatch(/http/);
    await dialog.getByLabel(/^URL/).fill('https://www.parliament.example/budget-2023');
    expect(await dialog.locator('.domain').textContent()).toContain('parliament.example');
    await page.screenshot({ path: join(SCREENSHOTS, 'cite-source.png') });
    await dialog.getByLabel('Publisher').fill('Parliament of Varnia');
    await dialog.getByLabel('Archived copy URL').fill('https://archive.example/2023/budget');
    await dialog.getByLabel('Quoted excerpt from the source').fill('Defence: 4.2 billion crowns (2022: 3.75 billion)');
    await dialog.getByRole('button', { name: 'Cite' }).click();
    const citation = card(page, '4.2 billion crowns', 'citation');
    await citation.waitFor();
    expect(await citation.locator('.excerpt').textContent()).toBe('Defence: 4.2 billion crowns (2022: 3.75 billion)');
    expect(await citation.getByRole('link', { name: 'Budget law 2023' }).getAttribute('href')).toBe(
      'https://www.parliament.example/budget-2023',
    );
  });

  it('fills a claim card: statement, verdict (with a symbol, not only colour), rationale, status, assignee, sources, thread', async () => {
    const claim = card(page, 'More than 50,000 soldiers', 'claim');
    await claim.locator('.card-head').click();
    await claim.getByLabel('Statement').fill('Varnia has more than 50,000 soldiers and 140 aircraft in the drills');
    await claim.getByRole('radio', { name: 'Mostly false' }).check();
    await expect.poll(() => claim.locator('.card-head .verdict-chip').textContent()).toBe('◔Mostly false');
    await claim.getByLabel('Rationale').fill('The ministry briefing gave 35,000 soldiers; 140 aircraft is right.');
    await claim.getByLabel('Status').selectOption('in_review');
    await claim.getByLabel('Assignee').selectOption({ label: 'Alice' });
    // Moving through the library with the keyboard attaches nothing; the Attach button does.
    await claim.getByLabel('Add from library').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.waitForTimeout(200);
    expect(await claim.locator('.claim-sources li').count()).toBe(0);
    await claim.getByLabel('Add from library').selectOption({ label: 'Budget law 2023' });
    expect(await claim.locator('.claim-sources li').count()).toBe(0);
    await claim.getByRole('button', { name: 'Attach' }).click();
    await claim.getByRole('button', { name: 'New source…' }).click();
    const form = claim.getByRole('form', { name: 'New source' });
    await form.getByLabel(/^URL/).fill('https://mod.example/briefing-14-march');
    await form.getByLabel('Title').fill('Ministry briefing, 14 March');
    await form.getByRole('button', { name: 'Add and attach' }).click();
    await expect
      .poll(() => claim.locator('.claim-sources li').allTextContents())
      .toEqual(['Budget law 2023 (parliament.example)×', 'Ministry briefing, 14 March (mod.example)×']);
    await claim.getByLabel('Add a note').fill('Checked against the briefing transcript.');
    await claim.getByRole('button', { name: 'Post' }).click();
    await claim.locator('.messages li', { hasText: 'Checked against the briefing transcript.' }).waitFor();
    // Everything was written to the document: a reload shows the same card.
    await page.reload();
    await page.locator('.connection', { hasText: 'Online' }).waitFor();
    await claim.locator('.card-head').click();
    expect(await claim.getByLabel('Rationale').inputValue()).toBe(
      'The ministry briefing gave 35,000 soldiers; 140 aircraft is right.',
    );
    expect(await claim.getByLabel('Status').inputValue()).toBe('in_review');
    expect(await claim.getByRole('radio', { name: 'Mostly false' }).isChecked()).toBe(true);
    expect(await claim.getByLabel('Statement').inputValue()).toContain('more than 50,000 soldiers and 140 aircraft in');
  });

  it('lists sources with the claims that use them', async () => {
    await page.getByRole('tab', { name: /Sources/ }).click();
    const item = page.locator('.source-item', { hasText: 'Budget law 2023' });
    expect(await item.locator('.used-by li').allTextContents()).toEqual([
      'More than 50,000 soldiers and 140 aircraft',
      '4.2 billion crowns',
    ]);
    // A source in use cannot be deleted; the reason names its users.
    await item.getByRole('button', { name: 'Delete source Budget law 2023' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('used');
    await page.getByRole('tab', { name: /Margin/ }).click();
  });

  it('aligns cards with their spans, stacks close ones without overlap, and links card and highlight both ways', async () => {
    await annotate(page, 'the biggest in the region since 2015', 'Claim');
    await annotate(page, 'on Monday', 'Comment');
    await page.getByRole('dialog', { name: 'Comment' }).getByLabel('Comment').fill('Monday or Tuesday?');
    await page.getByRole('dialog', { name: 'Comment' }).getByRole('button', { name: 'Comment' }).click();
    await card(page, 'on Monday', 'comment').waitFor();
    // Two annotations on neighbouring lines further down: the active card sits level with its span.
    await annotate(page, 'in breach of a 1994 agreement', 'Claim');
    await annotate(page, '63 percent of Varnians', 'Comment');
    await page.getByRole('dialog', { name: 'Comment' }).getByLabel('Comment').fill('Which survey question?');
    await page.getByRole('dialog', { name: 'Comment' }).getByRole('button', { name: 'Comment' }).click();
    await card(page, '63 percent of Varnians', 'comment').waitFor();
    await expect.poll(() => misalignment('63 percent of Varnians'), { timeout: 3_000 }).toBeLessThan(4);
    // No two cards overlap.
    const boxes = await page
      .locator('[data-card]')
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => [r.top, r.bottom]));
    const sorted = boxes.sort((a, b) => (a[0] as number) - (b[0] as number));
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]?.[0]).toBeGreaterThanOrEqual(sorted[i - 1]?.[1] as number);

    // Card → span: clicking the card selects and highlights its span.
    await card(page, 'in breach of a 1994', 'claim').locator('.card-head').click();
    // The highlight may be drawn in pieces (the claim finder's underlines split it): read them together.
    await expect
      .poll(async () => (await page.locator('.fm-active').allTextContents()).join(''))
      .toBe('in breach of a 1994 agreement');
    await expect.poll(() => misalignment('in breach of a 1994'), { timeout: 3_000 }).toBeLessThan(4);
    // Span → card: clicking a highlight opens its card.
    await page.locator('.ProseMirror [data-claim]', { hasText: 'More than 50,000' }).click();
    await expect.poll(() => card(page, 'More than 50,000', 'claim').getAttribute('class')).toContain('active');
  });

  it('jumps from a span to its card with Ctrl+Alt+J and back with Escape', async () => {
    await page.locator('.ProseMirror [data-claim]', { hasText: 'the biggest in the region' }).click();
    await expect
      .poll(() => page.locator('.fm-active').first().textContent())
      .toBe('the biggest in the region since 2015');
    await page.keyboard.press('Control+Alt+j');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.closest('[data-card]')?.textContent ?? ''))
      .toContain('the biggest in the region');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.evaluate(() => document.activeElement?.className)).toContain('ProseMirror');
  });

  it('filters the margin by kind, verdict, status, assignee, author and text', async () => {
    const count = () => page.locator('[data-card]').count();
    const all = await count();
    expect(all).toBe(7);
    const filters = page.getByRole('search', { name: 'Filter annotations' });
    await filters.locator('summary', { hasText: 'Filters' }).click();
    await filters.getByLabel('Kind').selectOption('comment');
    await expect.poll(count).toBe(3);
    await filters.getByLabel('Kind').selectOption('');
    await filters.getByLabel('Verdict').selectOption('Mostly false');
    await expect.poll(count).toBe(1);
    await filters.getByLabel('Verdict').selectOption('(none)');
    await expect
      .poll(() => page.locator('[data-card] .card-quote').allTextContents())
      .toEqual(['the biggest in the region since 2015', 'in breach of a 1994 agreement']);
    await filters.getByLabel('Verdict').selectOption('');
    await filters.getByLabel('Status').selectOption('in_review');
    await expect.poll(count).toBe(1);
    await filters.getByLabel('Status').selectOption('');
    await filters.getByLabel('Assignee').selectOption({ label: 'Alice' });
    await expect.poll(count).toBe(1);
    await filters.getByLabel('Assignee').selectOption('');
    await filters.getByLabel('Author').selectOption({ label: 'Alice' });
    await expect.poll(count).toBe(all);
    await filters.getByLabel('Search').fill('northern fleet');
    await expect
      .poll(() => page.locator('[data-card] .card-quote').allTextContents())
      .toEqual(['the press service of the fleet']);
    await filters.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(count).toBe(all);
  });

  it('shows a suggestion inline (struck through, replacement shown), accepts and rejects with who and when, and logs both', async () => {
    await annotate(page, 'hostile or hostile', 'Suggest correction');
    let dialog = page.getByRole('dialog', { name: 'Suggest a correction' });
    expect(await dialog.getByLabel('Replace with').inputValue()).toBe('hostile or hostile');
    await dialog.getByLabel('Replace with').fill('hostile');
    await dialog.getByLabel('Why').fill('Machine translation doubled the word.');
    await dialog.getByRole('button', { name: 'Suggest' }).click();
    await expect.poll(() => page.locator('.fm-suggestion-original').textContent()).toBe('hostile or hostile');
    expect(await page.locator('ins.fm-suggestion-proposed').textContent()).toBe('hostile');

    await annotate(page, 'she added', 'Suggest correction');
    dialog = page.getByRole('dialog', { name: 'Suggest a correction' });
    await dialog.getByLabel('Replace with').fill('he added');
    await dialog.getByRole('button', { name: 'Suggest' }).click();
    await card(page, 'she added', 'correction').waitFor();

    // After acceptance the span reads as the proposed text: find the cards by id.
    const firstId = await card(page, 'hostile or hostile', 'correction').getAttribute('data-card');
    const first = page.locator(`[data-card="${firstId}"]`);
    await first.locator('.card-head').click();
    await first.getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => articleText(page)).toContain('repelled hostile information attacks');
    await expect.poll(() => first.locator('.decision').textContent()).toMatch(/^Accepted by Alice on /);
    expect(await page.locator('.fm-suggestion-original', { hasText: 'hostile' }).count()).toBe(0);

    const second = card(page, 'she added', 'correction');
    await second.locator('.card-head').click();
    await second.getByRole('button', { name: 'Reject' }).click();
    await expect.poll(() => second.locator('.decision').textContent()).toMatch(/^Rejected by Alice on /);
    expect(await articleText(page)).toContain('she added');

    await page.getByRole('tab', { name: 'Corrections log' }).click();
    const log = await page.locator('.log-entry').allTextContents();
    await page.screenshot({ path: join(SCREENSHOTS, 'corrections-log.png') });
    expect(log).toHaveLength(2);
    expect(log[0]).toMatch(/^Rejected.*she added → he added.*Alice/);
    expect(log[1]).toMatch(/^Accepted.*Mistranslation.*hostile or hostile → hostile.*Alice/);
    // Who proposed it, and why.
    expect(log[1]).toContain('Proposed by Alice: “Machine translation doubled the word.”');
  });

  it('summarizes the check: a chart of verdicts, claims without sources or verdict, pending corrections', async () => {
    await page.getByRole('tab', { name: 'Summary' }).click();
    const chart = page.getByRole('img', { name: /Claims by verdict/ });
    expect(await chart.getAttribute('aria-label')).toContain('Mostly false: 1');
    expect(await chart.locator('[data-verdict="Mostly false"]').getAttribute('data-count')).toBe('1');
    expect(await chart.locator('[data-verdict="True"]').getAttribute('data-count')).toBe('0');
    const panel = page.locator('.summary-panel');
    expect(await panel.locator('p').first().textContent()).toBe(
      '3 claims · 2 without verdict · 2 without sources · 0 pending corrections · 3 open comments',
    );
    await page.screenshot({ path: join(SCREENSHOTS, 'summary.png') });
    await page.getByRole('tab', { name: 'Margin' }).click();
  });

  it('lists an orphan with its last text after its passage is deleted; re-attach and remove work', async () => {
    await select('the biggest in the region since 2015');
    await page.keyboard.press('Backspace');
    const orphans = page.getByRole('region', { name: /Orphans/ });
    await orphans.waitFor();
    expect(await orphans.locator('.orphan .card-quote').textContent()).toBe('the biggest in the region since 2015');
    await select('the Kessel Sea');
    await orphans.getByRole('button', { name: 'Re-attach to selection' }).click();
    await card(page, 'the Kessel Sea', 'claim').waitFor();
    expect(await orphans.count()).toBe(0);

    await select('on Monday');
    await page.keyboard.press('Backspace');
    await orphans.waitFor();
    await orphans.getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => orphans.count()).toBe(0);
    expect(await card(page, 'on Monday').count()).toBe(0);
  });

  // Last: it changes the article's text.
  it('moves cards with their spans when lines are typed above them (cards are placed outside React)', async () => {
    const quote = '63 percent of Varnians';
    const comment = card(page, quote, 'comment');
    if (!(await comment.getAttribute('class'))?.includes('active')) await comment.locator('.card-head').click();
    const cardTop = () => comment.evaluate((e) => e.getBoundingClientRect().top + window.scrollY);
    const before = await cardTop();
    await caretBefore(page, quote);
    for (let i = 0; i < 8; i++) await page.keyboard.press('Enter');
    // Eight new lines push the span (and its active card, level with it) down.
    await expect.poll(cardTop, { timeout: 3_000 }).toBeGreaterThan(before + 100);
    await expect.poll(() => misalignment(quote), { timeout: 3_000 }).toBeLessThan(4);
    for (let i = 0; i < 8; i++) await page.keyboard.press('Backspace');
    await expect.poll(async () => Math.abs((await cardTop()) - before), { timeout: 3_000 }).toBeLessThan(4);
    // Typing inside the span changes what its card quotes (the margin derives only the changed block's spans).
    const count = await page.locator('.filter-count').textContent();
    await caretBefore(page, 'percent of Varnians');
    await page.keyboard.type('XX ');
    await card(page, '63 XX percent of Varnians', 'comment').waitFor({ timeout: 3_000 });
    for (let i = 0; i < 3; i++) await page.keyboard.press('Backspace');
    await card(page, '63 percent of Varnians', 'comment').waitFor({ timeout: 3_000 });
    expect(await page.locator('.filter-count').textContent()).toBe(count);
  });
});
