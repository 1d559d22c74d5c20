/**
 * The margin's "Needs review": what an import could not place for sure. An ambiguous annotation lists the places
 * its words occur, each in context — one button places it there —, or stays unplaced; an approximate one was placed
 * on text that differs from its quote, and is kept or unplaced — with a button each, or one key on the focused item
 * (the candidate's number, U, K). Each choice is a change the audit trail records.
 */
import type { AnnotationBody, Orphan, ReviewChoice } from '@factmark/collab';
import { KIND_LABELS } from '../labels.ts';
import type { DocumentSession } from '../session/document-session.ts';
import type { WorkspaceEntry } from './workspace-model.ts';

/** An annotation with a review pending: its id, body (with `review`), and the words it covers or had. */
interface Pending {
  id: string;
  body: AnnotationBody & { review: NonNullable<AnnotationBody['review']> };
  text: string;
}

/** The annotations and orphans with a review pending, orphans first. */
export function pendingReviews(orphans: readonly Orphan[], entries: readonly WorkspaceEntry[]): Pending[] {
  const out: Pending[] = [];
  for (const o of orphans) if (o.body.review) out.push({ id: o.id, body: o.body as Pending['body'], text: o.lastText });
  for (const e of entries) if (e.body?.review) out.push({ id: e.id, body: e.body as Pending['body'], text: e.text });
  return out;
}

/** What a key does on a focused item: a candidate's number places it, U unplaces, K keeps an approximate one. */
export function choiceOfKey(key: string, band: 'approximate' | 'ambiguous', candidates: number): ReviewChoice | null {
  const k = key.toLowerCase();
  if (k === 'u') return 'unplace';
  if (band === 'approximate') return k === 'k' ? 'keep' : null;
  const n = Number(k);
  return Number.isInteger(n) && n >= 1 && n <= Math.min(9, candidates) ? { place: n - 1 } : null;
}

function keysHint(band: 'approximate' | 'ambiguous', candidates: number): string {
  return band === 'ambiguous'
    ? `press 1 to ${Math.min(9, candidates)} to place it, U to leave it unplaced`
    : 'press K to keep it here, U to unplace it';
}

/** The Needs review section (see the file's header). */
export function NeedsReview({ pending, session }: { pending: readonly Pending[]; session: DocumentSession }) {
  const canAct = session.canAnnotate();
  return (
    <section className="orphans needs-review" aria-labelledby="review-heading">
      <h3 id="review-heading">
        Needs review <span className="count">{pending.length}</span>
      </h3>
      <p className="muted">An import could not be sure where these belong. Choose, or leave them unplaced.</p>
      <ul>
        {pending.map(({ id, body, text }) => (
          <li
            key={id}
            className="orphan"
            data-review={id}
            // One key decides: the candidate's number places it there, U leaves it unplaced, K keeps it.
            tabIndex={canAct ? 0 : undefined}
            aria-label={`${KIND_LABELS[body.kind]} “${text}”: ${keysHint(body.review.band, body.review.candidates.length)}`}
            onKeyDown={(e) => {
              if (!canAct || e.target !== e.currentTarget || e.ctrlKey || e.metaKey || e.altKey) return;
              const choice = choiceOfKey(e.key, body.review.band, body.review.candidates.length);
              if (choice === null) return;
              e.preventDefault();
              session.run((f) => f.settleReview(id, choice));
            }}
          >
            <span className={`kind-badge kind-${body.kind}`}>{KIND_LABELS[body.kind]}</span>{' '}
            <q className="card-quote">{text}</q>
            <p className="muted">{body.review.reason}</p>
            {canAct && (
              <span className="actions review-actions">
                {body.review.band === 'ambiguous' ? (
                  <>
                    {body.review.candidates.map((c, i) => (
                      <button
                        // biome-ignore lint/suspicious/noArrayIndexKey: the candidates are a fixed list, by place
                        key={i}
                        type="button"
                        className="candidate"
                        aria-keyshortcuts={i < 9 ? String(i + 1) : undefined}
                        onClick={() => session.run((f) => f.settleReview(id, { place: i }))}
                      >
                        {i < 9 ? `${i + 1} · ` : ''}Place here: {c.text}
                      </button>
                    ))}
                    <button
                      type="button"
                      aria-keyshortcuts="U"
                      onClick={() => session.run((f) => f.settleReview(id, 'unplace'))}
                    >
                      Leave unplaced (U)
                    </button>
                  </>
                ) : (
                  <>
                    <button
                      type="button"
                      aria-keyshortcuts="K"
                      onClick={() => session.run((f) => f.settleReview(id, 'keep'))}
                    >
                      Keep it here (K)
                    </button>
                    <button
                      type="button"
                      aria-keyshortcuts="U"
                      onClick={() => session.run((f) => f.settleReview(id, 'unplace'))}
                    >
                      Unplace (U)
                    </button>
                  </>
                )}
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
