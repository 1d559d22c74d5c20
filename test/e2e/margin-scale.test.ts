import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  api,
  card,
  caretBefore,
  openDocument,
  selectText,
  setUpAdministrator,
  signUp,
  useBrowserAndServer,
} from './harness.ts';

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

/** A page signed in by `join` and a document of the 150 paragraphs with a claim in each, opened there. */
async function openLongDocument(join: (page: Page) => Promise<void>, beforeOpen?: (page: Page) => Promise<void>) {
  const page = await (await session.browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  page.setDefaultTimeout(15_000);
  await join(page);
  await beforeOpen?.(page);
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
  return page;
}

/**
 * What the page shows once the task of the next key is done (and its microtasks): read in a message posted when the
 * key went down, which runs after that task, and after the frame drawing it when one is due before. The key, not
 * its modifiers: Control+Alt+C is three keydowns, each its own task, and the message posted at Control's could be
 * read before C's.
 */
async function shownAfterNextKey(page: Page, highlight: string, quote: string) {
  await page.evaluate(
    ([h = '', q = '']) => {
      const w = window as unknown as {
        afterKey: Promise<{ highlight: boolean; card: boolean; toolbar: boolean; outsideArticle: string[] }>;
      };
      w.afterKey = new Promise((resolve) => {
        const listener = (event: KeyboardEvent) => {
          if (['Control', 'Alt', 'Shift', 'Meta'].includes(event.key)) return;
          removeEventListener('keydown', listener, { capture: true });
          // What the key's task changes in the page outside the article (the margin, the toolbar, the status).
          const records: MutationRecord[] = [];
          const changes = new MutationObserver((list) => records.push(...list));
          changes.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
          const channel = new MessageChannel();
          channel.port1.onmessage = () => {
            const outsideArticle = [...records, ...changes.takeRecords()]
              .map((r) => (r.target instanceof Element ? r.target : r.target.parentElement))
              .filter((e) => !e?.closest('.ProseMirror'))
              .map((e) => e?.className || e?.tagName || '?');
            changes.disconnect();
            resolve({
              highlight: [...document.querySelectorAll('.ProseMirror [data-claim]')].some((e) =>
                e.textContent?.includes(h),
              ),
              card: [...document.querySelectorAll('[data-card] .card-quote')].some((e) => e.textContent?.includes(q)),
              toolbar: document.querySelector('.selection-toolbar') !== null,
              outsideArticle,
            });
          };
          channel.port2.postMessage(0);
        };
        addEventListener('keydown', listener, { capture: true });
      });
    },
    [highlight, quote],
  );
  return () => page.evaluate(() => (window as unknown as { afterKey: Promise<unknown> }).afterKey);
}

/**
 * Watch the page's animation frames until the first one in which the article shows its last paragraph, and keep
 * what the margin shows in that frame: its count and its cards.
 */
const FIRST_ARTICLE_FRAME = `
  (function frame() {
    if (document.querySelector('.ProseMirror')?.textContent?.includes('Paragraph 150:')) {
      window.firstArticleFrame = {
        count: document.querySelector('.filter-count')?.textContent ?? null,
        cards: document.querySelectorAll('[data-card]').length,
      };
      return;
    }
    requestAnimationFrame(frame);
  })();
`;

describe('a margin with many annotations', () => {
  it('keeps only the cards near the viewport in the page, and shows the others as the article scrolls', async () => {
    const page = await openLongDocument((p) => setUpAdministrator(p, session.server, 'Alice'));
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
  it('renders the margin while the article has the focus without walking the whole article', async () => {
    const page = await openLongDocument((p) => signUp(p, session.server.url, 'Bea'));
    await selectText(page, 'Paragraph 11: officials said');
    // Every read of a sibling inside the article while a claim is marked: ProseMirror redraws one paragraph,
    // React renders the new card. (React reads the selection's offsets by walking every node of a focused
    // element it takes for a text input, before each commit: hundreds of reads here, thousands on a long article.)
    await page.evaluate(() => {
      const editor = document.querySelector('.ProseMirror') as Element;
      const native = Object.getOwnPropertyDescriptor(Node.prototype, 'nextSibling') as PropertyDescriptor;
      const counted = { reads: 0 };
      Object.defineProperty(Node.prototype, 'nextSibling', {
        configurable: true,
        get(this: Node) {
          if (editor.contains(this)) counted.reads++;
          return native.get?.call(this);
        },
      });
      (window as unknown as { stopCounting: () => number }).stopCounting = () => {
        Object.defineProperty(Node.prototype, 'nextSibling', native);
        return counted.reads;
      };
    });
    await page.keyboard.press('Control+Alt+c');
    await card(page, 'Paragraph 11: officials said', 'claim').waitFor();
    const reads = await page.evaluate(() => (window as unknown as { stopCounting: () => number }).stopCounting());
    expect(reads).toBeLessThan(PARAGRAPHS.length);
    // The article still takes typing where the caret is (the browser edits by the attribute, unchanged).
    expect(await page.locator('.ProseMirror').getAttribute('contenteditable')).toBe('true');
    await page.keyboard.type('Today ');
    await expect.poll(() => page.locator('.ProseMirror p').nth(10).textContent()).toContain('Today Paragraph 11');

    // A key typed inside a highlight changes what its card quotes, and moves nothing else: the margin places that
    // paragraph's spans again, not every card it shows once more after its render (measured here: 77 reads of a
    // box with 47 cards shown; 140 when the render placed every card again).
    const shownCards = await page.locator('[data-card]').count();
    await caretBefore(page, 'officials said 1010');
    await page.evaluate(() => {
      const counted = { measures: 0 };
      for (const proto of [Element.prototype, Range.prototype] as const)
        for (const name of ['getBoundingClientRect', 'getClientRects'] as const) {
          const native = proto[name] as (this: unknown) => unknown;
          Object.defineProperty(proto, name, {
            configurable: true,
            value(this: unknown) {
              counted.measures++;
              return native.call(this);
            },
          });
        }
      (window as unknown as { measures: typeof counted }).measures = counted;
    });
    await page.keyboard.type('x');
    await card(page, 'Paragraph 11: xofficials said', 'claim').waitFor();
    const measures = await page.evaluate(() => (window as unknown as { measures: { measures: number } }).measures);
    expect(shownCards).toBeGreaterThan(10);
    expect(measures.measures).toBeLessThan(2 * shownCards);
  });
  it("draws a key's change to the article in the key's own task, and the margin's answer after it", async () => {
    const page = await openLongDocument((p) => signUp(p, session.server.url, 'Cem'));
    // Marking a claim: its highlight is there when the key's task ends, its card comes once that frame is drawn, and
    // so does everything else the mark changes around the article (the active card, the selection toolbar going):
    // rendered in the key's task, the margin would be laid out before the highlight is drawn.
    await selectText(page, 'Paragraph 12: officials said');
    await page.locator('.selection-toolbar').waitFor();
    const marked = await shownAfterNextKey(page, 'Paragraph 12: officials said', 'Paragraph 12: officials said');
    await page.keyboard.press('Control+Alt+c');
    expect(await marked()).toEqual({ highlight: true, card: false, toolbar: true, outsideArticle: [] });
    await card(page, 'Paragraph 12: officials said', 'claim').waitFor();
    await expect.poll(() => page.locator('.card.active').textContent()).toContain('Paragraph 12: officials said');
    await page.locator('.selection-toolbar').waitFor({ state: 'detached' });
    // A key typed inside a highlight: the character is in the article when the key's task ends; the card quotes it after.
    await caretBefore(page, 'officials said 1011');
    const typed = await shownAfterNextKey(page, 'Paragraph 12: xofficials said', 'Paragraph 12: xofficials said');
    await page.keyboard.type('x');
    expect(await typed()).toMatchObject({ highlight: true, card: false });
    await card(page, 'Paragraph 12: xofficials said', 'claim').waitFor();
  });

  it("draws the margin in the frame that first draws the server's copy of the article, not a frame later", async () => {
    // The margin was derived in a task after the frame that drew the copy: that frame laid the article out alone,
    // and the margin waited for it (at 5,000 annotations, about a fifth of the open).
    const page = await openLongDocument(
      (p) => signUp(p, session.server.url, 'Dana'),
      async (p) => {
        await p.addInitScript({ content: FIRST_ARTICLE_FRAME });
      },
    );
    const first = await page.evaluate(() => (window as unknown as { firstArticleFrame: unknown }).firstArticleFrame);
    expect(first).toEqual({ count: '150 annotations', cards: expect.any(Number) });
    expect((first as { cards: number }).cards).toBeGreaterThan(0);
    await page.context().close();
  });
});
