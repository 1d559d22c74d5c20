import { cpus, totalmem } from 'node:os';

/** One measured figure, optionally with the baseline measured in the same run and a target. */
export interface Figure {
  suite: string;
  name: string;
  value: number;
  unit: string;
  baseline?: number;
  /** value / baseline. */
  ratio?: number;
  /** Human-readable target, e.g. "≤ 5 ms". */
  target?: string;
  pass?: boolean;
}

/** The q-quantile (0..1) of `samples`, by nearest rank. */
export function quantile(samples: number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}

/** The median of `values`, and their spread (largest − smallest). */
export function medianOf(values: number[]): { median: number; spread: number } {
  const sorted = [...values].sort((x, y) => x - y);
  return {
    median: sorted[Math.floor(sorted.length / 2)] as number,
    spread: (sorted[sorted.length - 1] as number) - (sorted[0] as number),
  };
}

/** Time `fn` once, in milliseconds. */
export function time(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

/** A deterministic pseudo-random generator (mulberry32), so every run measures the same operations. */
export { rng } from '../apps/server/src/test-support/random.ts';

/** What the figures were measured on. */
export function machine(): Record<string, string> {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: String(cpus().length),
    memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}
