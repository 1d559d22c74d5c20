/**
 * My work: what waits for you across every document you are a member of — claims assigned to you, claims you
 * marked without a verdict or a source, corrections waiting for a decision (editors), threads a colleague answered,
 * mentions of you not answered yet, claims waiting for you as second reviewer — with a count and a filter per kind; each row opens the document at
 * its card. Asked again every few seconds, so a new assignment appears without a reload.
 */
import type { WorkAnswer, WorkCategory } from '@factmark/api';
import { useEffect, useState } from 'react';
import { api, describeError } from './api.ts';
import { annotationLink } from './editor/annotation-link.ts';
import { navigate } from './router.ts';

/** How often the page asks again (a colleague's assignment shows within this). */
const REFRESH_MS = 1_000;
/** Rows shown at first, and added by "Show more" (a desk's thousands of rows would make the page slow to draw). */
const PAGE_ROWS = 100;

/** Each kind of waiting work, as the filters name it. */
const CATEGORIES: { category: WorkCategory; label: string }[] = [
  { category: 'assigned', label: 'Assigned to me' },
  { category: 'review', label: 'Waiting for my check' },
  { category: 'unfinished', label: 'My claims to finish' },
  { category: 'decision', label: 'Corrections to decide' },
  { category: 'mentioned', label: 'Mentions of me' },
  { category: 'replies', label: 'Answered threads' },
];

/** The rows of `filter` (null: every kind), at most `limit`, with the counts: asked again every {@link REFRESH_MS}. */
function useWork(filter: WorkCategory | null, limit: number): { answer: WorkAnswer | null; error: string | null } {
  const [answer, setAnswer] = useState<WorkAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The server filters and counts: the page gets the rows it shows, not a desk's thousands.
  useEffect(() => {
    let current = true;
    let seen = '';
    const load = () =>
      api.myWork({ ...(filter ? { category: filter } : {}), limit }).then(
        (next) => {
          if (!current) return;
          // The same answer as a second ago draws nothing again.
          const key = JSON.stringify(next);
          if (key !== seen) setAnswer(next);
          seen = key;
          setError(null);
        },
        (e: unknown) => current && setError(describeError(e)),
      );
    void load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [filter, limit]);
  return { answer, error };
}

/** The My work page. */
export function MyWorkPage() {
  const [filter, setFilter] = useState<WorkCategory | null>(null);
  const [limit, setLimit] = useState(PAGE_ROWS);
  const { answer, error } = useWork(filter, limit);
  const shown = answer?.items ?? [];
  const matching = answer ? (filter ? (answer.counts[filter] ?? 0) : answer.total) : 0;
  const show = (category: WorkCategory | null) => {
    setFilter(category);
    setLimit(PAGE_ROWS);
  };
  return (
    <main className="my-work">
      <h1>My work</h1>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <fieldset className="work-filters">
        <legend>Show</legend>
        <button type="button" aria-pressed={filter === null} onClick={() => show(null)}>
          Everything <span className="count">{answer?.total ?? 0}</span>
        </button>
        {CATEGORIES.map(({ category, label }) => (
          <button key={category} type="button" aria-pressed={filter === category} onClick={() => show(category)}>
            {label} <span className="count">{answer?.counts[category] ?? 0}</span>
          </button>
        ))}
      </fieldset>
      {answer === null && !error && <p className="muted">Loading…</p>}
      {answer && shown.length === 0 && <p className="muted">Nothing waits for you here.</p>}
      <ul className="work-list" aria-label="Waiting for me">
        {shown.map((i) => (
          <li key={`${i.category}:${i.documentId}:${i.annotationId}`} data-category={i.category}>
            <a
              href={annotationLink(i.documentId, i.annotationId)}
              onClick={(e) => {
                e.preventDefault();
                navigate(annotationLink(i.documentId, i.annotationId));
              }}
            >
              “{i.text}”
            </a>{' '}
            <span className="muted">
              in {i.documentTitle} — {i.detail}
            </span>
          </li>
        ))}
      </ul>
      {matching > shown.length && (
        <button type="button" onClick={() => setLimit((n) => n + PAGE_ROWS)}>
          Show {Math.min(PAGE_ROWS, matching - shown.length)} more ({matching - shown.length} not shown)
        </button>
      )}
    </main>
  );
}
