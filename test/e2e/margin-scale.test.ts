import { describe, expect, it } from 'vitest';
import { api, card, openDocument, setUpAdministrator, useBrowserAndServer } from './harness.ts';

const session = useBrowserAndServer();

/** A long article: 150 numbered paragraphs, each with a distinct claim-worthy sentence. */
const PARAGRAPHS = Array.from(
  { length: 150 },
  (_, i) => `Paragraph ${i + 1}: officials said ${1000 + i} soldiers took part on day ${i + 1}, the ministry said.`,
);

function w3cClaim(i: number) {
  return {
    id: `urn:test:${i}`,
    type: 'Annotation',
    motivation: 'assessing',
    target: {
      source: 'urn:test',
      selector: { type: 'TextQuoteSelector', exact: `${1000 + i} soldiers took part on day ${i + 1},` },
    },
  };
}

describe('a margin with many annotations', () => {
  it('keeps only the cards near the viewport in the page, and shows the others as the article scrolls', async () => {
    const page = await (await session.browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    page.setDefaultTimeout(15_000);
    await setUpAdministrator(page, session.server, 'Alice');
    const created = await api(page, session.server.url, 'POST', '/api/documents', {
      article: {
        type: 'doc',
        content: [
          { type: 'title', content: [{ type: 'text', text: 'A long day of drills' }] },
          ...PARAGRAPHS.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })),
        ],
      },
    });
    const id = (created.body as { document: { id: string } }).document.id;
    const imported = await api(page, session.server.url, 'POST', `/api/documents/${id}/annotations/import`, {
      format: 'w3c',
      data: PARAGRAPHS.map((_, i) => w3cClaim(i)),
    });
    expect((imported.body as { report: { exact: unknown[] } }).report.exact).toHaveLength(150);

    await openDocument(page, `${session.server.url}/d/${id}`);
    await expect.poll(() => page.locator('.filter-count').textContent()).toBe('150 annotations');
    await card(page, '1000 soldiers', 'claim').waitFor();
    const shown = await page.locator('[data-card]').count();
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(150);
    expect(await card(page, '1149 soldiers', 'claim').count()).toBe(0);

    // The article's blocks off screen are skipped by the browser's layout (content-visibility), and the margin
    // still finds the cards of a region it has never laid out: scrolled to the middle, the cards of that region
    // are there (the first ones gone), each at or below its span's line.
    expect(
      await page
        .locator('.ProseMirror > p')
        .nth(120)
        .evaluate((p) => getComputedStyle(p).contentVisibility),
    ).toBe('auto');
    await page
      .locator('.ProseMirror p')
      .nth(75)
      .evaluate((p) => p.scrollIntoView({ block: 'center' }));
    await card(page, '1075 soldiers', 'claim').waitFor();
    await expect.poll(() => card(page, '1000 soldiers', 'claim').count()).toBe(0);
    const middleSpan = await page.locator('.ProseMirror [data-claim]', { hasText: '1075 soldiers' }).boundingBox();
    const middleCard = await card(page, '1075 soldiers', 'claim').boundingBox();
    expect(middleSpan && middleCard && middleCard.y >= middleSpan.y - 2).toBe(true);

    // Scrolled to the end, the last cards are there (and the first ones are gone).
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await card(page, '1149 soldiers', 'claim').waitFor();
    await expect.poll(() => card(page, '1000 soldiers', 'claim').count()).toBe(0);
    // Cards stay beside their spans there too: the last card is at or below its span's line.
    const span = await page.locator('.ProseMirror [data-claim]', { hasText: '1149 soldiers' }).boundingBox();
    const last = await card(page, '1149 soldiers', 'claim').boundingBox();
    expect(last && span && last.y >= span.y - 2).toBe(true);
    // A highlight far down opens its card; a search lists the matching cards wherever their spans are.
    await page.locator('.ProseMirror [data-claim]', { hasText: '1140 soldiers' }).click();
    await expect.poll(() => card(page, '1140 soldiers', 'claim').getAttribute('class')).toContain('active');
    await page.getByRole('search', { name: 'Filter annotations' }).getByLabel('Search').fill('1003 soldiers');
    await expect
      .poll(() => page.locator('[data-card] .card-quote').allTextContents())
      .toEqual(['1003 soldiers took part on day 4,']);
  });
});
