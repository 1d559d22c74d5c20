/**
 * What a later fetch says about a captured source: unchanged, changed since
 * capture, moved (it now redirects elsewhere) or gone (404, 410, refused or
 * unreachable), with the detail a fact-checker reads.
 */
import type { LinkHealth, SnapshotInfo } from '@factmark/collab';
import type { Captured, PageCapture } from './capture.ts';

/** The card's view of a capture: the fetch and what the snapshot says (its text stays in the store). */
export function snapshotInfo(captured: Pick<Captured, 'fetch' | 'snapshot'>): SnapshotInfo {
  const { fetch, snapshot } = captured;
  return {
    hash: snapshot.hash,
    finalUrl: fetch.finalUrl,
    status: fetch.status,
    contentType: snapshot.contentType,
    fetchedAt: fetch.fetchedAt,
    title: snapshot.title,
    byline: snapshot.byline,
    published: snapshot.published,
    textLength: snapshot.text.length,
  };
}

/** A URL without its fragment, for comparing where two fetches ended. */
const withoutFragment = (url: string) => url.replace(/#.*$/, '');

/**
 * Judge a re-check: `capture` is the evidence, `outcome` the new fetch and
 * `sameText` whether its text equals the capture's (bytes may differ while
 * the words do not).
 */
export function judgeHealth(
  capture: SnapshotInfo,
  outcome: PageCapture,
  sameText: boolean,
): { health: LinkHealth; detail: string; latest: SnapshotInfo | null } {
  if (!outcome.ok) return { health: 'gone', detail: outcome.reason, latest: null };
  const latest = snapshotInfo(outcome);
  if (withoutFragment(latest.finalUrl) !== withoutFragment(capture.finalUrl))
    return { health: 'moved', detail: `It now leads to ${latest.finalUrl}`, latest };
  if (latest.hash === capture.hash || sameText)
    return { health: 'unchanged', detail: 'The text is as captured', latest };
  return { health: 'changed', detail: 'The text differs from the capture', latest };
}
