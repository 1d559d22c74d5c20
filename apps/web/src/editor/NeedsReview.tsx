/**
 * The margin's "Needs review": what an import could not place for sure. An ambiguous annotation lists the places
 * its words occur, each in context — one button places it there —, or stays unplaced; an approximate one was placed
 * on text that differs from its quote, and is kept or unplaced. Each choice is a change the audit trail records.
 */
import type { AnnotationBody, Orphan } from '@factmark/collab';
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
          <li key={id} className="orphan" data-review={id}>
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
                        onClick={() => session.run((f) => f.settleReview(id, { place: i }))}
                      >
                        Place here: {c.text}
                      </button>
                    ))}
                    <button type="button" onClick={() => session.run((f) => f.settleReview(id, 'unplace'))}>
                      Leave unplaced
                    </button>
                  </>
                ) : (
                  <>
                    <button type="button" onClick={() => session.run((f) => f.settleReview(id, 'keep'))}>
                      Keep it here
                    </button>
                    <button type="button" onClick={() => session.run((f) => f.settleReview(id, 'unplace'))}>
                      Unplace
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
