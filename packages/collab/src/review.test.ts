// @vitest-environment happy-dom
import { articleFromText } from '@factmark/editor';
import { afterEach, describe, expect, it } from 'vitest';
import { newClaimBody } from './bodies.ts';
import { bodyToYMap } from './body-layout.ts';
import { annotationBodies, articleFragment, readArticle } from './layout.ts';
import { detachedCandidates } from './review.ts';
import { find, Network, type Peer } from './test-support/peers.ts';

const ARTICLE = articleFromText(
  'Drills begin\n\nAs the ministry said on Monday, drills begin. Later the ministry said on Monday that patrols go on.',
);
const QUOTE = 'the ministry said on Monday';

let net: Network;
afterEach(() => net?.destroy());

/** A claim an import left unplaced, with both occurrences of its words as candidates (written as an import does). */
function doubtfulClaim(peer: Peer, id = 'imported-1'): string {
  const doc = peer.doc;
  const article = readArticle(doc);
  const candidateOf = detachedCandidates(doc, articleFragment(doc), article);
  const at = [find(peer.view, QUOTE, 0), find(peer.view, QUOTE, 1)];
  const body = newClaimBody({ id, quote: QUOTE, author: { id: 'x', name: 'X' }, at: new Date() });
  const review = {
    band: 'ambiguous' as const,
    reason: '2 places fit the quote',
    candidates: at.map((from) => ({ text: QUOTE, score: 0.9, ...candidateOf(from, from + QUOTE.length) })),
  };
  doc.transact(() => annotationBodies(doc).set(body.id, bodyToYMap({ ...body, review })));
  return body.id;
}

describe('settling a doubtful anchoring', () => {
  it('places the annotation on the chosen candidate, even after edits moved it, and clears the review', async () => {
    net = new Network(ARTICLE, 2);
    const [a, b] = net.peers as [Peer, Peer];
    const id = doubtfulClaim(a);
    await net.settle();
    // A colleague types before both candidates: their places move, the stored positions follow.
    b.view.dispatch(b.view.state.tr.insertText('Update: ', find(b.view, 'As the ministry')));
    await net.settle();
    expect(a.fc.orphans().map((o) => o.id)).toEqual([id]);
    a.fc.settleReview(id, { place: 1 });
    await net.settle();
    for (const p of [a, b]) {
      const [range] = p.fc.rangesOf(id);
      expect(range && p.view.state.doc.textBetween(range.from, range.to)).toBe(QUOTE);
      expect(range?.from).toBe(find(p.view, QUOTE, 1));
      expect(p.fc.annotations().find((e) => e.id === id)?.body?.review ?? null).toBeNull();
    }
    expect(() => a.fc.settleReview(id, 'keep')).toThrow('Nothing is left to decide about this annotation');
    // A hand-made review naming no real place is refused in words, and changes nothing.
    annotationBodies(a.doc)
      .get(id)
      ?.set('review', {
        band: 'ambiguous',
        reason: 'forged',
        candidates: [{ text: 'x', score: 1, start: { item: 'nonsense' }, end: { tname: 42 } }],
      });
    expect(() => a.fc.settleReview(id, { place: 0 })).toThrow('That place is no longer in the article');
    expect(a.fc.rangesOf(id)).toHaveLength(1);
  });

  it('leaves it unplaced when asked, and unplaces an approximate one', async () => {
    net = new Network(ARTICLE, 1);
    const [a] = net.peers as [Peer];
    const id = doubtfulClaim(a);
    a.fc.settleReview(id, 'unplace');
    expect(a.fc.orphans().map((o) => o.id)).toEqual([id]);
    expect(a.fc.orphans()[0]?.body.review ?? null).toBeNull();
    // Placed approximately, then unplaced: the marks go, the body stays.
    const second = doubtfulClaim(a, 'imported-2');
    annotationBodies(a.doc).delete(id);
    a.fc.settleReview(second, { place: 0 });
    annotationBodies(a.doc)
      .get(second)
      ?.set('review', { band: 'approximate', reason: 'placed on text that differs', candidates: [] });
    a.fc.settleReview(second, 'unplace');
    expect(a.fc.rangesOf(second)).toEqual([]);
    expect(a.fc.orphans().map((o) => o.id)).toEqual([second]);
  });
});
