// @vitest-environment happy-dom
import { articleFromText } from '@factmark/editor';
import { canJoin } from 'prosemirror-transform';
import { afterEach, describe, expect, it } from 'vitest';
import { find, Network, type Peer, select, snapshot, typeAt } from './test-support/peers.ts';

const ARTICLE = articleFromText(
  'Drills begin\n\nMore than 50,000 soldiers and 140 aircraft take part, the ministry said on Monday.\n\nIt was the largest drill since 2015.',
);

let net: Network;
afterEach(() => net?.destroy());

function spanText(peer: Peer, id: string): string[] {
  return peer.fc.rangesOf(id).map((r) => peer.view.state.doc.textBetween(r.from, r.to));
}

describe('annotation edges', () => {
  it('typing at either edge locally does not extend a span; typing inside does', async () => {
    net = new Network(ARTICLE, 2);
    const [a, b] = net.peers as [Peer, Peer];
    select(a.view, '50,000 soldiers');
    const id = a.fc.markClaim();
    const from = find(a.view, '50,000 soldiers');
    typeAt(a.view, from + '50,000 soldiers'.length, 'X');
    typeAt(a.view, from, 'Y');
    expect(spanText(a, id)).toEqual(['50,000 soldiers']);
    typeAt(a.view, find(a.view, ' soldiers'), ' armed');
    expect(spanText(a, id)).toEqual(['50,000 armed soldiers']);
    await net.settle();
    expect(spanText(b, id)).toEqual(['50,000 armed soldiers']);
    expect(snapshot(b)).toEqual(snapshot(a));
  });

  it('typing at either edge concurrently from another peer does not extend an existing span', async () => {
    net = new Network(ARTICLE, 2);
    const [a, b] = net.peers as [Peer, Peer];
    select(a.view, '140 aircraft');
    const id = a.fc.markClaim();
    await net.settle();
    const from = find(b.view, '140 aircraft');
    typeAt(b.view, from + '140 aircraft'.length, ' and drones');
    typeAt(b.view, from, 'about ');
    await net.settle();
    for (const p of [a, b]) expect(spanText(p, id)).toEqual(['140 aircraft']);
    expect(snapshot(b)).toEqual(snapshot(a));
  });

  // Which side a concurrently created mark grows on depends on the client ids, so try both orders.
  for (const ids of [
    [1, 2],
    [2, 1],
  ]) {
    it(`a span created while a peer types at both its edges ends up covering only its own text (client ids ${ids})`, async () => {
      net = new Network(ARTICLE, 2, ids);
      const [a, b] = net.peers as [Peer, Peer];
      select(a.view, '140 aircraft');
      const id = a.fc.markClaim();
      const from = find(b.view, '140 aircraft');
      typeAt(b.view, from + '140 aircraft'.length, 'X');
      typeAt(b.view, from, 'Y');
      await net.settle();
      for (const p of [a, b]) {
        expect(spanText(p, id)).toEqual(['140 aircraft']);
        expect(p.view.state.doc.textContent).toContain('Y140 aircraftX');
      }
      expect(snapshot(b)).toEqual(snapshot(a));
    });
  }

  it('splitting a paragraph inside a span keeps both halves under the same id; joining them leaves one span', async () => {
    net = new Network(ARTICLE, 2);
    const [a, b] = net.peers as [Peer, Peer];
    select(a.view, '50,000 soldiers and 140 aircraft');
    const id = a.fc.markClaim();
    await net.settle();
    const at = find(a.view, ' and 140');
    a.view.dispatch(a.view.state.tr.split(at));
    await net.settle();
    for (const p of [a, b]) expect(spanText(p, id)).toEqual(['50,000 soldiers', ' and 140 aircraft']);
    expect(snapshot(b)).toEqual(snapshot(a));

    const joinAt = a.fc.rangesOf(id)[0]!.to + 1;
    expect(canJoin(a.view.state.doc, joinAt)).toBe(true);
    a.view.dispatch(a.view.state.tr.join(joinAt));
    await net.settle();
    for (const p of [a, b]) expect(spanText(p, id)).toEqual(['50,000 soldiers and 140 aircraft']);
    // Typing at the rejoined span's edges still does not extend it.
    const end = a.fc.rangesOf(id)[0]!.to;
    typeAt(b.view, end, '!');
    await net.settle();
    for (const p of [a, b]) expect(spanText(p, id)).toEqual(['50,000 soldiers and 140 aircraft']);
    expect(snapshot(b)).toEqual(snapshot(a));
  });
});
