// @vitest-environment happy-dom
import { articleFromText } from '@factmark/editor';
import { afterEach, describe, expect, it } from 'vitest';
import { readCorrectionsLog } from './corrections-log.ts';
import { annotationBodies } from './layout.ts';
import { find, Network, type Peer, select, snapshot, textOf, typeAt } from './test-support/peers.ts';

const ARTICLE = articleFromText(
  'Drills begin\n\nMore than 50,000 soldiers and 140 aircraft take part, the ministry said on Monday.\n\nThe fleet repelled malicious or malicious cyber operations.',
);

let net: Network;
afterEach(() => net?.destroy());

function converged(peers: Peer[]): void {
  const first = snapshot(peers[0] as Peer);
  for (const p of peers.slice(1)) expect(snapshot(p)).toEqual(first);
}

function spanText(peer: Peer, id: string): string[] {
  return peer.fc.rangesOf(id).map((r) => peer.view.state.doc.textBetween(r.from, r.to));
}

describe('concurrency scenarios (docs/data-model.md describes each outcome)', () => {
  it('(a) one peer deletes the whole span while another types inside it: the deletion wins, the claim is an orphan and the typed text stays, unmarked', async () => {
    net = new Network(ARTICLE, 2);
    const [a, b] = net.peers as [Peer, Peer];
    select(a.view, '140 aircraft');
    const id = a.fc.markClaim();
    await net.settle();
    const from = find(a.view, '140 aircraft');
    a.view.dispatch(a.view.state.tr.delete(from, from + '140 aircraft'.length));
    typeAt(b.view, find(b.view, ' aircraft'), ' combat');
    await net.settle();
    converged([a, b]);
    for (const p of [a, b]) {
      expect(spanText(p, id)).toEqual([]);
      expect(p.fc.orphans().map((o) => o.id)).toEqual([id]);
      expect(textOf(p)).toContain('soldiers and combat  take part');
    }
    expect(a.fc.orphans()[0]?.lastText).toBe('140 aircraft');
    expect(b.fc.orphans()[0]?.lastText).toBe('140 combat aircraft');
  });

  it('(b) two peers annotate overlapping ranges at the same moment: both annotations exist, overlapping', async () => {
    net = new Network(ARTICLE, 3);
    const [a, b, c] = net.peers as [Peer, Peer, Peer];
    select(a.view, '50,000 soldiers and 140');
    const ida = a.fc.markClaim();
    select(b.view, '140 aircraft take part');
    const idb = b.fc.markClaim();
    await net.settle();
    converged([a, b, c]);
    expect(spanText(c, ida)).toEqual(['50,000 soldiers and 140']);
    expect(spanText(c, idb)).toEqual(['140 aircraft take part']);
    expect(c.fc.annotations().map((x) => x.id)).toEqual([ida, idb]);
  });

  it('(c) one peer accepts a correction while another edits inside the span: the span holds exactly the proposed text, the concurrent edit survives after it, unmarked', async () => {
    net = new Network(ARTICLE, 2);
    const [a, b] = net.peers as [Peer, Peer];
    select(a.view, 'malicious or malicious');
    const id = a.fc.proposeCorrection({ proposed: 'malicious', category: 'mistranslation' });
    await net.settle();
    a.fc.acceptCorrection(id);
    typeAt(b.view, find(b.view, ' or malicious'), ' and hostile');
    await net.settle();
    converged([a, b]);
    for (const p of [a, b]) {
      expect(p.fc.annotations().find((x) => x.id === id)?.body).toMatchObject({
        state: 'accepted',
        original: 'malicious or malicious',
      });
      expect(spanText(p, id)).toEqual(['malicious']);
      expect(textOf(p)).toContain('repelled malicious and hostile cyber operations');
      expect(readCorrectionsLog(p.doc)).toHaveLength(1);
    }
    expect(textOf(b)).not.toContain('or malicious');
  });

  it('(d) one peer removes an annotation while another sets its verdict: the removal wins everywhere', async () => {
    net = new Network(ARTICLE, 2);
    const [a, b] = net.peers as [Peer, Peer];
    select(a.view, '140 aircraft');
    const id = a.fc.markClaim();
    await net.settle();
    a.fc.remove(id);
    b.fc.setVerdict(id, 'False');
    await net.settle();
    converged([a, b]);
    for (const p of [a, b]) {
      expect(annotationBodies(p.doc).has(id)).toBe(false);
      expect(p.fc.rangesOf(id)).toEqual([]);
      expect(p.fc.orphans()).toEqual([]);
    }
  });
});
