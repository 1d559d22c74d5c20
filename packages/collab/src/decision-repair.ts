/**
 * Decisions made at once on one correction. One stands (`standingDecision`:
 * an acceptance beats a rejection, then the body's write) and the log shows
 * that one (`readCorrectionsLog`). Each losing acceptance replaced the span's
 * text too: its copy of the proposed words comes out again, on every peer that
 * repairs (deleting the same characters twice is harmless), so the article
 * reads as one acceptance. When the body holds a rejection that an acceptance
 * beat, every repairing peer writes the standing acceptance into it (the same
 * values from every peer, so their writes agree). Nothing is ever put back: a
 * put-back would need the one peer that knows what its acceptance replaced,
 * and doubled the words of a correction nested in it.
 */
import type { EditorView } from 'prosemirror-view';
import * as Y from 'yjs';
import { type Anchors, anchorsFor, anchorsLive, readAnchors, writeAnchors } from './anchors.ts';
import { type CorrectionDecisions, type CorrectionLogEntry, decisionsByCorrection } from './corrections-log.ts';
import { annotationBodies, articleFragment } from './layout.ts';
import { absoluteAt } from './y-prosemirror-positions.ts';
import { articlePositions, boundDoc } from './y-prosemirror-seam.ts';

/** A losing acceptance, and the decision that stands on its correction. */
export interface LosingAcceptance {
  entry: CorrectionLogEntry & { replaced: NonNullable<CorrectionLogEntry['replaced']> };
  standing: CorrectionLogEntry;
}

/** The acceptances that lost to another decision on the same correction (`decisions`: {@link decisionsByCorrection}). */
export function losingAcceptances(decisions: ReadonlyMap<string, CorrectionDecisions>): LosingAcceptance[] {
  const out: LosingAcceptance[] = [];
  for (const { entries, standing } of decisions.values()) {
    if (!standing) continue;
    for (const entry of entries) {
      if (entry !== standing && entry.decision === 'accepted' && entry.replaced)
        out.push({ entry: entry as LosingAcceptance['entry'], standing });
    }
  }
  return out;
}

/** True when `type` lies inside the article fragment. */
function inArticle(item: Y.Item, fragment: Y.XmlFragment): boolean {
  let parent = item.parent as Y.AbstractType<unknown> | null;
  while (parent) {
    if (parent === (fragment as unknown)) return true;
    parent = (parent._item?.parent as Y.AbstractType<unknown> | null) ?? null;
  }
  return false;
}

/** The characters an acceptance wrote that are still in the article: editor positions and Yjs ids, in order. */
function liveCharacters(
  view: EditorView,
  replaced: LosingAcceptance['entry']['replaced'],
): { pos: number; id: Y.ID }[] {
  const doc = boundDoc(view.state);
  const positions = articlePositions(view.state);
  if (!doc || !positions) return [];
  const fragment = articleFragment(doc);
  const out: { pos: number; id: Y.ID }[] = [];
  for (let clock = replaced.from; clock < replaced.to; clock++) {
    let item: Y.Item;
    try {
      item = Y.getItem(doc.store, Y.createID(replaced.client, clock)) as Y.Item;
    } catch {
      continue; // Not received yet.
    }
    if (!(item instanceof Y.Item) || item.deleted || !(item.content instanceof Y.ContentString)) continue;
    if (!inArticle(item, fragment)) continue;
    const pos = absoluteAt(positions, Y.createRelativePositionFromJSON({ item: { client: replaced.client, clock } }));
    if (pos !== null) out.push({ pos, id: Y.createID(replaced.client, clock) });
  }
  return out.sort((a, b) => a.pos - b.pos);
}

/** True when an encoded anchor names a character of `written` (a clock range of one client). */
function anchoredIn(encoded: unknown, written: LosingAcceptance['entry']['replaced']): boolean {
  if (!(encoded instanceof Uint8Array)) return false;
  try {
    const item = Y.decodeRelativePosition(encoded).item;
    return !!item && item.client === written.client && item.clock >= written.from && item.clock < written.to;
  } catch {
    return false;
  }
}

