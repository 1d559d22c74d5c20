/**
 * The margin's placement engine, outside React: which cards are near the
 * viewport (a binary search over the spans' positions, so 5,000 annotations
 * cost what 50 do) and where each goes ({@link stackCards}), written straight
 * to the DOM after every change of the article's layout, on scroll and
 * resize, and when a card's height changes — so typing re-renders no card.
 */
import { idsBetween } from '@factmark/editor';
import { firstIndex } from '@factmark/editor/sorted';
import type { Node as PMNode } from 'prosemirror-model';
import type { DocumentSession } from '../session/document-session.ts';
import {
  MIN_CARD_HEIGHT,
  OVERSCAN_SCREENS,
  stackableWindow,
  stackCards,
  stackRoom,
  stackRoomAround,
  WINDOW_SLACK,
} from './card-layout.ts';
import type { WorkspaceEntry } from './workspace-model.ts';

/**
 * The top-level blocks of `after` that a change from `before` touched, as the positions `[from, to)` in `after`;
 * null when nothing differs, or there is no `before`. ProseMirror keeps the nodes a change left alone, so the
 * comparison skips them by identity.
 */
export function changedBlocks(before: PMNode | null, after: PMNode): { from: number; to: number } | null {
  if (!before) return null;
  const start = before.content.findDiffStart(after.content);
  const end = before.content.findDiffEnd(after.content);
  if (start === null || end === null) return null;
  const $from = after.resolve(Math.min(start, end.b));
  const $to = after.resolve(Math.max(start, end.b));
  return { from: $from.depth > 0 ? $from.before(1) : $from.pos, to: $to.depth > 0 ? $to.after(1) : $to.pos };
}

/** The change between two documents with the same blocks: none, so every span starts where it did. */
const UNCHANGED = { from: Number.POSITIVE_INFINITY, to: Number.POSITIVE_INFINITY };

/** What the placer needs from the card column. */
export interface PlacerInput {
  /** The list the cards' slots are in. */
  list: HTMLElement;
  session: DocumentSession;
  /** Every card the margin lists, in document order. */
  items: readonly WorkspaceEntry[];
  /** The cards now in the DOM. */
  shown: readonly WorkspaceEntry[];
  /** Each shown card's element (its parent is the slot that gets `top`). */
  cards: ReadonlyMap<string, HTMLElement>;
  activeId: string | null;
  /** The index range of `items` that should be in the DOM changed. */
  onWindow: (range: [number, number]) => void;
}

/** What the last placing measured: the list's and the article's position and size, each card's desired top. */
interface Measured {
  origin: number;
  articleHeight: number;
  desired: Map<string, number>;
}

/** Nothing measured yet (or forgotten): the next placing measures every card. */
const UNMEASURED: Measured = { origin: Number.NaN, articleHeight: Number.NaN, desired: new Map() };

/** Places one column's cards; {@link attach} keeps doing it until the returned function stops it. */
export class CardPlacer {
  private tops = new Map<string, number>();
  /** Watches the shown cards' heights while attached; the cards it watches. */
  private resized: ResizeObserver | null = null;
  private readonly observed = new Set<HTMLElement>();
  private measured: Measured = UNMEASURED;
  /** The article's document when the cards were last measured. */
  private measuredDoc: PMNode | null = null;
  /** Where each shown card's span starts in {@link positionsDoc} (undefined: not known; looked up when needed). */
  private positions = new Map<string, number | undefined>();
  /** The document of the last placing that was not incremental, where {@link positions} were found. */
  private positionsDoc: PMNode | null = null;
  /** Each card's height as its last placing measured it. */
  private readonly heights = new WeakMap<Element, number>();
  /** The shortest card measured so far (see {@link stackRoom}). */
  private shortest = MIN_CARD_HEIGHT;

  constructor(private input: PlacerInput) {}

  /** Take the column's new render (shown cards, active card) without losing what was measured. */
  update(input: PlacerInput): void {
    this.input = input;
  }

  private topOfPos(pos: number | undefined): number {
    if (pos === undefined) return Number.POSITIVE_INFINITY;
    try {
      return this.input.session.view.coordsAtPos(pos).top;
    } catch {
      return Number.POSITIVE_INFINITY;
    }
  }

  /**
   * The top and bottom of the article block that holds `pos` (viewport pixels): enough to tell whether a card is
   * near the viewport, and, unlike the text's own position, known without laying out a block that is off screen
   * (the article's blocks off screen are skipped: `content-visibility`). Null when it is not in the document.
   */
  private blockBand(pos: number | undefined): { top: number; bottom: number } | null {
    if (pos === undefined) return null;
    const { view } = this.input.session;
    try {
      const $pos = view.state.doc.resolve(pos);
      const block = $pos.depth > 0 ? view.nodeDOM($pos.before(1)) : null;
      if (block instanceof HTMLElement) return block.getBoundingClientRect();
      const { top, bottom } = view.coordsAtPos(pos);
      return { top, bottom };
    } catch {
      return null;
    }
  }

