// @vitest-environment happy-dom
/** Anchors: the state they keep names the clients a span's text is made of, not every session the document had. */
import { articleFromText } from '@factmark/editor';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readAnchors } from './anchors.ts';
import { annotationBodies } from './layout.ts';
import { find, Network, type Peer, select, typeAt } from './test-support/peers.ts';
import { sessionsWrite } from './test-support/sessions.ts';

const ARTICLE = articleFromText(
  'More than 50,000 soldiers and 140 aircraft take part, the ministry said on Monday.\n\n' +
    'Officials reported malicious or malicious cyber operations, according to the Defense Ministry. Russian.',
);

let net: Network | null = null;
afterEach(() => {
  net?.destroy();
  net = null;
});

describe('the anchors of a span', () => {
  it("keep the state of the clients whose text the span is made of and of its creator, not of every session's", () => {
    net = new Network(ARTICLE, 2);
    const [a, b] = net.peers as [Peer, Peer];
    // 40 sessions (as many page loads) wrote to the second paragraph.
    sessionsWrite(a.doc, 40, 1, 5000);
    // The colleague typed inside the words the claim will cover.
    typeAt(b.view, find(b.view, 'soldiers'), 'more ');
    net.deliver(b, a);
    select(a.view, '50,000 more soldiers');
    const id = a.fc.markClaim();

    const anchors = readAnchors(annotationBodies(a.doc).get(id) as Y.Map<unknown>);
    const known = Y.decodeStateVector(anchors.anchorSv as Uint8Array);
    const article = Y.decodeStateVector(Y.encodeStateVector(a.doc));
    expect(article.size).toBe(43);
    // The article's first writer and the colleague who typed inside the span (the creator had written nothing).
    expect(known.size).toBe(2);
    expect(known.get(b.doc.clientID)).toBe(article.get(b.doc.clientID));
    expect([...known.keys()].some((client) => client >= 5000 && client < 5040)).toBe(false);
    for (const [client, clock] of known) expect(clock).toBe(article.get(client));
    expect((anchors.anchorSv as Uint8Array).length).toBeLessThan(Y.encodeStateVector(a.doc).length / 8);
  });
});
