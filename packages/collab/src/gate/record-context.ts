/**
 * What every record rule of the gate reads: who sent the update, the
 * document before it and the trial copy after it, and the small checks the
 * rules share (a person named is the sender, a time is not ahead of the
 * server's clock).
 */
import * as Y from 'yjs';
import { bodyJSON } from '../body-layout.ts';
import type { Role } from '../policy.ts';
import type { ArticleChange } from './article-rules.ts';
import type { Effects, Touched } from './effects.ts';
import { type Refusal, refuse } from './refusal.ts';

/** How far ahead of the server's clock a time an update writes may be (clocks drift; offline work is older). */
export const MAX_CLOCK_SKEW_MS = 2 * 60_000;

/** Who sent an update and what the gate knows around it. */
export interface RecordContext {
  userId: string;
  role: Role;
  /** The server's clock, in milliseconds. */
  now: number;
  /** The document before the update, and the trial copy after it. */
  doc: Y.Doc;
  copy: Y.Doc;
  article: ArticleChange;
  /**
   * True when the update carries text at all, even text Yjs dropped on arrival (written into a paragraph a
   * colleague's concurrent join removed and the document has collected).
   */
  carriesText: () => boolean;
  /** True when this update itself integrated every struct of `client` in the clock range [from, to). */
  integrated: (client: number, from: number, to: number) => boolean;
}

export type Json = Record<string, unknown>;

export const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter((m) => m && typeof m === 'object') : []);
export const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
export const personId = (value: unknown) =>
  value !== null && typeof value === 'object' ? (value as { id?: unknown }).id : undefined;

/** The keys directly under `root` that the update touched. */
export function touchedKeys(effects: Effects, root: string): Set<string> {
  const out = new Set<string>();
  const add = ({ where }: Touched) => {
    if (where.root === root && where.topKey !== null) out.add(where.topKey);
  };
  effects.inserted.forEach(add);
  effects.insertedDeleted.forEach(add);
  effects.deleted.forEach(add);
  return out;
}

/** The entry `key` under map root `root` as JSON (a body's arrays as arrays), or null when there is none. */
export function entryJSON(doc: Y.Doc, root: string, key: string): Json | null {
  const value = doc.getMap<unknown>(root).get(key);
  if (value instanceof Y.Map) return bodyJSON(value as Y.Map<unknown>);
  return value === undefined ? null : { value };
}

/** True when `key` was once set under `root` (an undo may bring back what was removed). */
export function existedBefore(doc: Y.Doc, root: string, key: string): boolean {
  return doc.getMap<unknown>(root)._map.has(key);
}

export function timeProblem(ctx: RecordContext, what: string, value: unknown): Refusal | null {
  if (value === null || value === undefined) return null;
  const at = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(at)) return refuse('invalid_body', `${what} is not a time`);
  if (at > ctx.now + MAX_CLOCK_SKEW_MS) return refuse('identity', `${what} is later than the server's clock`);
  return null;
}

export function personProblem(ctx: RecordContext, what: string, value: unknown): Refusal | null {
  if (value === null || personId(value) === ctx.userId) return null;
  return refuse('identity', `${what} must name you, the person making the change`);
}

export function firstProblem(...checks: (() => Refusal | null)[]): Refusal | null {
  for (const check of checks) {
    const problem = check();
    if (problem) return problem;
  }
  return null;
}

/** An annotation body before and after an update (null where it does not exist). */
export interface BodyChange {
  id: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}
