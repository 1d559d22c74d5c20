/**
 * A colleague's edit, seen from here: while another client types at ten keys a second, the time from their key to
 * the change laid out on this page, on Factmark's page with 5,000 annotations against two bare y-prosemirror pages
 * through a bare Hocuspocus server (the same article, marks included). Afterwards every highlight and the margin
 * must still be there on this page: the benchmark fails if any is lost.
 */

import { writeArticle } from '@factmark/collab';
import { articleFromJSON } from '@factmark/editor';
import { Server } from '@hocuspocus/server';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import * as Y from 'yjs';
import { place, READY, typeAtTenASecond } from './editor-support.ts';
import { printProfile, printTrace, startProfile, startTrace } from './profiling.ts';
import { quantile } from './stats.ts';

/**
 * Runs in the page that watches: each time the article's DOM changes, once the change is laid out (a message
 * posted from the mutation callback is handled after the editor's update; reading layout forces it), the time on
 * the shared clock and the watched paragraph's length.
 */
const WATCH = (paragraph: number) => `
  window.__arrivals = [];
  // The paragraph's own text: a colleague's caret is a widget in it, with their name, that is not text.
  window.__textLength = (p) => {
    if (!p) return -1;
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    let n = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode())
      if (!node.parentElement.closest('[contenteditable="false"]')) n += node.textContent.length;
    return n;
  };
  window.__watch = () => {
    const editor = document.querySelector('.ProseMirror');
    const observer = new MutationObserver(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        void document.body.offsetHeight;
        const p = document.querySelectorAll('.ProseMirror p')[${paragraph}];
        window.__arrivals.push([performance.timeOrigin + performance.now(), window.__textLength(p)]);
        performance.mark('factmark-shown');
      };
      channel.port2.postMessage(0);
    });
    observer.observe(editor, { childList: true, characterData: true, subtree: true });
  };
`;

/** What {@link WATCH} adds to the page. */
type Watching = { __textLength: (p: Element | undefined) => number };

/** Runs in the colleague's page: the time of each key on the shared clock (the event's time stamp). */
const KEYS = `
  window.__keys = [];
  addEventListener('keydown', (e) => window.__keys.push(performance.timeOrigin + e.timeStamp), true);
`;

/**
 * Runs in both pages: the time on the shared clock of each document update the page's socket sends and receives
 * (a Hocuspocus message: the document's name, then message type 0, sync, and sync message 2, an update), so a key's
 * latency splits into the colleague's page (key to sent), the server (sent to received) and this page (received to
 * shown).
 */
const SOCKET_TIMES = `
  window.__updates = { sent: [], received: [] };
  const isUpdate = (data) => {
    if (!(data instanceof ArrayBuffer) && !ArrayBuffer.isView(data)) return false;
    const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const name = bytes[0];
    return name < 128 && bytes[1 + name] === 0 && bytes[2 + name] === 2;
  };
  const Socket = window.WebSocket;
  window.WebSocket = class extends Socket {
    constructor(...args) {
      super(...args);
      this.binaryType = 'arraybuffer';
      this.addEventListener('message', (e) => {
        if (!isUpdate(e.data)) return;
        window.__updates.received.push(performance.timeOrigin + performance.now());
        performance.mark('factmark-update-received');
      });
    }
    send(data) {
      if (isUpdate(data)) window.__updates.sent.push(performance.timeOrigin + performance.now());
      return super.send(data);
    }
  };
`;

/** What {@link SOCKET_TIMES} records. */
type SocketTimes = { __updates: { sent: number[]; received: number[] } };

/** What the watching page shows that must survive the colleague's edits. */
const SHOWN = () => {
  const ids = new Set(
    [...document.querySelectorAll<HTMLElement>('.ProseMirror [data-claim]')].map((e) => e.dataset.claim),
  );
  return {
    highlights: ids.size,
    count: document.querySelector('.filter-count')?.textContent ?? null,
    cards: document.querySelectorAll('[data-card]').length,
  };
};