/**
 * Anchors for a correction whose anchors are stale or lie in a losing
 * acceptance's copy (that acceptance wrote them and won the body's keys, and
 * its copy is about to come out): the standing acceptance's words, where they
 * still are. Null when the anchors can stay, or nothing of the standing copy
 * is left.
 */
function standingAnchors(view: EditorView, doc: Y.Doc, { entry, standing }: LosingAcceptance): Anchors | null {
  if (standing.decision !== 'accepted' || !standing.replaced) return null;
  const map = annotationBodies(doc).get(entry.correctionId);
  if (!(map instanceof Y.Map)) return null;
  const stored = readAnchors(map);
  const inLosingCopy = [stored.anchorStart, stored.anchorEnd].some((a) => anchoredIn(a, entry.replaced));
  if (!inLosingCopy && anchorsLive(doc, stored)) return null;
  const chars = liveCharacters(view, standing.replaced);
  const first = chars[0];
  const last = chars[chars.length - 1];
  return first === undefined || last === undefined
    ? null
    : anchorsFor(view.state, [{ from: first.pos, to: last.pos + 1 }]);
}

/**
 * Delete the characters at `ids` from the article's Yjs text, by identity.
 * (Written through the editor, a deletion is re-derived by y-prosemirror as a
 * text diff, which takes out whichever copy of equal words comes first: the
 * standing acceptance's words instead of the losing one's.)
 */
function deleteByIdentity(doc: Y.Doc, ids: readonly Y.ID[]): void {
  for (const id of [...ids].reverse()) {
    const at = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON({ item: id }), doc);
    if (at && at.type instanceof Y.XmlText) at.type.delete(at.index, 1);
  }
}

/** Yjs origin of the decision repair's direct writes: nobody's edit, so not undoable. */
const REPAIR_ORIGIN = Symbol('factmark-decision-repair');

/** Corrections whose body holds a rejection that a concurrent acceptance beat, with that acceptance. */
function overruledRejections(
  doc: Y.Doc,
  decisions: ReadonlyMap<string, CorrectionDecisions>,
): [Y.Map<unknown>, CorrectionLogEntry][] {
  const out: [Y.Map<unknown>, CorrectionLogEntry][] = [];
  for (const [id, { standing }] of decisions) {
    const map = annotationBodies(doc).get(id);
    if (standing?.decision !== 'accepted' || !(map instanceof Y.Map) || map.get('state') !== 'rejected') continue;
    out.push([map as Y.Map<unknown>, standing]);
  }
  return out;
}

/**
 * Take the losing acceptances' text out of the article, and write a standing
 * acceptance into a body that holds the rejection it beat. The losing copy is
 * deleted by Yjs identity, and a correction whose anchors were in it is
 * anchored on the standing acceptance's words in the same transaction, so the
 * span is then trimmed to them (not re-anchored on whatever its marks cover).
 * Returns true when it changed anything.
 */
export function repairDecisions(view: EditorView): boolean {
  const doc = boundDoc(view.state);
  if (!doc || view.isDestroyed) return false;
  // The log parsed and grouped once for both repairs.
  const decisions = decisionsByCorrection(doc);
  const losing = losingAcceptances(decisions)
    .map((l) => ({ ...l, chars: liveCharacters(view, l.entry.replaced) }))
    .filter((l) => l.chars.length > 0);
  const overruled = overruledRejections(doc, decisions);
  if (losing.length === 0 && overruled.length === 0) return false;
  doc.transact(() => {
    for (const [map, standing] of overruled) {
      map.set('state', standing.decision);
      map.set('decidedBy', standing.decidedBy);
      map.set('decidedAt', standing.decidedAt);
    }
    for (const l of losing) {
      const fresh = standingAnchors(view, doc, l);
      const map = annotationBodies(doc).get(l.entry.correctionId);
      if (fresh && map instanceof Y.Map) writeAnchors(map, fresh);
    }
    for (const l of losing)
      deleteByIdentity(
        doc,
        l.chars.map((c) => c.id),
      );
  }, REPAIR_ORIGIN);
  return true;
}
