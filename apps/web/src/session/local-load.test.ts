/**
 * This browser's copy sent through the sync, against its oracle: whatever the page's document holds, the server holds
 * once it has what the provider sent (its updates and its answers to the server's first sync step); nothing the copy
 * loaded goes up as an update before the provider has heard the server's first step, and after it only what the
 * server lacks.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { messageYjsSyncStep1, messageYjsSyncStep2 } from 'y-protocols/sync';
import * as Y from 'yjs';
import { syncFrame } from '../test-support/sync-frames.ts';
import { sendLocalLoadsThroughSync } from './local-load.ts';
import type { ProviderMessageListener } from './sync-messages.ts';

/** A sync message as Hocuspocus frames it, as the socket's event carries it. */
function frame(syncType: number, bytes: Uint8Array): ArrayBuffer {
  const out = syncFrame(syncType, bytes);
  return out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength) as ArrayBuffer;
}

/**
 * The provider as far as this concerns it: it sends every update not its own; on a message it tells its listeners,
 * then answers a first sync step with what the page holds beyond the given state vector, or applies an update.
 */
class Provider {
  private listeners = new Set<ProviderMessageListener>();
  /** What it sent, in order: updates, and answers to the server's first step. */
  readonly sent: { update: Uint8Array; answer: boolean }[] = [];
  boundDocumentUpdateHandler = (update: Uint8Array, origin: unknown) => {
    if (origin !== this) this.sent.push({ update, answer: false });
  };
  constructor(private readonly doc: Y.Doc) {
    doc.on('update', this.boundDocumentUpdateHandler);
  }
  on(_event: 'message', listener: ProviderMessageListener) {
    this.listeners.add(listener);
  }
  off(_event: 'message', listener: ProviderMessageListener) {
    this.listeners.delete(listener);
  }
  /** The server's first sync step, with its state vector. */
  step1(stateVector: Uint8Array): void {
    for (const listener of [...this.listeners]) listener({ event: { data: frame(messageYjsSyncStep1, stateVector) } });
    this.sent.push({ update: Y.encodeStateAsUpdate(this.doc, stateVector), answer: true });
  }
  /** The server's copy, or an update of it. */
  step2(update: Uint8Array): void {
    for (const listener of [...this.listeners]) listener({ event: { data: frame(messageYjsSyncStep2, update) } });
    Y.applyUpdate(this.doc, update, this);
  }
}

const text = (doc: Y.Doc) => doc.getText('t').toString();

/** A page: its document, the copy in this browser (an origin), the provider, holding the copy's loads. */
function page() {
  const doc = new Y.Doc();
  const local = { name: 'the copy in IndexedDB' };
  const provider = new Provider(doc);
  const stop = sendLocalLoadsThroughSync(provider, local, doc);
  return { doc, local, provider, stop };
}

