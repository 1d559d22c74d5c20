/**
 * The margin's column of cards. Aligned (wide layout): only the cards near
 * the viewport are in the DOM, placed beside their spans by the
 * {@link CardPlacer} outside React. Narrow: a list, a page at a time.
 */
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { DocumentSession } from '../session/document-session.ts';
import { useSnapshot } from '../session/use-snapshot.ts';
import { AnnotationCard, type CardContext, editingByCard, NO_EDITORS } from './AnnotationCard.tsx';
import { CardPlacer, type PlacerInput } from './card-placer.ts';
import type { WorkspaceEntry } from './workspace-model.ts';

/** Cards listed at a time in the narrow (drawer) layout. */
const LIST_PAGE = 100;

const ALIGNED_ITEM = { position: 'absolute', left: 0, right: 0 } as const;

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

/** The shown slice of `items`: the window (plus the active card, wherever it is) aligned, a page listed. */
function shownItems(
  items: WorkspaceEntry[],
  aligned: boolean,
  range: [number, number],
  limit: number,
  activeId: string | null,
): WorkspaceEntry[] {
  if (!aligned) return items.slice(0, limit);
  const windowed = items.slice(range[0], range[1]);
  // The active card is always there (keyboard focus may go to it wherever it is).
  const activeIndex = activeId ? items.findIndex((i) => i.id === activeId) : -1;
  if (activeIndex >= 0 && (activeIndex < range[0] || activeIndex >= range[1])) {
    const active = items[activeIndex] as WorkspaceEntry;
    return activeIndex < range[0] ? [active, ...windowed] : [...windowed, active];
  }
  return windowed;
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
  const container = useRef<HTMLOListElement>(null);
  const { cards, refFor } = useCardRefs();
  const placer = useRef<CardPlacer | null>(null);
  const placedInThisCommit = useRef(false);
  const [range, setRange] = useState<[number, number]>([0, 0]);
  const rangeNow = useRef(range);
  const [limit, setLimit] = useState(LIST_PAGE);
  const shown = useMemo(
    () => shownItems(items, aligned, range, limit, activeId),
    [aligned, items, range, limit, activeId],
  );

  useLayoutEffect(() => {
    const list = container.current;
    if (!aligned || !list) return;
    const input: PlacerInput = {
      list,
      session,
      items,
      shown,
      cards,
      activeId,
      // Compared here, not in a state updater: an updater would make React render the column to find out.
      onWindow: (next) => {
        rangeNow.current = next;
        setRange(next);
      },
    };
    if (placer.current) placer.current.update(input);
    else placer.current = new CardPlacer(input);
    const current = placer.current;
    current.findWindow(rangeNow.current);
    current.place();
    placedInThisCommit.current = true;
    return current.attach(() => rangeNow.current);
  }, [aligned, items, shown, activeId, session, cards]);
  // After every render too: what renders above the cards (orphans, filters) moves them.
  useLayoutEffect(() => {
    // (Unless the effect above just placed them: each placing forces a layout of the whole page.)
    if (placedInThisCommit.current) placedInThisCommit.current = false;
    else if (aligned) placer.current?.place();
  });

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
