/**
 * What the Chromium benchmarks share: the documents they open (a 200,000-character article with claims imported),
 * when Factmark's page is interactive, placing the caret as a person does, the bare page's server, and medians.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArticleText, describeSpan } from '@factmark/anchoring';
import { articleFromText } from '@factmark/editor';
import { build } from 'esbuild';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { freePort } from '../apps/server/src/test-support/process.ts';
import type { startBenchServer } from './server.ts';
import { rng } from './stats.ts';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const webDist = join(root, 'apps/web/dist');

/** For Factmark's page: interactive when online, with the margin counting every annotation and showing its cards. */
export const READY = (cards: number) => `
  (function poll() {
    const online = document.querySelector('.connection')?.textContent === 'Online';
    const count = document.querySelector('.filter-count')?.textContent;
    const shown = document.querySelectorAll('[data-card]').length;
    if (online && count === '${cards} ${cards === 1 ? 'annotation' : 'annotations'}' && (${cards} === 0 || shown > 0)) {
      window.__ready = performance.now();
      return;
    }
    requestAnimationFrame(poll);
  })();
`;

/**
 * Put the caret (or a selection of `length` characters) at character `at` of paragraph `index`, as a person does:
 * the paragraph scrolled into view first (one selects what one sees), and the page left to settle (the margin
 * shows the cards of what is now on screen) before the selection is made.
 */
export async function place(page: Page, index: number, at: number, length: number): Promise<void> {
  await page.evaluate((i) => {
    const p = document.querySelectorAll('.ProseMirror p')[i] as HTMLElement;
    p.scrollIntoView({ block: 'center' });
  }, index);
  await settled(page);
  await page.evaluate(
    ([i, a, l]) => {
      const p = document.querySelectorAll('.ProseMirror p')[i as number] as HTMLElement;
      const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
      // Within the paragraph: a selection of `l` characters ends at its end at the latest.
      let offset = Math.min(a as number, Math.max(0, (p.textContent?.length ?? 0) - (l as number)));
      let node = walker.nextNode();
      // A selection starts in the text node holding its first character (not at the end of the one before it).
      // (No inner function: tsx would wrap it in a helper the page does not have.)
      const selecting = (l as number) > 0;
      while (node && (offset > (node.textContent?.length ?? 0) || (selecting && offset === node.textContent?.length))) {
        offset -= node.textContent?.length ?? 0;
        node = walker.nextNode();
      }
      if (!node) return;
      // Its end `l` characters on, across the text nodes that highlights and hints split the paragraph into (a
      // selection cut at a node's end could be a lone space, which marks nothing).
      let endNode: Node | null = node;
      let end = offset + (l as number);
      while (endNode && end > (endNode.textContent?.length ?? 0)) {
        end -= endNode.textContent?.length ?? 0;
        endNode = walker.nextNode();
      }
      if (!endNode) return;
      // Without scrolling: focusing the editor would scroll to its top, away from what was just scrolled into view.
      (document.querySelector('.ProseMirror') as HTMLElement).focus({ preventScroll: true });
      const range = document.createRange();
      range.setStart(node, offset);
      range.setEnd(endNode, end);
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(range);
    },
    [index, at, length],
  );
  // The editor reads the selection on selectionchange, a task later; what it shows for a selection (the selection
  // toolbar) is drawn in the frames after. A person presses the key once it is there.
  await settled(page);
}

/**
 * Wait until `page` is at rest: two frames drawn (what a scroll or a selection changes is laid out and placed in
 * them: the margin places its cards in the frame after a scroll) and then an idle period of the main thread, which
 * comes only once no task is waiting (a second at most). A fixed wait would be too short on a slow machine and
 * longer than needed on a fast one.
 */
export async function settled(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) =>
        requestAnimationFrame(() =>
          requestAnimationFrame(() => requestIdleCallback(() => resolve(), { timeout: 1_000 })),
        ),
      ),
  );
}

/**
 * Type `keys` keys into `page` at ten a second, a fast typist's pace: a key every 100 ms, and never sooner than
 * 40 ms after the page has taken the one before (Chromium answers the key's dispatch once the page's handlers ran),
 * so each keystroke is measured on its own, not behind a backlog. (Until 2026-12-05 each key was sent 90 ms after
 * the page took the one before: 115–140 ms a key, the same pages.) Every seventh key is a space.
 */
