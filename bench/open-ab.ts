/**
 * An A/B of the open, for development (not part of `pnpm bench`): for each server setting, a fresh bench server, then
 * `RUNS` documents of a 200,000-character article with `COUNT` claims imported, each opened once in a new browser
 * context until the editor and the margin are interactive (the editor suite's `READY`); the median and every open.
 *
 *   pnpm exec tsx bench/open-ab.ts            # KEEPS=0,60: a document loaded by the server first, then kept in memory
 *   COUNT=0 RUNS=7 KEEPS=60 pnpm exec tsx bench/open-ab.ts
 *   CHARS=1000000 pnpm exec tsx bench/open-ab.ts   # a million characters' article (default 200,000)
 *
 * `KEEPS` lists values of the server's KEEP_DOCUMENT_SECONDS, one server each, in turn (`0,60,0,60` alternates them,
 * so that a drift of the machine shows). Needs the built web app (`pnpm build`). `DISTS`, a list as long as `KEEPS`,
 * gives each server a build of the web app of its own (its `WEB_DIST`): an A/B of two builds of the page, e.g.
 *
 *   COUNT=5000 RUNS=6 KEEPS=60,60,60,60 DISTS=/tmp/a,/tmp/b,/tmp/a,/tmp/b pnpm exec tsx bench/open-ab.ts
 */
import { launchBrowser } from '../test/e2e/browser.ts';
import { generatedParagraphs } from './article.ts';
import { benchDocument, medianOf, READY, signedInContext } from './editor-support.ts';
import { startBenchServer } from './server.ts';

const count = Number(process.env.COUNT ?? 5_000);
const runs = Number(process.env.RUNS ?? 5);
const keeps = (process.env.KEEPS ?? '0,60').split(',');
const dists = (process.env.DISTS ?? '').split(',');
const chars = Number(process.env.CHARS ?? 200_000);
const text = `A long wire story\n\n${generatedParagraphs(chars, 9).join('\n\n')}`;

const browser = await launchBrowser();
try {
  for (const [i, keep] of keeps.entries()) {
    // The server process reads its settings from this process's environment.
    process.env.KEEP_DOCUMENT_SECONDS = keep;
    if (dists[i]) process.env.WEB_DIST = dists[i];
    const { server, admin } = await startBenchServer('open-ab');
    const opens: number[] = [];
    try {
      for (let run = 0; run < runs; run++) {
        const id = await benchDocument(admin, text, count);
        const context = await signedInContext(browser, server.url);
        const page = await context.newPage();
        await page.addInitScript({ content: READY(count) });
        await page.goto(`${server.url}/d/${id}`);
        await page.waitForFunction(() => (window as unknown as { __ready?: number }).__ready !== undefined, null, {
          timeout: 120_000,
        });
        opens.push(await page.evaluate(() => (window as unknown as { __ready: number }).__ready));
        await context.close();
      }
    } finally {
      await server.kill('SIGTERM');
    }
    const { median, spread } = medianOf(opens);
    console.log(
      `${dists[i] ? `${dists[i]}: ` : ''}KEEP_DOCUMENT_SECONDS=${keep}, ${count.toLocaleString('en')} annotations: median ${median.toFixed(0)} ms ` +
        `(spread ${spread.toFixed(0)}), opens ${opens.map((o) => o.toFixed(0)).join(' ')}`,
    );
  }
} finally {
  await browser.close();
}
