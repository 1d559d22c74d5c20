/**
 * Mentions: a message or a rationale names a colleague by reference, `<@userId>` in its text (as Slack stores
 * them), never by their name — so renaming someone keeps every mention of them right, and the server tells the
 * person mentioned by id. People see `@Name`: {@link mentionDisplay} turns stored text into what a field shows and
 * maps places between the two, and {@link editShown} turns an edit of the shown text back into stored text (an edit
 * inside a mention's name turns that mention into plain words; nothing typed is lost).
 */

/**
 * A mention as stored: `<@` the user's id (a UUID) `>`. Only a whole id makes one, so words typed around a mention
 * never join it into another.
 */
const MENTION = /<@([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})>/gi;

/** The stored form of a mention of `userId`. */
export function mentionToken(userId: string): string {
  return `<@${userId}>`;
}

/** The ids `text` mentions, each once, in order of first mention. */
export function mentionedIds(text: string): string[] {
  return [...new Set(Array.from(text.matchAll(MENTION), (m) => m[1] as string))];
}

/** The ids `after` mentions that `before` did not. */
export function newMentions(before: string, after: string): string[] {
  const known = new Set(mentionedIds(before));
  return mentionedIds(after).filter((id) => !known.has(id));
}

/** A run of stored text: plain words, or a mention of a user. */
export type MentionSegment = { text: string } | { userId: string };

/** `text` cut into plain runs and mentions, in order. */
export function mentionSegments(text: string): MentionSegment[] {
  const out: MentionSegment[] = [];
  let at = 0;
  for (const m of text.matchAll(MENTION)) {
    if (m.index > at) out.push({ text: text.slice(at, m.index) });
    out.push({ userId: m[1] as string });
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push({ text: text.slice(at) });
  return out;
}

/** The name a mention of `userId` shows (the caller's lookup: the document's members). */
export type NameOf = (userId: string) => string;

/** A mention as it sits in both texts: stored `[storedFrom, storedTo)`, shown `[shownFrom, shownTo)`. */
interface Placed {
  storedFrom: number;
  storedTo: number;
  shownFrom: number;
  shownTo: number;
}

/** Stored text as a person sees it, and the map between places in the two. */
export interface MentionDisplay {
  /** The text with each mention shown as `@Name`. */
  shown: string;
  /** The stored text it shows. */
  stored: string;
  /** The shown place of stored place `i` (a place inside a mention goes to its end). */
  toShown(i: number): number;
  /** The stored place of shown place `i` (a place inside a mention's name goes to its end). */
  toStored(i: number): number;
}

/** How `stored` shows with names from `nameOf`; without `nameOf` (a field that takes no mentions), as it is. */
export function mentionDisplay(stored: string, nameOf?: NameOf): MentionDisplay {
  if (!nameOf) return { shown: stored, stored, toShown: (i) => i, toStored: (i) => i };
  const placed: Placed[] = [];
  let shown = '';
  let at = 0;
  for (const m of stored.matchAll(MENTION)) {
    shown += stored.slice(at, m.index);
    const label = `@${nameOf(m[1] as string)}`;
    placed.push({
      storedFrom: m.index,
      storedTo: m.index + m[0].length,
      shownFrom: shown.length,
      shownTo: shown.length + label.length,
    });
    shown += label;
    at = m.index + m[0].length;
  }
  shown += stored.slice(at);
  const map = (i: number, from: 'stored' | 'shown') => {
    const to = from === 'stored' ? 'shown' : 'stored';
    let delta = 0;
    for (const p of placed) {
      if (i <= p[`${from}From`]) break;
      if (i < p[`${from}To`]) return p[`${to}To`];
      delta = p[`${to}To`] - p[`${from}To`];
    }
    return i + delta;
  };
  return { shown, stored, toShown: (i) => map(i, 'stored'), toStored: (i) => map(i, 'shown') };
}

/** The mentions of `display` that the shown range `[from, to)` touches (an empty range: one it sits inside). */
function touched(display: MentionDisplay, from: number, to: number): { from: number; to: number } {
  let a = from;
  let b = to;
  for (const m of display.stored.matchAll(MENTION)) {
    const sFrom = display.toShown(m.index);
    const sTo = display.toShown(m.index + m[0].length);
    const overlaps = from === to ? from > sFrom && from < sTo : from < sTo && to > sFrom;
    if (overlaps) {
      a = Math.min(a, sFrom);
      b = Math.max(b, sTo);
    }
  }
  return { from: a, to: b };
}

/**
 * The stored text after the shown text of `display` became `next` (one edit: what a text field reports), and the
 * stored place of the caret after it. `caret`, the shown caret after the edit, says where an ambiguous edit was
 * ("@" typed before "@Ann"). Mentions the edit leaves alone stay mentions; one it changes inside becomes the plain
 * words shown for it, edited.
 */
export function editShown(
  display: MentionDisplay,
  next: string,
  caret = next.length,
): { stored: string; caret: number } {
  const old = display.shown;
  let end = 0;
  const endLimit = Math.min(old.length, next.length, Math.max(0, next.length - caret));
  while (end < endLimit && old[old.length - 1 - end] === next[next.length - 1 - end]) end++;
  let start = 0;
  const startLimit = Math.min(old.length, next.length) - end;
  while (start < startLimit && old[start] === next[start]) start++;
  const range = touched(display, start, old.length - end);
  const inserted = next.slice(range.from, next.length - (old.length - range.to));
  const from = display.toStored(range.from);
  const at = Math.min(Math.max(caret - range.from, 0), inserted.length);
  return { stored: replaceShown(display, range.from, range.to, inserted), caret: from + at };
}

/**
 * The stored text with shown range `[from, to)` replaced by `stored` text (which may hold mentions: what picking
 * a name from the suggestions writes). The range's ends go to mention ends as {@link MentionDisplay.toStored} does.
 */
export function replaceShown(display: MentionDisplay, from: number, to: number, stored: string): string {
  const a = display.toStored(from);
  const b = Math.max(a, display.toStored(to));
  return display.stored.slice(0, a) + stored + display.stored.slice(b);
}

/**
 * The mention being typed just before shown place `caret`: `@` after a space or the start, then up to two words of a
 * name (30 characters each), or an email address (what a mention of someone not yet a member starts from).
 */
export function mentionQuery(shown: string, caret: number): { from: number; query: string } | null {
  const before = shown.slice(0, caret);
  const m = /(^|\s)@([^\s@<>]{1,64}@[^\s@<>]{0,190}|[^\s@<>]{0,30}(?: [^\s@<>]{1,30})?)$/.exec(before);
  if (!m) return null;
  const query = m[2] as string;
  return { from: caret - query.length - 1, query };
}
