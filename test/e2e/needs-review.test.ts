/** An import that cannot be sure where an annotation belongs: the margin's Needs review, and a person deciding. */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { card, expand, onlyDocument, openDocument, setUpAdministrator, useBrowserAndServer } from './harness.ts';

const session = useBrowserAndServer();
let page: Page;

/** A W3C annotation from another tool: a claim on words the demo article holds several times, with no context. */
const FILE = {
  '@context': 'http://www.w3.org/ns/anno.jsonld',
  type: 'Annotation',
  id: 'https://other.example/anno/7',
  motivation: 'assessing',
  creator: { id: 'https://other.example/u/kim', name: 'Kim' },
  body: [{ type: 'TextualBody', value: 'How many exactly?', purpose: 'describing' }],
  target: { source: 'https://nordwire.example/a', selector: [{ type: 'TextQuoteSelector', exact: 'more than' }] },
};

beforeAll(async () => {
  page = await (await session.browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  page.setDefaultTimeout(10_000);
  await setUpAdministrator(page, session.server, 'Alice');
  await openDocument(page, `${session.server.url}/d/${await onlyDocument(page, session.server.url)}`);
});

describe('Needs review', () => {
  it('lists an import’s ambiguous claim with each place in context; a person places it, and its history says so', async () => {
    await page.getByRole('button', { name: 'Export / import' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export and import' });
    await dialog.getByLabel(/W3C Web Annotations or a Hypothesis export/).setInputFiles({
      name: 'kim.jsonld',
      mimeType: 'application/ld+json',
      buffer: Buffer.from(JSON.stringify(FILE)),
    });
    const report = dialog.getByRole('region', { name: 'Import report' });
    await expect.poll(() => report.textContent()).toContain('ambiguous: 1');
    await dialog.getByRole('button', { name: 'Close' }).click();

    const review = page.getByRole('region', { name: /Needs review/ });
    const places = review.getByRole('button', { name: /Place here/ });
    // Each lowercase "more than" of the article is a candidate (the fact box, the budget, the treaty…).
    await expect.poll(() => places.count()).toBeGreaterThanOrEqual(3);
    const texts = await places.allTextContents();
    for (const t of texts) expect(t).toMatch(/\[more than\]/i);
    // Nothing was placed on a guess.
    expect(await page.locator('.card-claim').count()).toBe(0);
    // One key decides: focus the item, press the treaty candidate's number.
    const treaty = texts.findIndex((t) => t.includes('9,000'));
    expect(texts[treaty]).toMatch(new RegExp(`^${treaty + 1} · Place here`));
    await review.locator('[data-review]').focus();
    await page.keyboard.press(String(treaty + 1));
    const claim = card(page, 'more than', 'claim');
    await claim.waitFor();
    await expect.poll(() => review.count()).toBe(0);
    // Placed on the words the person chose: the treaty's 9,000 troops, not the fact box.
    const highlight = page.locator('.ProseMirror [data-claim]');
    expect(await highlight.evaluate((el) => el.parentElement?.textContent ?? '')).toContain('9,000 troops');
    await expand(claim);
    await claim.locator('.card-history summary').click();
    await expect
      .poll(() => claim.locator('.card-history li').allTextContents())
      .toEqual(expect.arrayContaining([expect.stringMatching(/^Alice changed the .*review of its place/)]));
  });
});
