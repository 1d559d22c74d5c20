/**
 * Decisions made at once on one correction. The body keeps one decision
 * (Yjs keeps the write of the highest client id: the standing decision) and
 * the log shows that one (`readCorrectionsLog`). Each losing acceptance
 * replaced the span's text too: its copy of the proposed words comes out
 * again, on every peer that repairs (deleting the same characters twice is
 * harmless), so the article reads as one acceptance. When the standing
 * decision is a rejection, the losing acceptance's text comes out and its
 * original words go back in — written by the peer that made the acceptance
 * only, so that they are not written twice.
 */
import { articleSchema } from '@factmark/editor';
import type { EditorView } from 'prosemirror-view';
import * as Y from 'yjs';
import { type CorrectionLogEntry, decisionsByCorrection } from './corrections-log.ts';
import { articleFragment } from './layout.ts';
import { absoluteAt, articlePositions, boundDoc } from './y-prosemirror-seam.ts';

/** A losing acceptance, and the decision that stands on its correction. */
export interface LosingAcceptance {
  entry: CorrectionLogEntry & { replaced: NonNullable<CorrectionLogEntry['replaced']> };
  standing: CorrectionLogEntry;
}

/** The acceptances that lost to another decision on the same correction. */
export function losingAcceptances(doc: Y.Doc): LosingAcceptance[] {
  const out: LosingAcceptance[] = [];
  for (const { entries, standing } of decisionsByCorrection(doc).values()) {
    if (!standing) continue;
    for (const entry of entries) {
      if (entry !== standing && entry.decision === 'accepted' && entry.replaced)
        out.push({ entry: entry as LosingAcceptance['entry'], standing });
    }
  }
  return out;
}

/**
 * The words an acceptance took out: y-prosemirror writes a replacement as the
 * fewest changes, keeping what the original and the proposed text share at
 * either end, so only the middle was deleted (and only it is put back).
 */
export function replacedWords(original: string, proposed: string): string {
  let prefix = 0;
  while (prefix < original.length && prefix < proposed.length && original[prefix] === proposed[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < original.length - prefix &&
    suffix < proposed.length - prefix &&
    original[original.length - 1 - suffix] === proposed[proposed.length - 1 - suffix]
  )
    suffix++;
  return original.slice(prefix, original.length - suffix);
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

/** The editor positions of the characters an acceptance wrote that are still in the article. */
function liveCharacters(view: EditorView, replaced: LosingAcceptance['entry']['replaced']): number[] {
  const doc = boundDoc(view.state);
  const positions = articlePositions(view.state);
  if (!doc || !positions) return [];
  const fragment = articleFragment(doc);
  const out: number[] = [];
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
    if (pos !== null) out.push(pos);
  }
  return out.sort((a, b) => a - b);
}

/**
 * Take the losing acceptances' text out of the article (and, under a standing
 * rejection, put the original words back, from the accepting peer only).
 * Returns true when it changed anything.
 */
export function repairDecisions(view: EditorView): boolean {
  const doc = boundDoc(view.state);
  if (!doc || view.isDestroyed) return false;
  const tr = view.state.tr;
  for (const { entry, standing } of losingAcceptances(doc)) {
    const chars = liveCharacters(view, entry.replaced);
    if (chars.length === 0) continue;
    const at = chars[0] as number;
    for (const pos of [...chars].reverse()) tr.delete(tr.mapping.map(pos), tr.mapping.map(pos + 1));
    const words = replacedWords(entry.original, entry.proposed);
    if (standing.decision === 'rejected' && entry.replaced.client === doc.clientID && words !== '') {
      const mark = articleSchema.marks.correction.create({ id: entry.correctionId });
      tr.insert(tr.mapping.map(at), articleSchema.text(words, [mark]));
    }
  }
  if (!tr.docChanged) return false;
  view.dispatch(tr.setMeta('addToHistory', false));
  return true;
}
