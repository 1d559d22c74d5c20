/**
 * The margin's column of cards. Aligned (wide layout): only the cards near
 * the viewport are in the DOM, placed beside their spans by the
 * {@link CardPlacer} outside React. Narrow: a list, a page at a time.
 */
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { DocumentSession } from '../session/document-session.ts';
import { useSnapshot } from '../session/use-snapshot.ts';
import { AnnotationCard, type CardContext, editingByCard, NO_EDITORS } from './AnnotationCard.tsx';
import { CardPlacer, type PlacerInput } from './card-placer.ts';
import { sameIds, type WorkspaceEntry } from './workspace-model.ts';

/** Cards listed at a time in the narrow (drawer) layout. */
const LIST_PAGE = 100;

const ALIGNED_ITEM = { position: 'absolute', left: 0, right: 0 } as const;

/** What a render of the margin moved in the article: nothing. */
const NO_SPAN_MOVED: ReadonlySet<string> = new Set();

/** Keeps one ref callback per card across renders: a new function each time would make every card render again. */
function useCardRefs() {
  const cards = useRef(new Map<string, HTMLElement>());
  const callbacks = useRef(new Map<string, (el: HTMLElement | null) => void>());
  const refFor = (id: string) => {
    let callback = callbacks.current.get(id);
    if (!callback) {
      callback = (el: HTMLElement | null) => {
        if (el) cards.current.set(id, el);
        else {
          cards.current.delete(id);
          callbacks.current.delete(id);
        }
      };
      callbacks.current.set(id, callback);
    }
    return callback;
  };
  return { cards: cards.current, refFor };
}

/**
 * The window of cards in the DOM: its first and last card by id, so that a
 * card added or removed outside it (a claim marked above the viewport) leaves
 * the same cards shown instead of shifting every index by one; the indices
 * stand in when those cards are gone.
 */
export interface CardWindow {
  start: number;
  end: number;
  firstId: string | null;
  lastId: string | null;
}

/** The window over `items` from index `start` up to `end`. */
export function windowOf(items: readonly WorkspaceEntry[], [start, end]: readonly [number, number]): CardWindow {
  return { start, end, firstId: items[start]?.id ?? null, lastId: end > start ? (items[end - 1]?.id ?? null) : null };
}

/** The window's index range in `items` as they are now. */
export function windowRange(items: readonly WorkspaceEntry[], w: CardWindow): [number, number] {
  if (w.end <= w.start) return [w.start, w.start];
  const first = w.firstId === null ? -1 : items.findIndex((i) => i.id === w.firstId);
  const last = w.lastId === null ? -1 : items.findIndex((i) => i.id === w.lastId);
  if (first < 0 || last < first) return [Math.min(w.start, items.length), Math.min(w.end, items.length)];
  return [first, last + 1];
}

/** The shown slice of `items`: the window (plus the active card, wherever it is) aligned, a page listed. */
export function shownItems(
  items: WorkspaceEntry[],
  aligned: boolean,
  window_: CardWindow,
  limit: number,
  activeId: string | null,
): WorkspaceEntry[] {
  if (!aligned) return items.slice(0, limit);
  const range = windowRange(items, window_);
  const windowed = items.slice(range[0], range[1]);
  // The active card is always there (keyboard focus may go to it wherever it is).
  const activeIndex = activeId ? items.findIndex((i) => i.id === activeId) : -1;
  if (activeIndex >= 0 && (activeIndex < range[0] || activeIndex >= range[1])) {
    const active = items[activeIndex] as WorkspaceEntry;
    return activeIndex < range[0] ? [active, ...windowed] : [...windowed, active];
  }
  return windowed;
}

/**
 * The cards in the DOM and their placing: the window near the viewport
 * (aligned) or a page of `limit` (listed), kept placed by a {@link CardPlacer}.
 */
function usePlacedCards(
  items: WorkspaceEntry[],
  session: DocumentSession,
  aligned: boolean,
  activeId: string | null,
  limit: number,
) {
  const container = useRef<HTMLOListElement>(null);
  const { cards, refFor } = useCardRefs();
  const placer = useRef<CardPlacer | null>(null);
  const placedInThisCommit = useRef(false);
  const [cardWindow, setCardWindow] = useState<CardWindow>({ start: 0, end: 0, firstId: null, lastId: null });
  const windowNow = useRef(cardWindow);
  const itemsNow = useRef(items);
  itemsNow.current = items;
  const shown = useMemo(
    () => shownItems(items, aligned, cardWindow, limit, activeId),
    [aligned, items, cardWindow, limit, activeId],
  );
  const rendered = useCallback(() => windowRange(itemsNow.current, windowNow.current), []);
  const lastPlaced = useRef<{ items: WorkspaceEntry[]; shown: WorkspaceEntry[]; activeId: string | null } | null>(null);
  useLayoutEffect(() => {
    const list = container.current;
    if (!aligned || !list) {
      lastPlaced.current = null;
      return;
    }
    // Only what the cards say changed (typing inside a highlight gives its entry new text): the same cards in the
    // same order, whose changed spans the session's layout listener has placed already. Placing every card again
    // and finding the window would cost a measurement of each, on every key.
    const last = lastPlaced.current;
    const sameCards =
      last !== null && last.activeId === activeId && sameIds(last.items, items) && sameIds(last.shown, shown);
    lastPlaced.current = { items, shown, activeId };
    const input: PlacerInput = {
      list,
      session,
      items,
      shown,
      cards,
      activeId,
      // Compared here, not in a state updater: an updater would make React render the column to find out.
      onWindow: (next) => {
        const w = windowOf(itemsNow.current, next);
        windowNow.current = w;
        setCardWindow(w);
      },
    };
    if (placer.current) placer.current.update(input);
    else placer.current = new CardPlacer(input);
    if (sameCards) return;
    const current = placer.current;
    current.findWindow(rendered());
    current.place();
    current.observeCards();
    placedInThisCommit.current = true;
  }, [aligned, items, shown, activeId, session, cards, rendered]);
  // Attached once per layout: a new card is watched by `observeCards` above, not by attaching again.
  useLayoutEffect(() => {
    if (!aligned || !placer.current) return;
    return placer.current.attach(session, rendered);
  }, [aligned, session, rendered]);
  // After every render too: what renders above the cards (orphans, filters, hints) moves them all. A render moves
  // no span of the article (the session's layout listener follows those): when the column's top did not move,
  // nothing did, and the cards keep their places without being measured again.
  useLayoutEffect(() => {
    // (Unless the effect above just placed them: each placing forces a layout of the whole page.)
    if (placedInThisCommit.current) placedInThisCommit.current = false;
    else if (aligned) placer.current?.place(NO_SPAN_MOVED);
  });
  return { container, shown, refFor };
}

/** The cards, aligned with their spans or listed. */
export function CardColumn(props: {
  items: WorkspaceEntry[];
  session: DocumentSession;
  ctx: CardContext;
  aligned: boolean;
  activeId: string | null;
}) {
  const { items, session, ctx, aligned, activeId } = props;
  const presence = useSnapshot(session, (s) => s.presence);
  const editing = useMemo(() => editingByCard(presence), [presence]);
  const [limit, setLimit] = useState(LIST_PAGE);
  const { container, shown, refFor } = usePlacedCards(items, session, aligned, activeId, limit);

  return (
    <>
      <ol ref={container} className={`cards${aligned ? ' aligned' : ''}`} aria-label="Annotations">
        {shown.map((entry) => (
          // `top` is set by the placer, never by React.
          <li key={entry.id} className={aligned ? 'card-slot' : undefined} style={aligned ? ALIGNED_ITEM : undefined}>
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
