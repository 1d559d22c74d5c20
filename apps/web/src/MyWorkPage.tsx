/**
 * My work: what waits for you across every document you are a member of — claims assigned to you, claims you
 * marked without a verdict or a source, corrections waiting for a decision (editors), threads a colleague answered,
 * mentions of you not answered yet, claims waiting for you as second reviewer — with a count and a filter per kind; each row opens the document at
 * its card. Asked again every few seconds, so a new assignment appears without a reload.
 */
import type { WorkCategory, WorkItem } from '@factmark/api';
import { useEffect, useState } from 'react';
import { api, describeError } from './api.ts';
import { annotationLink } from './editor/annotation-link.ts';
import { navigate } from './router.ts';

/** How often the page asks again (a colleague's assignment shows within this). */
const REFRESH_MS = 1_000;

/** Each kind of waiting work, as the filters name it. */
const CATEGORIES: { category: WorkCategory; label: string }[] = [
  { category: 'assigned', label: 'Assigned to me' },
  { category: 'review', label: 'Waiting for my check' },
  { category: 'unfinished', label: 'My claims to finish' },
  { category: 'decision', label: 'Corrections to decide' },
  { category: 'mentioned', label: 'Mentions of me' },
  { category: 'replies', label: 'Answered threads' },
];

/** The My work page. */
export function MyWorkPage() {
  const [items, setItems] = useState<WorkItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [filter, setFilter] = useState<WorkCategory | null>(null);
  useEffect(() => {
    let current = true;
    const load = () =>
      api.myWork().then(
        (next) => current && (setItems(next), setError(null)),
        (e: unknown) => current && setError(describeError(e)),
      );
    void load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, []);
  const shown = items?.filter((i) => filter === null || i.category === filter) ?? [];
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
        <button type="button" aria-pressed={filter === null} onClick={() => setFilter(null)}>
          Everything <span className="count">{items?.length ?? 0}</span>
        </button>
        {CATEGORIES.map(({ category, label }) => (
          <button key={category} type="button" aria-pressed={filter === category} onClick={() => setFilter(category)}>
            {label} <span className="count">{items?.filter((i) => i.category === category).length ?? 0}</span>
          </button>
        ))}
      </fieldset>
      {items === null && !error && <p className="muted">Loading…</p>}
      {items && shown.length === 0 && <p className="muted">Nothing waits for you here.</p>}
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
    </main>
  );
}
