/**
 * For development, not part of `pnpm bench`: where an open of Factmark's page spends its time. One bench server
 * (`KEEP_DOCUMENT_SECONDS=60` unless set: with 0, documents are loaded at their open; serving `DIST` or the built
 * app), `RUNS` opens (the first left out) of a new document each (a 200,000-character article with `COUNT` claims,
 * 0 unless said) in a new browser context, until the editor suite's `READY`; for each, in time order from
 * navigation: the page's requests (asked, first byte, answered with its size), its WebSocket's creation, opening,
 * messages sent and received (with their sizes), and when it was ready. With `TRACE=1`, also
 * Chromium's timeline of the page's main thread: each task over 3 ms and what ran in it, and the background parses
 * of its scripts. With `BARE=1`, the same for the bare page (`bench/chromium/bare.ts`) on the same article, ready on
 * its own `__ready`, so that the two timelines can be read side by side.
 *
 *   COUNT=5000 RUNS=4 pnpm exec tsx bench/open-timeline.ts
 *   TRACE=1 DIST=/tmp/dist pnpm exec tsx bench/open-timeline.ts
 *   TRACE=1 BARE=1 pnpm exec tsx bench/open-timeline.ts
 */
import type { CDPSession } from 'playwright-core';
import { launchBrowser } from '../test/e2e/browser.ts';
import { generatedParagraphs } from './article.ts';
import { articleOf, baselineServer, benchDocument, READY, signedInContext } from './editor-support.ts';
import { startBenchServer } from './server.ts';

const count = Number(process.env.COUNT ?? 0);
const runs = Number(process.env.RUNS ?? 3);
const tracing = process.env.TRACE === '1';
const bare = process.env.BARE === '1';
const text = `A long wire story\n\n${generatedParagraphs(200_000, 9).join('\n\n')}`;

/** Records the page's WebSocket: created, opened, each message sent and received with its size (in the page). */
const WATCH_SOCKET = `(() => {
  const Native = window.WebSocket;
  const seen = (window.__socket = []);
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      seen.push(['ws created', performance.now()]);
      this.addEventListener('open', () => seen.push(['ws open', performance.now()]));
      this.addEventListener('message', (e) => seen.push(['ws received ' + (e.data.byteLength ?? e.data.length), performance.now()]));
      const send = this.send.bind(this);
      this.send = (data) => { seen.push(['ws sent ' + (data.byteLength ?? data.length), performance.now()]); send(data); };
    }
  };
})();`;

type TraceEvent = {
  name: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { data?: Record<string, unknown> };
};

/** The page's main-thread tasks over 3 ms from navigation, each with what took most of it, and the script parses. */
function printTrace(events: TraceEvent[], url: string): void {
  const navigation = events.find(
    (e) => e.name === 'navigationStart' && String(e.args?.data?.documentLoaderURL ?? '') === url,
  );
  if (!navigation) return;
  const at = (e: TraceEvent) => ((e.ts - navigation.ts) / 1000).toFixed(0).padStart(5);
  const ms = (e: TraceEvent) => ((e.dur ?? 0) / 1000).toFixed(0).padStart(4);
  for (const e of events)
    if (e.pid === navigation.pid && e.name === 'v8.parseOnBackground' && e.ts >= navigation.ts)
      console.log(
        `${at(e)} +${ms(e)}  parse ${String(e.args?.data?.url ?? '')
          .split('/')
          .pop()} (background)`,
      );
  const main = events.filter((e) => e.pid === navigation.pid && e.tid === navigation.tid);
  for (const task of main.filter((e) => e.name === 'RunTask' && (e.dur ?? 0) > 3000 && e.ts >= navigation.ts)) {
    const end = task.ts + (task.dur ?? 0);
    const inside = new Map<string, number>();
    for (const e of main) {
      if (e === task || e.ts < task.ts || e.ts >= end || !e.dur || e.name === 'RunTask' || /^v8\./i.test(e.name))
        continue;
      const script = e.name === 'FunctionCall' || e.name === 'EvaluateScript';
      const name = script
        ? `${e.name}(${String(e.args?.data?.url ?? '')
            .split('/')
            .pop()})`
        : e.name;
      inside.set(name, (inside.get(name) ?? 0) + e.dur / 1000);
    }
    const what = [...inside]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([name, t]) => `${name} ${t.toFixed(0)}`);
    console.log(`${at(task)} +${ms(task)}  task: ${what.join(', ')}`);
  }
}

/** Start Chromium's timeline of the page (its events are collected into the returned array). */
async function startTrace(session: CDPSession): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  session.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])));
  await session.send('Tracing.start', {
    categories: 'devtools.timeline,disabled-by-default-devtools.timeline,blink.user_timing,v8.execute,loading',
    transferMode: 'ReportEvents',
  });
  return events;
}

process.env.KEEP_DOCUMENT_SECONDS ??= '60';
if (process.env.DIST) process.env.WEB_DIST = process.env.DIST;
const { server, admin } = await startBenchServer('open-timeline');
const browser = await launchBrowser();
let article: unknown = null;
const baseline = bare ? await baselineServer(() => article) : null;
try {
  for (let run = 0; run <= runs; run++) {
    const id = await benchDocument(admin, text, count);
    if (baseline) article = await articleOf(admin, id);
    const context = await signedInContext(browser, server.url);
    const page = await context.newPage();
    if (!baseline) await page.addInitScript({ content: READY(count) });
    await page.addInitScript({ content: WATCH_SOCKET });
    const session = await context.newCDPSession(page);
    const trace = tracing ? await startTrace(session) : null;
    const url = baseline ? baseline.url : `${server.url}/d/${id}`;
    await page.goto(url);
    await page.waitForFunction(() => (window as unknown as { __ready?: number }).__ready !== undefined, null, {
      timeout: 120_000,
    });
    const rows = await page.evaluate(() => {
      const found: [string, number][] = [];
      for (const r of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) {
        const path = r.name.replace(location.origin, '');
        found.push(
          [`${path} asked`, r.startTime],
          [`${path} first byte`, r.responseStart],
          [`${path} answered (${r.encodedBodySize} B)`, r.responseEnd],
        );
      }
      const w = window as unknown as { __socket: [string, number][]; __ready: number };
      found.push(...w.__socket, ['ready', w.__ready]);
      return found.sort((a, b) => a[1] - b[1]);
    });
    if (trace) {
      const done = new Promise<void>((resolve) => session.once('Tracing.tracingComplete', () => resolve()));
      await session.send('Tracing.end');
      await done;
    }
    await context.close();
    // The first open runs code the server has not run yet: left out.
    if (run === 0) continue;
    console.log(`--- open ${run}`);
    for (const [what, t] of rows) console.log(`${t.toFixed(0).padStart(5)}  ${what}`);
    if (trace) printTrace(trace, url);
  }
} finally {
  await browser.close();
  baseline?.server.close();
  await server.kill('SIGTERM');
}
