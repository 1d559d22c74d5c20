// @vitest-environment happy-dom
import { articleFromText, articleSchema } from '@factmark/editor';
import { afterEach, describe, expect, it } from 'vitest';
import { REPAIR_SLICE } from './maintenance.ts';
import { flushMicrotasks, Network, type Peer, select } from './test-support/peers.ts';

let net: Network;
afterEach(() => net?.destroy());

const macrotask = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('span repair', () => {
  it('repairs every span of a whole-document change, in slices of their own tasks, the same as a few', async () => {
    const count = REPAIR_SLICE * 2 + 25;
    const paragraphs = Array.from({ length: count }, (_, i) => `Claim ${i}: more than ${i} soldiers took part.`);
    // peer0 marks and then drops every highlight (it repairs nothing); peer1 repairs what it receives.
    net = new Network(articleFromText(`Drills begin\n\n${paragraphs.join('\n\n')}`), 2, undefined, (i) => i === 1);
    const [ana, ben] = net.peers as [Peer, Peer];
    const ids = paragraphs.map((p) => {
      select(ana.view, p.slice(0, p.indexOf(':')));
      return ana.fc.markClaim();
    });
    await net.settle();
    expect(ids.every((id) => ben.fc.rangesOf(id).length === 1)).toBe(true);
    // A change to every span at once (its highlights gone, the claims kept): what a first sync can bring.
    const { state } = ana.view;
    ana.view.dispatch(state.tr.removeMark(0, state.doc.content.size, articleSchema.marks.claim));
    net.deliver(ana, ben);
    await flushMicrotasks();
    const restored = () => ids.filter((id) => ben.fc.rangesOf(id).length === 1).length;
    // Nothing repaired in the task that brought the change; then one slice per task.
    expect(restored()).toBe(0);
    await macrotask();
    expect(restored()).toBe(REPAIR_SLICE);
    await macrotask();
    await macrotask();
    expect(restored()).toBe(count);
    // The repaired spans are the spans as marked, and the repair reaches the colleague too.
    await net.settle();
    for (const [i, id] of ids.entries()) {
      const [range] = ana.fc.rangesOf(id);
      expect(range && ana.view.state.doc.textBetween(range.from, range.to)).toBe(`Claim ${i}`);
    }
  });
});
