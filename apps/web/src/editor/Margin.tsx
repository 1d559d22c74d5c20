/** The margin: search and filters, the claim finder's hints, what needs review, orphans, and the column of cards. */
import type { Orphan } from '@factmark/collab';
import { useMemo, useState } from 'react';
import { KIND_LABELS } from '../labels.ts';
import type { DocumentSession } from '../session/document-session.ts';
import { useSnapshot } from '../session/use-snapshot.ts';
import type { CardContext } from './AnnotationCard.tsx';
import { CardColumn } from './CardColumn.tsx';
import { HintsSection } from './HintsSection.tsx';
import { MarginFilters } from './MarginFilters.tsx';
import { NeedsReview, pendingReviews } from './NeedsReview.tsx';
import { filterAnnotations, isFiltering, type MarginFilter, NO_FILTER } from './workspace-model.ts';

/** The margin: filters, orphans, and one card per annotation aligned with its span (in a list when narrow). */
export function Margin({ session, ctx, aligned }: { session: DocumentSession; ctx: CardContext; aligned: boolean }) {
  const annotations = useSnapshot(session, (s) => s.annotations);
  const orphans = useSnapshot(session, (s) => s.orphans);
  const activeId = useSnapshot(session, (s) => s.activeId);
  // Before the server's copy (or this browser's) is here, there is nothing to count yet.
  const ready = useSnapshot(session, (s) => s.ready);
  const [filter, setFilter] = useState<MarginFilter>(NO_FILTER);
  // The filters' choices (authors, assignees) come from the bodies alone.
  const byBody = useSnapshot(session, (s) => s.byBody);
  // Which annotations await a review is in their bodies: looked for when a body changes, not on every key typed
  // inside a highlight (byBody lists the same annotations at the same places as the annotations).
  const reviewing = useMemo(() => byBody.flatMap((e, i) => (e.body?.review ? [i] : [])), [byBody]);
  const pending = useMemo(
    () =>
      pendingReviews(
        orphans,
        reviewing.flatMap((i) => annotations[i] ?? []),
      ),
    [orphans, reviewing, annotations],
  );
  // An orphan with a review pending is listed under Needs review only.
  const settled = useMemo(() => orphans.filter((o) => !o.body.review), [orphans]);
  const visible = useMemo(
    () => (isFiltering(filter) ? filterAnnotations(annotations, filter, ctx.sources) : annotations),
    [annotations, filter, ctx.sources],
  );
  return (
    <div className="margin-panel">
      <MarginFilters entries={byBody} filter={filter} onChange={setFilter} ctx={ctx} />
      <p className="muted filter-count" aria-live="polite">
        {!ready
          ? 'Loading the annotations…'
          : isFiltering(filter)
            ? `Showing ${visible.length} of ${annotations.length}`
            : `${annotations.length} ${annotations.length === 1 ? 'annotation' : 'annotations'}`}
      </p>
      <HintsSection session={session} />
      {pending.length > 0 && <NeedsReview pending={pending} session={session} />}
      {settled.length > 0 && <Orphans orphans={settled} session={session} />}
      {ready && annotations.length === 0 && (
        <p className="muted">
          Select a passage of the article, then choose Claim, Cite source, Suggest correction or Comment.
        </p>
      )}
      {/* Filtered, the matching cards are listed from the top (wherever their spans are); else aligned. */}
      <CardColumn
        items={visible}
        session={session}
        ctx={ctx}
        aligned={aligned && !isFiltering(filter)}
        activeId={activeId}
      />
    </div>
  );
}

/** Annotations whose passage was deleted: re-attach each to the selection, or remove it. */
function Orphans({ orphans, session }: { orphans: Orphan[]; session: DocumentSession }) {
  const canAct = session.canAnnotate();
  return (
    <section className="orphans" aria-labelledby="orphans-heading">
      <h3 id="orphans-heading">
        Orphans <span className="count">{orphans.length}</span>
      </h3>
      <p className="muted">
        Their passage was deleted. Select the passage it belongs to now and re-attach, or remove the annotation.
      </p>
      <ul>
        {orphans.map((o) => (
          <li key={o.id} className="orphan" data-orphan={o.id}>
            <span className={`kind-badge kind-${o.body.kind}`}>{KIND_LABELS[o.body.kind]}</span>{' '}
            <q className="card-quote">{o.lastText}</q>
            {canAct && (
              <span className="actions">
                <button
                  type="button"
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => session.run((f) => f.reattach(o.id))}
                >
                  Re-attach to selection
                </button>
                <button type="button" className="danger" onClick={() => session.run((f) => f.remove(o.id))}>
                  Remove
                </button>
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
