/**
 * An A/B of the open, for development (not part of `pnpm bench`): one fresh bench server per setting, all running
 * side by side, then `RUNS` rounds in which each server in turn gets a new document (a 200,000-character article with
 * `COUNT` claims imported) opened once in a new browser context until the editor and the margin are interactive (the
 * editor suite's `READY`); the median, the spread and every open of each server. Each server's first open is left
 * out (it runs code the server has not run yet). Interleaving the servers' opens, rather than running one server's
 * opens after the other's, keeps a drift of the machine out of the difference; the server listed first still tends
 * to read 20–40 ms slower at 0 annotations here, so run both orders (bench/README.md, 2026-12-06, third session).
 *
 *   pnpm exec tsx bench/open-ab.ts            # KEEPS=0,60: a document loaded by the server first, then kept in memory
 *   COUNT=0 RUNS=25 KEEPS=60,60 DISTS=/tmp/a,/tmp/b pnpm exec tsx bench/open-ab.ts   # two builds of the page
 *   CHARS=1000000 pnpm exec tsx bench/open-ab.ts   # a million characters' article (default 200,000)
 *
 * `KEEPS` lists values of the server's KEEP_DOCUMENT_SECONDS, one server each. Needs the built web app (`pnpm build`).
 * `DISTS`, a list as long as `KEEPS`, gives each server a build of the web app of its own (its `WEB_DIST`).
 */
import { launchBrowser } from '../test/e2e/browser.ts';
import { generatedParagraphs } from './article.ts';
import { benchDocument, READY, signedInContext } from './editor-support.ts';
import { startBenchServer } from './server.ts';
import { medianOf } from './stats.ts';

const count = Number(process.env.COUNT ?? 5_000);
const runs = Number(process.env.RUNS ?? 5);
const keeps = (process.env.KEEPS ?? '0,60').split(',');
const dists = (process.env.DISTS ?? '').split(',');
const chars = Number(process.env.CHARS ?? 200_000);
const webDist = process.env.WEB_DIST;
const text = `A long wire story\n\n${generatedParagraphs(chars, 9).join('\n\n')}`;

const servers: Awaited<ReturnType<typeof startBenchServer>>[] = [];
const browser = await launchBrowser();
try {
  for (const [i, keep] of keeps.entries()) {
    // The server process reads its settings from this process's environment.
    process.env.KEEP_DOCUMENT_SECONDS = keep;
    // A server without a build of its own in DISTS serves the one WEB_DIST names, if any, else the app's.
    if (dists[i]) process.env.WEB_DIST = dists[i];
    else if (webDist === undefined) delete process.env.WEB_DIST;
    else process.env.WEB_DIST = webDist;
    servers.push(await startBenchServer('open-ab'));
  }
  const opens: number[][] = servers.map(() => []);
  for (let run = 0; run <= runs; run++) {
    for (const [i, { server, admin }] of servers.entries()) {
      const id = await benchDocument(admin, text, count);
      const context = await signedInContext(browser, server.url);
      const page = await context.newPage();
      await page.addInitScript({ content: READY(count) });
      await page.goto(`${server.url}/d/${id}`);
      await page.waitForFunction(() => (window as unknown as { __ready?: number }).__ready !== undefined, null, {
        timeout: 120_000,
      });
      const open = await page.evaluate(() => (window as unknown as { __ready: number }).__ready);
      if (run > 0) opens[i]?.push(open);
      await context.close();
    }
  }
  for (const [i, keep] of keeps.entries()) {
    const { median, spread } = medianOf(opens[i] ?? []);
    console.log(
      `${dists[i] ? `${dists[i]}: ` : ''}KEEP_DOCUMENT_SECONDS=${keep}, ${count.toLocaleString('en')} annotations: median ${median.toFixed(0)} ms ` +
        `(spread ${spread.toFixed(0)}), opens ${(opens[i] ?? []).map((o) => o.toFixed(0)).join(' ')}`,
    );
  }
} finally {
  await browser.close();
  for (const { server } of servers) await server.kill('SIGTERM');
}
