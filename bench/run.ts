import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchAnchoring } from './anchoring.ts';
import { benchCapacity } from './capacity.ts';
import { benchDesk } from './desk.ts';
import { benchEditor } from './editor.ts';
import { benchHints } from './hints.ts';
import { markdown, save } from './report.ts';
import { benchStateLayer } from './state-layer.ts';
import { benchStateSize } from './state-size.ts';
import { type Figure, machine } from './stats.ts';
import { benchStorage } from './storage.ts';
import { benchSync } from './sync.ts';
import { benchSlowStorage } from './sync-storage.ts';

/**
 * `pnpm bench [--quick]`: run every benchmark suite, print the table and save
 * bench/results/latest.json and latest.md (a full run also updates the README's
 * Performance table). Figures are measured, never asserted: this is not a test.
 */
const quick = process.argv.includes('--quick');
/** `--only editor,sync`: run just the suites whose names contain one of these words (for development). */
const onlyArg = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
// Empty words are dropped: every suite's name contains the empty string (`--only=sync,` would run them all).
const only = onlyArg ? onlyArg.split(',').filter(Boolean) : null;
const root = fileURLToPath(new URL('..', import.meta.url));
const figures: Figure[] = [];
const started = performance.now();
for (const [name, suite] of [
  ['state layer', benchStateLayer],
  ['document state', benchStateSize],
  ['editor in Chromium', benchEditor],
  ['sync', benchSync],
  ['sync on slow storage', benchSlowStorage],
  ['storage', benchStorage],
  ['capacity', benchCapacity],
  ['anchoring', benchAnchoring],
  ['claim finder', benchHints],
  ['desk', benchDesk],
] as const) {
  if (only && !only.some((word) => name.includes(word))) continue;
  process.stderr.write(`bench: ${name}…\n`);
  const suiteStarted = performance.now();
  figures.push(...(await suite(quick)));
  process.stderr.write(`bench: ${name} took ${((performance.now() - suiteStarted) / 1000).toFixed(1)} s\n`);
  // Issue 18: the editor suite (every size and its baselines) within 10 minutes.
  if (name === 'editor in Chromium')
    figures.push(runTime('the editor suite, every size and its baseline', suiteStarted, 10));
}
// And the whole run within 15 (a quick or partial run has no target).
if (!only) figures.push(runTime('the whole run', started, 15));

/** How long part of this run took, in minutes, against its target when the run is a full one. */
function runTime(what: string, since: number, targetMinutes: number): Figure {
  const minutes = Number(((performance.now() - since) / 60_000).toFixed(1));
  return {
    suite: 'bench',
    name: `${what}, wall-clock time`,
    value: minutes,
    unit: 'min',
    ...(quick ? {} : { target: `≤ ${targetMinutes} min`, pass: minutes <= targetMinutes }),
  };
}
// A partial run prints its table but leaves the saved results (a whole run's) alone.
const table = only
  ? markdown(figures, machine(), new Date().toISOString(), quick)
  : save(join(root, 'bench/results'), join(root, 'README.md'), figures, machine(), quick);
process.stdout.write(`\n${table}\nbench: done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
process.exit(0);