describe("this browser's copy sent through the sync", () => {
  it('sends a copy loaded before the sync only in the answer to the server, and only what the server lacks', () => {
    const server = new Y.Doc();
    server.getText('t').insert(0, 'More than 50,000 soldiers and 140 aircraft, the ministry said on Monday.');
    const stored = new Y.Doc();
    Y.applyUpdate(stored, Y.encodeStateAsUpdate(server));
    // Written here while offline, last time: the server lacks it.
    stored.getText('t').insert(0, 'OFFLINE NOTE. ');
    const { doc, local, provider } = page();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(stored), local);
    expect(provider.sent).toEqual([]);
    provider.step1(Y.encodeStateVector(server));
    provider.step2(Y.encodeStateAsUpdate(server, Y.encodeStateVector(doc)));
    expect(provider.sent).toHaveLength(1);
    const [answer] = provider.sent;
    expect(answer?.answer).toBe(true);
    // Only the note, not the whole document.
    expect(answer?.update.length).toBeLessThan(Y.encodeStateAsUpdate(stored).length / 2);
    for (const { update } of provider.sent) Y.applyUpdate(server, update);
    expect(text(server)).toBe(text(doc));
  });

  it("hands the provider the page's own edits at once, and a copy that loads after the server's first step", () => {
    const server = new Y.Doc();
    server.getText('t').insert(0, 'according to the Defense Ministry. Russian.');
    const { doc, local, provider } = page();
    doc.getText('t').insert(0, 'Typed before the sync. ');
    expect(provider.sent).toHaveLength(1);
    provider.step1(Y.encodeStateVector(server));
    provider.step2(Y.encodeStateAsUpdate(server, Y.encodeStateVector(doc)));
    const late = new Y.Doc();
    late.getText('t').insert(0, 'malicious or malicious cyber operations');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(late), local);
    expect(provider.sent.at(-1)?.answer).toBe(false);
    for (const { update } of provider.sent) Y.applyUpdate(server, update);
    expect(text(server)).toBe(text(doc));
  });

  it("sends a copy that loads after the server's first step only as far as the server lacks it", () => {
    const server = new Y.Doc();
    server.getText('t').insert(0, 'More than 50,000 soldiers and 140 aircraft, the ministry said on Monday.');
    const { doc, local, provider } = page();
    // The server's first step arrives before its copy does (a large copy is still on its way).
    provider.step1(Y.encodeStateVector(server));
    const stored = new Y.Doc();
    Y.applyUpdate(stored, Y.encodeStateAsUpdate(server));
    stored.getText('t').insert(0, 'OFFLINE NOTE. ');
    const whole = Y.encodeStateAsUpdate(stored);
    Y.applyUpdate(doc, whole, local);
    const sent = provider.sent.at(-1);
    expect(sent?.answer).toBe(false);
    // The note, not the document the server has.
    expect(sent?.update.length).toBeLessThan(whole.length / 2);
    provider.step2(Y.encodeStateAsUpdate(server, Y.encodeStateVector(doc)));
    for (const { update } of provider.sent) Y.applyUpdate(server, update);
    expect(text(server)).toBe(text(doc));
  });

  it('lets every load through once stopped', () => {
    const { doc, local, provider, stop } = page();
    stop();
    const stored = new Y.Doc();
    stored.getText('t').insert(0, 'the ministry said on Monday');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(stored), local);
    expect(provider.sent).toHaveLength(1);
  });

  it('leaves the server whole over random loads, edits, server changes and syncs', () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('load' as const), text: fc.string({ maxLength: 8 }) }),
      fc.record({ kind: fc.constant('edit' as const), text: fc.string({ maxLength: 8 }) }),
      fc.record({ kind: fc.constant('server' as const), text: fc.string({ maxLength: 8 }) }),
      fc.constant({ kind: 'sync' as const, text: '' }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 14 }), (steps) => {
        const server = new Y.Doc();
        // What this browser stored earlier: some of the server's document, and edits the server never got.
        const stored = new Y.Doc();
        const { doc, local, provider } = page();
        let heard = false;
        for (const s of steps) {
          if (s.kind === 'load') {
            stored.getText('t').insert(0, s.text);
            Y.applyUpdate(stored, Y.encodeStateAsUpdate(server));
            const before = provider.sent.length;
            Y.applyUpdate(doc, Y.encodeStateAsUpdate(stored), local);
            // Nothing the copy loaded goes up as an update before the server's first step.
            if (!heard) expect(provider.sent.length).toBe(before);
          } else if (s.kind === 'edit') doc.getText('t').insert(doc.getText('t').length, s.text);
          else if (s.kind === 'server') server.getText('t').insert(0, s.text);
          else {
            provider.step1(Y.encodeStateVector(server));
            heard = true;
            provider.step2(Y.encodeStateAsUpdate(server, Y.encodeStateVector(doc)));
          }
        }
        // A last sync (the connection that comes), then the server holds all of the page's document.
        provider.step1(Y.encodeStateVector(server));
        for (const { update } of provider.sent) Y.applyUpdate(server, update);
        const held = text(server);
        Y.applyUpdate(server, Y.encodeStateAsUpdate(doc));
        expect(text(server)).toBe(held);
      }),
      { numRuns: 200 },
    );
  });
});