export async function typeAtTenASecond(page: Page, keys: number): Promise<void> {
  let next = performance.now();
  for (let i = 0; i < keys; i++) {
    const wait = Math.max(next - performance.now(), 0);
    if (wait > 0) await page.waitForTimeout(wait);
    next = performance.now() + 100;
    await page.keyboard.type(i % 7 === 6 ? ' ' : 'x');
    next = Math.max(next, performance.now() + 40);
  }
}

/** A static server for the baseline page: its HTML, the bundled bare editor, the app's CSS and the article. */
export async function baselineServer(article: () => unknown): Promise<{ url: string; server: Server }> {
  const bundle = await build({
    entryPoints: [join(root, 'bench/chromium/bare.ts')],
    bundle: true,
    format: 'esm',
    write: false,
    minify: true,
    target: 'es2022',
    logLevel: 'silent',
  });
  const js = bundle.outputFiles[0]?.text ?? '';
  const css = readdirSync(join(webDist, 'assets')).find((f) => f.endsWith('.css'));
  const server = createServer((req, res) => {
    if (req.url === '/bare.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
    else if (req.url === '/article.json')
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(article()));
    else if (req.url?.startsWith('/assets/')) {
      res.writeHead(200, { 'content-type': 'text/css' });
      res.end(execFileSync('cat', [join(webDist, req.url)]));
    } else
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(
          `<!doctype html><html><head><link rel="stylesheet" href="/assets/${css}"></head><body><div class="editor"></div><script type="module" src="/bare.js"></script></body></html>`,
        );
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${port}/`, server };
}

/** `count` claims on spans of 15–40 characters spread over the article, as W3C annotations for the import API. */
export function claimsForBench(text: string, count: number): unknown[] {
  const article = new ArticleText(articleFromText(text));
  const random = rng(5);
  const out: unknown[] = [];
  const step = Math.floor(article.text.length / (count + 1));
  for (let i = 0; i < count; i++) {
    let start = step * (i + 1) + Math.floor(random() * (step / 2));
    while (start > 0 && article.text[start - 1] !== ' ') start--;
    const end = Math.min(article.text.length, start + 15 + Math.floor(random() * 25));
    const { quote, position } = describeSpan(article.text, start, end);
    out.push({
      id: `urn:bench:${i}`,
      type: 'Annotation',
      motivation: 'assessing',
      body: [{ type: 'TextualBody', value: i % 3 === 0 ? 'True' : 'Mostly false', purpose: 'assessing' }],
      target: { source: 'urn:bench', selector: [quote, position] },
    });
  }
  return out;
}

/** A browser context (the benchmarks' viewport) signed in on the server at `base` as the benchmark's administrator. */
export async function signedInContext(browser: Browser, base: string): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.request.post(`${base}/api/auth/signin`, {
    data: { email: 'bench@desk.example', password: 'correct horse battery' },
  });
  return context;
}

/** The benchmark's client of the server's API (as `startBenchServer` gives it). */
export type Admin = Awaited<ReturnType<typeof startBenchServer>>['admin'];

/** The article of document `id` as the server renders it, marks and all: what the bare page loads. */
export async function articleOf(admin: Admin, id: string): Promise<unknown> {
  const version = await admin.request('POST', `/api/documents/${id}/versions`, { name: 'bench' });
  const versionId = (version.body as { version: { id: string } }).version.id;
  return (await admin.request('GET', `/api/documents/${id}/versions/${versionId}`)).body.article;
}

/** A new document holding `text` with `count` claims imported: its id. */
export async function benchDocument(admin: Admin, text: string, count: number): Promise<string> {
  const created = await admin.request('POST', '/api/documents', { article: articleFromText(text).toJSON() });
  const id = (created.body as { document: { id: string } }).document.id;
  const claims = claimsForBench(text, count);
  for (let i = 0; i < claims.length; i += 1_000)
    await admin.request('POST', `/api/documents/${id}/annotations/import`, {
      format: 'w3c',
      data: claims.slice(i, i + 1_000),
    });
  return id;
}
