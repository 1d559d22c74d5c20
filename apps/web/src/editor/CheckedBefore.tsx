/**
 * "Checked before" on a claim's card: claims like this one the desk already judged in its other documents (those
 * you may read), each with its verdict, date and document, linked to the claim there — asked of the server when the
 * card opens and again after its statement changes.
 */
import type { CheckedClaim } from '@factmark/api';
import { useEffect, useState } from 'react';
import { api, describeError } from '../api.ts';
import { annotationLink } from './annotation-link.ts';

/** How long the statement must stay the same before it is searched for (typing does not search every key). */
const SETTLE_MS = 600;

/** "3 Nov", or "3 Nov 2025" outside this year. */
function shortDate(day: string): string {
  const date = new Date(`${day}T12:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  const sameYear = date.getUTCFullYear() === new Date().getUTCFullYear();
  return date.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    ...(sameYear ? {} : { year: 'numeric' }),
    timeZone: 'UTC',
  });
}

/** The earlier checks of `statement` outside document `documentId`. */
export function CheckedBefore({ documentId, statement }: { documentId: string; statement: string }) {
  const [found, setFound] = useState<CheckedClaim[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      api
        .checkedBefore(documentId, statement)
        .then((claims) => current && (setFound(claims), setError(null)))
        .catch((e: unknown) => current && setError(describeError(e)));
    }, SETTLE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [documentId, statement]);
  if (error) return <p className="muted checked-before">Earlier checks could not be looked up: {error}</p>;
  if (!found || found.length === 0) return null;
  return (
    <section className="checked-before" aria-label="Checked before">
      <h4>Checked before</h4>
      <ul>
        {found.map((c) => (
          <li key={`${c.documentId}/${c.claimId}`}>
            <a href={annotationLink(c.documentId, c.claimId)}>
              Checked on {shortDate(c.checkedAt)} in “{c.documentTitle}”: <strong>{c.verdict}</strong>
            </a>
            <span className="muted"> — “{c.statement}”</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