  private topOfBlock(pos: number | undefined): number {
    return this.blockBand(pos)?.top ?? Number.POSITIVE_INFINITY;
  }

  /** Report which cards are within a screen of the viewport. */
  findWindow(current: readonly [number, number]): void {
    const { items, session } = this.input;
    const screen = window.innerHeight;
    const topOf = (i: number) => this.topOfBlock(session.startOf((items[i] as WorkspaceEntry).id));
    const start = firstIndex(items.length, (i) => topOf(i) >= -screen * OVERSCAN_SCREENS);
    const end = firstIndex(items.length, (i) => topOf(i) > screen * (1 + OVERSCAN_SCREENS));
    const found: [number, number] = [Math.max(0, start - WINDOW_SLACK), Math.min(items.length, end + WINDOW_SLACK)];
    const { activeId } = this.input;
    const active = activeId === null ? -1 : items.findIndex((i) => i.id === activeId);
    const band = active >= found[0] && active < found[1] ? this.blockBand(session.startOf(activeId as string)) : null;
    const room = stackRoom(screen, this.shortest);
    const next = stackableWindow(found, active, room, band ? stackRoomAround(screen, band, this.shortest) : undefined);
    if (current[0] !== next[0] || current[1] !== next[1]) this.input.onWindow(next);
  }

  /**
   * Place the shown cards. `moved`: the annotations whose spans may have moved since the last placing (null:
   * any). When only some may have and the article's height did not change, nothing else moved: the others keep
   * their measured positions (measuring every card on every keystroke would cost more than the keystroke). When the
   * height did change (a line wrapped), the cards above the blocks the change touched keep theirs too, and those
   * below all moved by the same distance: one of them is measured for it. Where a card's span starts is known
   * from the last placing for every card outside those blocks (looking it up in a long article walks its blocks).
   * Returns true when the window of shown cards stays as it is.
   */
  place(moved: ReadonlySet<string> | null = null): boolean {
    const { list, session, shown, cards, activeId } = this.input;
    const doc = session.view.state.doc;
    // Every card was measured on this very document (the column's render of the change placed them): none moved since.
    if (moved !== null && this.measuredDoc === doc) return true;
    if (shown.length === 0) return this.placeNone();
    this.measuredDoc = doc;
    const origin = list.getBoundingClientRect().top;
    const articleHeight = session.view.dom.offsetHeight;
    const known = this.measured;
    const sameOrigin = moved !== null && known.origin === origin;
    const incremental = sameOrigin && known.articleHeight === articleHeight;
    const { changed, startOf, positions } = this.spanStarts(doc, incremental);
    // Cards' places kept above the change and moved by one distance below it: only with the list where it was.
    const change = sameOrigin ? changed : null;
    let shift: number | undefined;
    const topOf = (id: string): number => {
      const kept = moved?.has(id) ? undefined : known.desired.get(id);
      if (kept !== undefined && incremental) return kept;
      if (incremental) return this.topOfPos(session.startOf(id)) - origin;
      const pos = startOf(id);
      if (kept === undefined || !change || pos === undefined || (pos >= change.from && pos < change.to))
        return this.topOfPos(pos) - origin;
      if (pos < change.from) return kept;
      // Below the change: the first card measured tells how far they all moved.
      if (shift === undefined) {
        const top = this.topOfPos(pos) - origin;
        if (Number.isFinite(top)) shift = top - kept;
        return top;
      }
      return kept + shift;
    };
    const desired = new Map<string, number>();
    const slots = shown.flatMap((item) => {
      const el = cards.get(item.id);
      const top = topOf(item.id);
      if (!el || !Number.isFinite(top)) return [];
      desired.set(item.id, top);
      const height = el.offsetHeight;
      this.heights.set(el, height);
      // (A card not laid out, its margin hidden, measures 0: it says nothing of the cards' least height.)
      if (height > 0) this.shortest = Math.min(this.shortest, height);
      return [{ id: item.id, desired: top, height }];
    });
    this.measured = { origin, articleHeight, desired };
    if (!incremental) {
      this.positions = positions;
      this.positionsDoc = doc;
    }
    slots.sort((a, b) => a.desired - b.desired);
    const next = stackCards(slots, activeId);
    let bottom = articleHeight;
    for (const { id, height } of slots) {
      const top = next.get(id) ?? 0;
      bottom = Math.max(bottom, top + height);
      const li = cards.get(id)?.parentElement;
      if (li && this.tops.get(id) !== top) li.style.top = `${top}px`;
    }
    this.tops = next;
    if (list.style.height !== `${bottom}px`) list.style.height = `${bottom}px`;
    // Cards moved by less than a quarter of a screen stay within the screen rendered beyond the viewport.
    return incremental || (change !== null && Math.abs(shift ?? 0) < window.innerHeight / 4);
  }

