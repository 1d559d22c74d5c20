// @vitest-environment happy-dom
import { articleFromText } from '@factmark/editor';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { annotationBodies } from './layout.ts';
import { messageField, migrateMessages } from './messages.ts';
import { Network, type Peer, select } from './test-support/peers.ts';

const ARTICLE = articleFromText('Drills begin\n\nMore than 50,000 soldiers took part, the ministry said on Monday.');

let net: Network;
afterEach(() => net?.destroy());

function thread(peer: Peer, id: string) {
  const body = peer.fc.annotations().find((a) => a.id === id)?.body;
  return body?.thread ?? [];
}

describe('thread messages as collaborative text', () => {
  it('two people editing one message at once both keep their words; the edit is stamped', async () => {
    net = new Network(ARTICLE, 2);
    const [a, b] = net.peers as [Peer, Peer];
    select(a.view, 'said on Monday');
    const id = a.fc.addComment('Monday or Tuesday?');
    await net.settle();
    const messageId = thread(a, id)[0]!.id;
    const field = messageField(messageId);
    a.fc.editText(id, field, 'Monday or Tuesday? The wire says Tuesday.');
    b.fc.editText(id, field, 'Was it Monday or Tuesday?');
    await net.settle();
    for (const p of [a, b]) {
      const [m] = thread(p, id);
      expect(m?.text).toBe('Was it Monday or Tuesday? The wire says Tuesday.');
      expect(m?.editedAt).toBeDefined();
      expect(p.fc.textOf(id, field)).toBeInstanceOf(Y.Text);
    }
  });

  it('refuses an empty or over-long message in words, and a message that is gone', () => {
    net = new Network(ARTICLE, 1);
    const [a] = net.peers as [Peer];
    select(a.view, 'said on Monday');
    const id = a.fc.addComment('Monday or Tuesday?');
    const field = messageField(thread(a, id)[0]!.id);
    expect(() => a.fc.editText(id, field, '   ')).toThrow('A message cannot be empty');
    expect(() => a.fc.editText(id, field, 'x'.repeat(20_000))).toThrow(/at most|too long|10,000|characters/);
    expect(() => a.fc.editText(id, messageField('nope'), 'Hello')).toThrow('This message is no longer there');
    expect(thread(a, id)[0]?.text).toBe('Monday or Tuesday?');
  });

  it('turns plain (older) messages into message maps with the same fields', () => {
    const doc = new Y.Doc();
    const bodies = annotationBodies(doc);
    const old = {
      id: 'm1',
      author: { id: 'x', name: 'X' },
      text: 'Which briefing?',
      createdAt: '2026-03-14T10:00:00.000Z',
    };
    doc.transact(() => {
      const body = new Y.Map<unknown>();
      bodies.set('c1', body);
      body.set('thread', Y.Array.from([old]));
    });
    expect(migrateMessages(doc, bodies, 'migration')).toBe(1);
    const m = ((bodies.get('c1') as Y.Map<unknown>).get('thread') as Y.Array<unknown>).get(0) as Y.Map<unknown>;
    expect(m).toBeInstanceOf(Y.Map);
    expect(m.get('text')).toBeInstanceOf(Y.Text);
    expect(m.toJSON()).toEqual(old);
    expect(migrateMessages(doc, bodies, 'migration')).toBe(0);
  });
});
