/**
 * Capturing one URL: the safe fetch, then the extraction, with one verdict a
 * caller acts on — a snapshot, or a failure in words and whether trying again
 * later may help. The capture worker and `factmark capture` both call it.
 */
import { STATUS_CODES } from 'node:http';
import type { SourceSettings } from '../config.ts';
import type { FetchRecord, Snapshot } from '../storage/capture-store.ts';
import { extractSnapshot, Unreadable } from './extract.ts';
import { type FetchLimits, FetchRefused, safeFetch } from './safe-fetch.ts';

/** The User-Agent every capture sends: who fetches and why. */
export const CAPTURE_USER_AGENT = 'FactmarkCapture/1.0 (fact-checking source capture; +https://github.com/factmark)';

/** The fetch limits of the configured settings (the server's worker and `factmark capture` use the same). */
export function fetchLimits(settings: SourceSettings): FetchLimits {
  return {
    maxBytes: settings.maxBytes,
    timeoutMs: settings.timeoutMs,
    maxRedirects: settings.maxRedirects,
    allow: settings.allow,
    userAgent: CAPTURE_USER_AGENT,
  };
}

/** A capture that worked: the fetch and the snapshot it produced. */
export interface Captured {
  ok: true;
  fetch: FetchRecord & { hash: string };
  snapshot: Snapshot;
  /** The URL asked for, then each redirect's target. */
  urls: string[];
}

/** A capture that did not: why in words, whether a later try may help, and the fetch when there was an answer. */
export interface NotCaptured {
  ok: false;
  /** `refused`: not fetched by rule; `status`: answered with an error; `unreadable`: not text; `unreachable`: no answer. */
  code: 'refused' | 'status' | 'unreadable' | 'unreachable';
  reason: string;
  /** True when the same fetch later may work (a timeout, no connection, a 5xx, 429). */
  transient: boolean;
  fetch: FetchRecord | null;
}

/** The outcome of {@link capturePage}. */
export type PageCapture = Captured | NotCaptured;

/** "404 Not Found": a status as a person reads it. */
export function statusWords(status: number): string {
  return `${status} ${STATUS_CODES[status] ?? ''}`.trim();
}

/** True for the statuses a later try may cure. */
const transientStatus = (status: number) => status >= 500 || status === 429 || status === 408;

/** Fetch `url` within `limits` and read it; never throws for anything the page or the network does. */
export async function capturePage(
  url: string,
  limits: FetchLimits,
  now: () => Date = () => new Date(),
): Promise<PageCapture> {
  let fetched: Awaited<ReturnType<typeof safeFetch>>;
  try {
    fetched = await safeFetch(url, limits);
  } catch (error) {
    if (!(error instanceof FetchRefused)) throw error;
    const transient = error.code === 'timeout' || error.code === 'unreachable';
    const code = transient || error.code === 'no_host' ? 'unreachable' : 'refused';
    return { ok: false, code, reason: error.message, transient, fetch: null };
  }
  const record: FetchRecord = {
    url,
    finalUrl: fetched.finalUrl,
    status: fetched.status,
    fetchedAt: now().toISOString(),
    hash: null,
  };
  if (fetched.status < 200 || fetched.status >= 300) {
    return {
      ok: false,
      code: 'status',
      reason: `The page answered ${statusWords(fetched.status)}`,
      transient: transientStatus(fetched.status),
      fetch: record,
    };
  }
  try {
    const snapshot = await extractSnapshot(fetched.body, fetched.contentType, fetched.finalUrl);
    return { ok: true, fetch: { ...record, hash: snapshot.hash }, snapshot, urls: fetched.urls };
  } catch (error) {
    if (!(error instanceof Unreadable)) throw error;
    return { ok: false, code: 'unreadable', reason: error.message, transient: false, fetch: record };
  }
}