  /**
   * How a placing of `doc` finds where each card's span starts (`startOf`, recording it in `positions`): carried
   * over from the document the starts were last found in (keys since then kept the places) when the article is
   * unchanged where the card's annotation lies, moved by what the change added, whether the page scrolled or not;
   * looked up otherwise. `changed`: the blocks changed since, or null when none did (or nothing was found before).
   */
  private spanStarts(doc: PMNode, incremental: boolean) {
    const { session } = this.input;
    const before = this.positionsDoc;
    const carried =
      incremental || before === null ? null : before === doc ? UNCHANGED : (changedBlocks(before, doc) ?? UNCHANGED);
    const changed = carried === UNCHANGED ? null : carried;
    const grown = changed && before ? doc.content.size - before.content.size : 0;
    // The annotations with a range in the changed blocks: theirs may start there now, whatever they started at.
    const touched = changed ? idsBetween(doc, changed.from, changed.to) : new Set<string>();
    const positions = new Map<string, number | undefined>();
    const startOf = (id: string): number | undefined => {
      const was = this.positions.get(id);
      const kept = carried !== null && was !== undefined && !touched.has(id);
      const now =
        kept && was < carried.from ? was : kept && was >= carried.to - grown ? was + grown : session.startOf(id);
      positions.set(id, now);
      return now;
    };
    return { changed, startOf, positions };
  }

  /**
   * No card is shown: nothing to measure, and nothing read of the page's layout (a document without annotations
   * opens without a forced layout of its article). The empty list takes no height; the next placing measures all.
   */
  private placeNone(): boolean {
    const { list } = this.input;
    this.tops = new Map();
    this.measured = UNMEASURED;
    this.measuredDoc = null;
    this.positions = new Map();
    this.positionsDoc = null;
    if (list.style.height !== '') list.style.height = '';
    return false;
  }

  /**
   * Keep placing: after every change of the article's layout, on scroll and
   * resize (once per frame), and when a card's height changes, for the
   * article of `session`. `window()` is the range currently rendered. Returns the function that stops it.
   */
  attach(session: DocumentSession, window_: () => readonly [number, number]): () => void {
    let queued = false;
    const onScroll = () => {
      if (queued) return;
      queued = true;
      requestAnimationFrame(() => {
        queued = false;
        this.findWindow(window_());
      });
    };
    // Nothing but the changed spans moved: the window of shown cards is the same.
    const unsubscribe = session.onLayout((moved) => {
      if (!this.place(moved)) this.findWindow(window_());
    });
    this.resized = new ResizeObserver((entries) => this.resizedTo(entries));
    this.observeCards();
    window.addEventListener('scroll', onScroll, { passive: true });
    window.addEventListener('resize', onScroll);
    return () => {
      unsubscribe();
      this.resized?.disconnect();
      this.resized = null;
      this.observed.clear();
      window.removeEventListener('scroll', onScroll);
      window.removeEventListener('resize', onScroll);
    };
  }

  /**
   * Cards' heights changed (what the ResizeObserver reports): place again, unless each is the height the last
   * placing measured — as a card just added reports at once, after the placing that followed its render.
   */
  resizedTo(entries: readonly { target: Element; borderBoxSize: readonly { blockSize: number }[] }[]): void {
    const measured = (e: (typeof entries)[number]) => {
      const known = this.heights.get(e.target);
      const now = e.borderBoxSize[0]?.blockSize;
      // offsetHeight is the border box's height rounded to a whole pixel.
      return known !== undefined && now !== undefined && Math.abs(now - known) < 1;
    };
    if (!entries.every(measured)) this.place();
  }

  /**
   * Watch the heights of the cards now shown, and stop watching those gone:
   * called after each render of the column, so a new card is watched without
   * watching all of them again (each newly watched card costs a placing).
   */
  observeCards(): void {
    const { resized, observed } = this;
    if (!resized) return;
    const now = new Set(this.input.cards.values());
    for (const el of observed) {
      if (now.has(el)) continue;
      resized.unobserve(el);
      observed.delete(el);
    }
    for (const el of now) {
      if (observed.has(el)) continue;
      resized.observe(el);
      observed.add(el);
    }
  }
}