/** Key-to-shown latencies of one pair of pages (`keys` keys typed at ten a second), and what was shown before and after. */
async function typeAndWatch(watcher: Page, colleague: Page, keys: number, paragraph: number) {
  const before = await watcher.evaluate(SHOWN);
  const lengthOf = (i: number) =>
    (window as unknown as Watching).__textLength(document.querySelectorAll('.ProseMirror p')[i]);
  const length = await watcher.evaluate(lengthOf, paragraph);
  await watcher.evaluate(() => (window as unknown as { __watch: () => void }).__watch());
  await place(colleague, paragraph, 40, 0);
  await colleague.evaluate(() => (window as unknown as { __keys: number[] }).__keys.splice(0));
  const clearUpdates = () => {
    const { sent, received } = (window as unknown as SocketTimes).__updates;
    sent.splice(0);
    received.splice(0);
  };
  await colleague.evaluate(clearUpdates);
  await watcher.evaluate(clearUpdates);
  await typeAtTenASecond(colleague, keys);
  await watcher.waitForFunction(
    ([i, n]) =>
      (window as unknown as Watching).__textLength(document.querySelectorAll('.ProseMirror p')[i as number]) >=
      (n as number),
    [paragraph, length + keys],
    { timeout: 30_000 },
  );
  await watcher.waitForTimeout(300);
  const sent = await colleague.evaluate(() => (window as unknown as { __keys: number[] }).__keys);
  const arrivals = await watcher.evaluate(() => (window as unknown as { __arrivals: [number, number][] }).__arrivals);
  // Key i is shown when the paragraph first holds i + 1 more characters.
  const shownAt = sent.map((_, i) => arrivals.find(([, n]) => n >= length + i + 1)?.[0] ?? Number.NaN);
  const latencies = sent.map((at, i) => (shownAt[i] as number) - at);
  // Key i's update is the i-th the colleague's page sent and the i-th this page received (one each a key).
  const updates = () => (window as unknown as SocketTimes).__updates;
  const out = (await colleague.evaluate(updates)).sent;
  const received = (await watcher.evaluate(updates)).received;
  const split =
    out.length === sent.length && received.length === sent.length
      ? sent.map((at, i) => ({
          colleague: (out[i] as number) - at,
          server: (received[i] as number) - (out[i] as number),
          here: (shownAt[i] as number) - (received[i] as number),
        }))
      : null;
  return { latencies, split, before, after: await watcher.evaluate(SHOWN) };
}

/**
 * Print where the measured keys' time went (after the warm-up): p50 and p99 of each part, and the five slowest keys
 * split into the colleague's page, the server and this page.
 */
function reportSplit(who: string, run: Awaited<ReturnType<typeof typeAndWatch>>): void {
  const split = run.split?.slice(WARM_UP_KEYS);
  if (!split) {
    process.stderr.write(`  colleague, ${who}: updates sent and received do not pair with keys\n`);
    return;
  }
  const ms = (n: number) => n.toFixed(0);
  const parts = (['colleague', 'server', 'here'] as const).map((part) => {
    const values = split.map((k) => k[part]);
    return `${part} ${ms(quantile(values, 0.5))}/${ms(quantile(values, 0.99))}`;
  });
  const slowest = split
    .map((k, i) => ({ ...k, total: run.latencies[i + WARM_UP_KEYS] as number }))
    .sort((a, b) => b.total - a.total)
    .slice(0, 5)
    .map((k) => `${ms(k.total)} = ${ms(k.colleague)} + ${ms(k.server)} + ${ms(k.here)}`);
  process.stderr.write(`  colleague, ${who}: p50/p99 ms ${parts.join(', ')}; slowest ${slowest.join('; ')}\n`);
}

/**
 * Open `url` in a new page of `context` and wait until it is interactive (it says so in `__ready`); on Factmark's
 * page, also until the claim finder's first pass over the article is drawn (as the keystroke figures wait): a
 * colleague's keys are measured in a page at rest, not in the slices of work that follow opening it (their cost is
 * the first-pass figures).
 */
async function open(context: BrowserContext, url: string, scripts: string[], ours: boolean) {
  const page = await context.newPage();
  for (const content of scripts) await page.addInitScript({ content });
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { __ready?: number }).__ready !== undefined, null, {
    timeout: 180_000,
  });
  if (ours)
    await page.waitForFunction(() => performance.getEntriesByName('factmark-hints-first-pass').length > 0, null, {
      timeout: 120_000,
    });
  return page;
}

