/**
 * The benchmarks' view into a page's main thread: Chromium's CPU profiler
 * (`BENCH_PROFILE`: the functions with the most self and inclusive time, the
 * whole profile saved for Chrome DevTools) and its timeline (`BENCH_TRACE`:
 * style, layout and paint, and what invalidated them).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import type { BrowserContext, Page } from 'playwright-core';
import { webDist } from './editor-support.ts';

/** Start the CPU profiler of `page` (BENCH_PROFILE=open, typing or colleague; mark profiles each mark alone). */
export async function startProfile(context: BrowserContext, page: Page) {
  const session = await context.newCDPSession(page);
  await session.send('Profiler.enable');
  await session.send('Profiler.start');
  return session;
}

/** A CPU profile as the CDP gives it. */
export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
    children?: number[];
  }[];
  samples: number[];
  timeDeltas: number[];
}

/** Stop it and print the functions with the most self time. */
export async function printProfile(session: Awaited<ReturnType<typeof startProfile>>): Promise<void> {
  const { profile } = (await session.send('Profiler.stop')) as unknown as { profile: CpuProfile };
  // The whole profile too, for Chrome DevTools (Performance → Load profile).
  const file = join(tmpdir(), `factmark-${process.env.BENCH_PROFILE}-${Date.now()}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  process.stderr.write(`profile saved to ${file}\n`);
  summarizeProfiles([profile]);
}

/** The page bundle's source maps, by the script's file name (null when it has none). */
const sourceMaps = new Map<string, TraceMap | null>();

/**
 * Where a profiled function is: in the page's own bundle, its source file, line and name through the build's
 * source map (the bundle is minified); elsewhere, as Chromium names it.
 */
function frameName(frame: CpuProfile['nodes'][number]['callFrame']): string {
  const file = frame.url.split('/').pop() ?? '';
  if (!sourceMaps.has(file)) {
    const path = join(webDist, 'assets', `${file}.map`);
    sourceMaps.set(file, file && existsSync(path) ? new TraceMap(readFileSync(path, 'utf8')) : null);
  }
  const map = sourceMaps.get(file);
  const at = map && originalPositionFor(map, { line: frame.lineNumber + 1, column: frame.columnNumber });
  if (!at?.source) return `${frame.functionName} ${file}:${frame.lineNumber}`;
  const source = at.source.replace(/^.*node_modules\/\.pnpm\/[^/]+\/node_modules\//, '').replace(/^(\.\.\/)+/, '');
  return `${at.name ?? frame.functionName} ${source}:${at.line}`;
}

/** Print the functions with the most self time, and with the most time including their callees, over `profiles`. */
export function summarizeProfiles(profiles: CpuProfile[]): void {
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const profile of profiles) {
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    profile.samples.forEach((id, i) => {
      const dt = profile.timeDeltas[i] ?? 0;
      const keyOf = (n: CpuProfile['nodes'][number] | undefined) => (n ? frameName(n.callFrame) : 'undefined');
      self.set(keyOf(byId.get(id)), (self.get(keyOf(byId.get(id))) ?? 0) + dt);
      const seen = new Set<string>();
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const key = keyOf(byId.get(at));
        if (!seen.has(key)) inclusive.set(key, (inclusive.get(key) ?? 0) + dt);
        seen.add(key);
      }
    });
  }
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `${(v / 1000).toFixed(0)} ms ${k}`)
      .join('\n');
  process.stderr.write(`self:\n${top(self, 25)}\nwith callees:\n${top(inclusive, 50)}\n`);
}

/**
 * Record Chromium's own timeline of `page` (BENCH_TRACE=mark or typing; BENCH_TRACE_CATEGORIES to trace others): what each forced style recalculation and layout
 * covered, which a CPU profile cannot say (it shows them as native time). Stop with {@link printTrace}.
 */
export async function startTrace(context: BrowserContext, page: Page) {
  const session = await context.newCDPSession(page);
  // Chromium traces every page of the browser: the events kept are those of this page's renderer process.
  const { frameTree } = await session.send('Page.getFrameTree');
  const events: TraceEvent[] = [];
  session.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])));
  await session.send('Tracing.start', {
    categories:
      process.env.BENCH_TRACE_CATEGORIES ??
      'devtools.timeline,disabled-by-default-devtools.timeline,disabled-by-default-devtools.timeline.invalidationTracking,blink.user_timing',
    transferMode: 'ReportEvents',
  });
  return { session, events, frame: frameTree.frame.id };
}

/** One event of a Chromium trace, as much of it as is read here. */
interface TraceEvent {
  name: string;
  pid: number;
  ts: number;
  tid: number;
  dur?: number;
  args?: Record<string, Record<string, unknown>>;
}

/** The events of `frame`'s renderer process. */
function eventsOfFrame(events: readonly TraceEvent[], frame: string): TraceEvent[] {
  const mine = events.find((e) => e.args?.data?.frame === frame || e.args?.beginData?.frame === frame);
  return mine ? events.filter((e) => e.pid === mine.pid) : [...events];
}

/** Stop the trace; print the time in style recalculation, layout and paint, and the largest layouts' extent. */
export async function printTrace(trace: Awaited<ReturnType<typeof startTrace>>): Promise<void> {
  const done = new Promise<void>((resolve) => trace.session.once('Tracing.tracingComplete', () => resolve()));
  await trace.session.send('Tracing.end');
  await done;
  const events = eventsOfFrame(trace.events, trace.frame);
  // The whole trace too, for Chrome DevTools (Performance → Load profile).
  const file = join(tmpdir(), `factmark-trace-${process.env.BENCH_TRACE}-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify({ traceEvents: trace.events }));
  process.stderr.write(`trace saved to ${file}\n`);
  const totals = new Map<string, { ms: number; count: number }>();
  for (const e of events) {
    if (e.dur === undefined) continue;
    const t = totals.get(e.name) ?? { ms: 0, count: 0 };
    t.ms += e.dur / 1000;
    t.count++;
    totals.set(e.name, t);
  }
  const lines = [...totals]
    .sort((a, b) => b[1].ms - a[1].ms)
    .slice(0, 15)
    .map(([name, t]) => `${t.ms.toFixed(0).padStart(6)} ms ${String(t.count).padStart(5)}× ${name}`);
  const longest = events
    .filter((e) => e.dur !== undefined && e.dur > 50_000 && e.name !== 'RunTask')
    .sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0))
    .slice(0, 25)
    .map((e) => `${((e.dur ?? 0) / 1000).toFixed(1)} ms ${e.name} ${JSON.stringify(e.args).slice(0, 200)}`);
  process.stderr.write(`longest:\n${longest.join('\n')}\n`);
  // The main thread's long tasks (over 50 ms) and what ran in each: its script (named through the source map),
  // style, layout, garbage collection.
  for (const task of events.filter((e) => e.name === 'RunTask' && (e.dur ?? 0) > 50_000)) {
    const end = task.ts + (task.dur ?? 0);
    const inside = events
      .filter((e) => e.tid === task.tid && e.ts >= task.ts && e.ts < end && e !== task && (e.dur ?? 0) > 3_000)
      .filter((e) => !e.name.startsWith('V8.') && e.name !== 'RunTask')
      .map((e) => {
        const data = e.args?.data as { url?: string; lineNumber?: number; columnNumber?: number } | undefined;
        const what =
          e.name === 'FunctionCall' && data?.url
            ? frameName({
                functionName: '',
                url: data.url,
                lineNumber: (data.lineNumber ?? 1) - 1,
                columnNumber: (data.columnNumber ?? 1) - 1,
              })
            : '';
        return `${((e.dur ?? 0) / 1000).toFixed(0)} ${e.name} ${what}`.trim();
      });
    process.stderr.write(`task ${((task.dur ?? 0) / 1000).toFixed(0)} ms: ${inside.slice(0, 10).join('; ')}\n`);
  }
  // Frames: the gaps between commits longer than 200 ms, and what ran in them.
  const timed = events as unknown as { name: string; ts: number; dur?: number; tid: number }[];
  const commits = timed
    .filter((e) => e.name === 'Commit')
    .map((e) => e.ts)
    .sort((a, b) => a - b);
  for (let i = 1; i < commits.length; i++) {
    const [a, b] = [commits[i - 1] as number, commits[i] as number];
    if (b - a < 200_000) continue;
    const inside = new Map<string, number>();
    for (const e of timed)
      if (e.ts > a && e.ts < b && e.dur !== undefined) inside.set(e.name, (inside.get(e.name) ?? 0) + e.dur / 1000);
    const what = [...inside]
      .sort((x, y) => y[1] - x[1])
      .slice(0, 12)
      .map(([n, ms]) => `${n} ${ms.toFixed(0)}`);
    process.stderr.write(`no commit for ${((b - a) / 1000).toFixed(0)} ms: ${what.join(', ')}\n`);
  }
  const layouts = events
    .filter((e) => (e.name === 'Layout' || e.name === 'UpdateLayoutTree') && e.dur !== undefined)
    .sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0))
    .slice(0, 8)
    .map(
      (e) =>
        `${((e.dur ?? 0) / 1000).toFixed(1)} ms ${e.name} ${JSON.stringify(e.args?.beginData ?? e.args?.elementCount ?? e.args)}`,
    );
  // What dirtied the layouts: each invalidation's reason and the element it was on.
  const reasons = new Map<string, number>();
  for (const e of events) {
    if (e.name !== 'LayoutInvalidationTracking' && e.name !== 'StyleRecalcInvalidationTracking') continue;
    const data = e.args?.data as { reason?: string; nodeName?: string } | undefined;
    const key = `${e.name.replace('InvalidationTracking', '')}: ${data?.reason} on ${data?.nodeName}`;
    reasons.set(key, (reasons.get(key) ?? 0) + 1);
  }
  const why = [...reasons]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 20)
    .map(([k, n]) => `${String(n).padStart(6)} ${k}`);
  process.stderr.write(`${lines.join('\n')}\nlargest:\n${layouts.join('\n')}\ninvalidations:\n${why.join('\n')}\n`);
}
