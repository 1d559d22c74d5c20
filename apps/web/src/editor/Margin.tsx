import { CLAIM_STATUSES, type Orphan } from '@factmark/collab';
import { ANNOTATION_KINDS, type AnnotationKind } from '@factmark/editor';
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { DocumentSession } from '../session/document-session.ts';
import { useSnapshot, whole } from '../session/use-snapshot.ts';
import { AnnotationCard, type CardContext, editingByCard, NO_EDITORS } from './AnnotationCard.tsx';
import { stackCards } from './card-layout.ts';
import {
  authorsOf,
  filterAnnotations,
  isFiltering,
  KIND_LABELS,
  type MarginFilter,
  NO_FILTER,
  NO_VERDICT,
  STATUS_LABELS,
  UNASSIGNED,
  type WorkspaceEntry,
} from './workspace-model.ts';

/** The margin: filters, orphans, and one card per annotation aligned with its span (in a list when narrow). */
export function Margin({ session, ctx, aligned }: { session: DocumentSession; ctx: CardContext; aligned: boolean }) {
  const snap = useSnapshot(session, whole);
  const [filter, setFilter] = useState<MarginFilter>(NO_FILTER);
  const visible = useMemo(
    () => filterAnnotations(snap.annotations, filter, ctx.sources),
    [snap.annotations, filter, ctx.sources],
  );
  return (
    <div className="margin-panel">
      <Filters snapshot={snap.annotations} filter={filter} onChange={setFilter} ctx={ctx} />
      <p className="muted filter-count" aria-live="polite">
        {isFiltering(filter)
          ? `Showing ${visible.length} of ${snap.annotations.length}`
          : `${snap.annotations.length} ${snap.annotations.length === 1 ? 'annotation' : 'annotations'}`}
      </p>
      {snap.orphans.length > 0 && <Orphans orphans={snap.orphans} session={session} />}
      {snap.annotations.length === 0 && (
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
        activeId={snap.activeId}
      />
    </div>
  );
}

/** Cards rendered beyond the viewport on each side, in screen heights (the rest are not in the DOM). */
const OVERSCAN_SCREENS = 1;
/** Cards listed at a time in the narrow (drawer) layout. */
const LIST_PAGE = 100;

/** The first index in [0, n) for which `test` holds (test is false then true along the indices). */
function lowerBound(n: number, test: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (test(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * The cards. Aligned (wide layout): only the cards whose spans are within a
 * screen of the viewport are in the DOM (found by binary search over the
 * spans' positions, so 5,000 annotations cost what 50 do), each placed by
 * {@link stackCards}. Placing happens outside React (the cards' `top` is
 * written to the DOM after every change of the article's layout), so typing
 * re-renders no card that did not change. Narrow: a list, a page at a time.
 */
function CardColumn(props: {
  items: WorkspaceEntry[];
  session: DocumentSession;
  ctx: CardContext;
  aligned: boolean;
  activeId: string | null;
}) {
  const { items, session, ctx, aligned, activeId } = props;
  const snap = useSnapshot(session, whole);
  const editing = useMemo(() => editingByCard(snap.presence), [snap.presence]);
  const container = useRef<HTMLOListElement>(null);
  const cards = useRef(new Map<string, HTMLElement>());
  // One ref callback per card, kept across renders: a new function each time would make every card render again.
  const refCallbacks = useRef(new Map<string, (el: HTMLElement | null) => void>());
  const refFor = (id: string) => {
    let callback = refCallbacks.current.get(id);
    if (!callback) {
      callback = (el: HTMLElement | null) => {
        if (el) cards.current.set(id, el);
        else {
          cards.current.delete(id);
          refCallbacks.current.delete(id);
        }
      };
      refCallbacks.current.set(id, callback);
    }
    return callback;
  };
  const tops = useRef(new Map<string, number>());
  const placeCards = useRef<(() => void) | null>(null);
  const placedInThisCommit = useRef(false);
  /** What the last placing measured: the list's and the article's position and size, each card's desired top. */
  const measuredAt = useRef({ origin: Number.NaN, articleHeight: Number.NaN, desired: new Map<string, number>() });
  const [range, setRange] = useState<[number, number]>([0, 0]);
  const rangeNow = useRef(range);
  const [limit, setLimit] = useState(LIST_PAGE);

  const shown = useMemo(() => {
    if (!aligned) return items.slice(0, limit);
    const windowed = items.slice(range[0], range[1]);
    // The active card is always there (keyboard focus may go to it wherever it is).
    const activeIndex = activeId ? items.findIndex((i) => i.id === activeId) : -1;
    if (activeIndex >= 0 && (activeIndex < range[0] || activeIndex >= range[1])) {
      const active = items[activeIndex] as WorkspaceEntry;
      return activeIndex < range[0] ? [active, ...windowed] : [...windowed, active];
    }
    return windowed;
  }, [aligned, items, range, limit, activeId]);

  // Which cards are near the viewport (React renders those), and where each goes (written to the DOM):
  // again after every change of the article's layout, on scroll and on resize (once per frame), and when
  // a card's height changes.
  useLayoutEffect(() => {
    const list = container.current;
    if (!aligned || !list) return;
    const view = session.view;
    const topOfPos = (pos: number | undefined) => {
      if (pos === undefined) return Number.POSITIVE_INFINITY;
      try {
        return view.coordsAtPos(pos).top;
      } catch {
        return Number.POSITIVE_INFINITY;
      }
    };
    const findWindow = () => {
      const screen = window.innerHeight;
      const topOf = (i: number) => topOfPos(session.startOf((items[i] as WorkspaceEntry).id));
      const start = lowerBound(items.length, (i) => topOf(i) >= -screen * OVERSCAN_SCREENS);
      const end = lowerBound(items.length, (i) => topOf(i) > screen * (1 + OVERSCAN_SCREENS));
      // A few more either side: cards pushed into view by their neighbours' stacking.
      const next: [number, number] = [Math.max(0, start - 8), Math.min(items.length, end + 8)];
      // Compared here, not in a state updater: an updater would make React render the column to find out.
      if (rangeNow.current[0] !== next[0] || rangeNow.current[1] !== next[1]) {
        rangeNow.current = next;
        setRange(next);
      }
    };
    /**
     * Place the shown cards. `moved`: the annotations whose spans may have moved since the last placing (null:
     * any). When only some may have and the article's height did not change, nothing else moved: the others keep
     * their measured positions (measuring every card on every keystroke would cost more than the keystroke).
     */
    const place = (moved: ReadonlySet<string> | null = null) => {
      const origin = list.getBoundingClientRect().top;
      const articleHeight = view.dom.offsetHeight;
      const known = measuredAt.current;
      const incremental = moved !== null && known.origin === origin && known.articleHeight === articleHeight;
      const desired = new Map<string, number>();
      const measured = shown.flatMap((item) => {
        const el = cards.current.get(item.id);
        const kept = incremental && !moved.has(item.id) ? known.desired.get(item.id) : undefined;
        const top = kept ?? topOfPos(session.startOf(item.id)) - origin;
        if (!el || !Number.isFinite(top)) return [];
        desired.set(item.id, top);
        return [{ id: item.id, desired: top, height: el.offsetHeight }];
      });
      measuredAt.current = { origin, articleHeight, desired };
      measured.sort((a, b) => a.desired - b.desired);
      const next = stackCards(measured, activeId);
      let bottom = articleHeight;
      for (const { id, height } of measured) {
        const top = next.get(id) ?? 0;
        bottom = Math.max(bottom, top + height);
        const li = cards.current.get(id)?.parentElement;
        if (li && tops.current.get(id) !== top) li.style.top = `${top}px`;
      }
      tops.current = next;
      if (list.style.height !== `${bottom}px`) list.style.height = `${bottom}px`;
      return incremental;
    };
    const layout = (moved: ReadonlySet<string> | null) => {
      // Nothing but the changed spans moved: the window of shown cards is the same.
      if (!place(moved)) findWindow();
    };
    placeCards.current = () => {
      place();
    };
    findWindow();
    place();
    placedInThisCommit.current = true;
    let queued = false;
    const onScroll = () => {
      if (queued) return;
      queued = true;
      requestAnimationFrame(() => {
        queued = false;
        findWindow();
      });
    };
    const unsubscribe = session.onLayout(layout);
    const resized = new ResizeObserver(() => {
      place();
    });
    for (const el of cards.current.values()) resized.observe(el);
    window.addEventListener('scroll', onScroll, { passive: true });
    window.addEventListener('resize', onScroll);
    return () => {
      placeCards.current = null;
      unsubscribe();
      resized.disconnect();
      window.removeEventListener('scroll', onScroll);
      window.removeEventListener('resize', onScroll);
    };
  }, [aligned, items, shown, activeId, session]);
  // After every render too: what renders above the cards (orphans, filters) moves them.
  useLayoutEffect(() => {
    // (Unless the effect above just placed them: each placing forces a layout of the whole page.)
    if (placedInThisCommit.current) placedInThisCommit.current = false;
    else placeCards.current?.();
  });

  return (
    <>
      <ol ref={container} className={`cards${aligned ? ' aligned' : ''}`} aria-label="Annotations">
        {shown.map((entry) => (
          <li
            key={entry.id}
            className={aligned ? 'card-slot' : undefined}
            // `top` is set by the placing above, never by React.
            style={aligned ? ALIGNED_ITEM : undefined}
          >
            <AnnotationCard
              ref={refFor(entry.id)}
              entry={entry}
              active={entry.id === activeId}
              ctx={ctx}
              editors={editing.get(entry.id) ?? NO_EDITORS}
            />
          </li>
        ))}
      </ol>
      {!aligned && items.length > limit && (
        <button type="button" className="show-more" onClick={() => setLimit((l) => l + LIST_PAGE)}>
          Show {Math.min(LIST_PAGE, items.length - limit)} more of {items.length - limit}
        </button>
      )}
    </>
  );
}

const ALIGNED_ITEM = { position: 'absolute', left: 0, right: 0 } as const;

function Filters(props: {
  snapshot: WorkspaceEntry[];
  filter: MarginFilter;
  onChange: (f: MarginFilter) => void;
  ctx: CardContext;
}) {
  const { filter, onChange, ctx } = props;
  const set = (key: keyof MarginFilter) => (e: { target: { value: string } }) =>
    onChange({ ...filter, [key]: e.target.value });
  const authors = authorsOf(props.snapshot);
  const assignees = new Map<string, string>();
  for (const m of ctx.members) assignees.set(m.user.id, m.user.name);
  for (const e of props.snapshot)
    if (e.body?.kind === 'claim' && e.body.assignee) assignees.set(e.body.assignee.id, e.body.assignee.name);
  return (
    <search className="filters" aria-label="Filter annotations">
      <label className="field search">
        <span className="field-label">Search</span>
        <input type="search" value={filter.query} onChange={set('query')} placeholder="Text, source, note…" />
      </label>
      <details className="more-filters">
        <summary>Filters</summary>
        <div className="filter-row">
          <label className="field">
            <span className="field-label">Kind</span>
            <select
              value={filter.kind}
              onChange={(e) => onChange({ ...filter, kind: e.target.value as AnnotationKind | '' })}
            >
              <option value="">All</option>
              {ANNOTATION_KINDS.map((k) => (
                <option key={k} value={k}>
                  {KIND_LABELS[k]}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">Verdict</span>
            <select value={filter.verdict} onChange={set('verdict')}>
              <option value="">Any</option>
              {ctx.scale.labels.map((l) => (
                <option key={l.label} value={l.label}>
                  {l.label}
                </option>
              ))}
              <option value={NO_VERDICT}>No verdict</option>
            </select>
          </label>
          <label className="field">
            <span className="field-label">Status</span>
            <select value={filter.status} onChange={set('status')}>
              <option value="">Any</option>
              {CLAIM_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {STATUS_LABELS[s]}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">Assignee</span>
            <select value={filter.assignee} onChange={set('assignee')}>
              <option value="">Anyone</option>
              <option value={UNASSIGNED}>Unassigned</option>
              {[...assignees].map(([id, name]) => (
                <option key={id} value={id}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">Author</span>
            <select value={filter.author} onChange={set('author')}>
              <option value="">Anyone</option>
              {authors.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </label>
        </div>
      </details>
      {isFiltering(filter) && (
        <button type="button" className="quiet" onClick={() => onChange(NO_FILTER)}>
          Clear filters
        </button>
      )}
    </search>
  );
}

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