/**
 * The keys typed before the measured ones, as the keystroke figures leave their first ten out: a page's first remote
 * edits run code the page has not run yet (Yjs applying a remote update, y-prosemirror replacing the document, the
 * view redrawing it), on the bare pages as on ours (seen: the first key 69 ms on a bare page, 93 on ours, both about
 * 30 from the fifth on). The first is reported on its own.
 */
export const WARM_UP_KEYS = 10;

/**
 * The figures of one run, on ours and on the bare pages: p50 and p99 of the key-to-shown latencies of the keys after
 * the warm-up, and the first key's.
 */
export interface ColleagueRun {
  ours: { p50: number; p99: number; first: number };
  bare: { p50: number; p99: number; first: number };
}

/**
 * One run: Factmark's page watching a colleague's Factmark page type in document `id` (`cards` annotations), then two
 * bare pages doing the same through a bare Hocuspocus server seeded with `article`. Throws when this page lost a
 * highlight, its count of annotations or its cards. `keys` are measured, after {@link WARM_UP_KEYS} more.
 */
export async function colleagueRun(
  browser: Browser,
  signedIn: () => Promise<BrowserContext>,
  ours: { url: string; cards: number },
  article: unknown,
  bareUrl: string,
  keys: number,
): Promise<ColleagueRun> {
  const paragraph = 12;
  const typed = WARM_UP_KEYS + keys;
  // The two pages open side by side (setting up, not measured: the keys are typed once both are at rest).
  const [watcherContext, colleagueContext] = await Promise.all([signedIn(), signedIn()]);
  const [watcher, colleague] = await Promise.all([
    open(watcherContext, ours.url, [READY(ours.cards), WATCH(paragraph), SOCKET_TIMES], true),
    open(colleagueContext, ours.url, [READY(ours.cards), KEYS, SOCKET_TIMES], true),
  ]);
  // BENCH_PROFILE=colleague, BENCH_TRACE=colleague: the watching page's CPU profile, its timeline, while the
  // colleague types.
  const profiler = process.env.BENCH_PROFILE === 'colleague' ? await startProfile(watcherContext, watcher) : null;
  const trace = process.env.BENCH_TRACE === 'colleague' ? await startTrace(watcherContext, watcher) : null;
  const mine = await typeAndWatch(watcher, colleague, typed, paragraph);
  if (profiler) await printProfile(profiler);
  if (trace) await printTrace(trace);
  await watcherContext.close();
  await colleagueContext.close();
  const lost = mine.before.highlights - mine.after.highlights;
  if (lost !== 0 || mine.after.count !== mine.before.count || mine.after.cards === 0)
    throw new Error(
      `colleague benchmark: after ${typed} edits from a colleague this page shows ${mine.after.highlights} of ${mine.before.highlights} highlights, "${mine.after.count}" (was "${mine.before.count}"), ${mine.after.cards} cards`,
    );

  // The baseline: a bare Hocuspocus server holding the same article, and two bare pages.
  const seed = new Y.Doc();
  writeArticle(seed, articleFromJSON(article));
  const update = Y.encodeStateAsUpdate(seed);
  const server = new Server({
    quiet: true,
    async onLoadDocument({ document }) {
      Y.applyUpdate(document, update);
    },
  });
  await server.listen(0);
  try {
    const url = `${bareUrl}?ws=${encodeURIComponent(`ws://127.0.0.1:${server.address.port}`)}`;
    const a = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const b = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const [bareWatcher, bareColleague] = await Promise.all([
      open(a, url, [WATCH(paragraph), SOCKET_TIMES], false),
      open(b, url, [KEYS, SOCKET_TIMES], false),
    ]);
    const bare = await typeAndWatch(bareWatcher, bareColleague, typed, paragraph);
    reportSplit('ours', mine);
    reportSplit('bare pages', bare);
    await a.close();
    await b.close();
    const figures = (l: number[]) => {
      const measured = l.slice(WARM_UP_KEYS);
      return { p50: quantile(measured, 0.5), p99: quantile(measured, 0.99), first: l[0] ?? Number.NaN };
    };
    return { ours: figures(mine.latencies), bare: figures(bare.latencies) };
  } finally {
    await server.destroy();
  }
}
