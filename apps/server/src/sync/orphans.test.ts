/** Orphans: a colleague's items the server lost, found in a sync; what the sender may be judged on without them. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { orphansOf, whenHolds, withoutOrphans } from './orphans.ts';

const sync = (from: Y.Doc, to: Y.Doc) => Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
const copyOf = (doc: Y.Doc) => {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
};
const nothingPending = (doc: Y.Doc) => doc.store.pendingStructs === null && doc.store.pendingDs === null;

/** The server, a colleague (W) whose last edits the server relayed and lost, and the sender (X) who saw them. */
function crashScene() {
  const server = new Y.Doc();
  const w = new Y.Doc();
  const x = new Y.Doc();
  w.getText('t').insert(0, 'Stored text. ');
  sync(w, server);
  sync(server, x);
  // Relayed to X, never stored: the server stopped.
  w.getText('t').insert(13, 'Lost words');
  sync(w, x);
  // X's own work since: some of it on its own, some built on the lost words.
  x.getText('t').insert(0, 'Mine. ');
  x.getMap('m').set('note', 'independent');
  x.getText('t').insert(x.getText('t').length, '!');
  x.getText('t').delete(6, 6); // "Stored": a stored item of W's
  x.getText('t').delete(x.getText('t').toString().indexOf('Lost'), 4);
  const owners = new Map([
    [w.clientID, 'w'],
    [x.clientID, 'x'],
  ]);
  return { server, w, x, owners, update: Y.encodeStateAsUpdate(x, Y.encodeStateVector(server)) };
}

describe('orphans', () => {
  it("finds the colleague's lost items in the sender's sync, and nothing in an update of the sender's own", () => {
    const { server, w, x, owners, update } = crashScene();
    expect([...orphansOf(server, update, owners, 'x')]).toEqual([[w.clientID, Y.getState(w.store, w.clientID)]]);
    // The same items sent by their owner are theirs to write.
    expect(orphansOf(server, Y.encodeStateAsUpdate(w, Y.encodeStateVector(server)), owners, 'w').size).toBe(0);
    expect(orphansOf(server, Y.encodeStateAsUpdate(x, Y.encodeStateVector(w)), owners, 'x').size).toBe(0);
  });

  it('is no orphan when the items start below what the server has of that client (no sync sends that)', () => {
    const { server, w, owners } = crashScene();
    const forged = new Y.Doc();
    forged.clientID = w.clientID;
    Y.applyUpdate(forged, Y.encodeStateAsUpdate(server));
    // A copy of W's stored state, written on from its own clock: the items reuse W's clocks from 0.
    const reuse = Y.encodeStateAsUpdate(forged);
    expect(orphansOf(new Y.Doc(), reuse, owners, 'x').size).toBe(1);
    const overlapping = Y.mergeUpdates([Y.encodeStateAsUpdate(server), Y.encodeStateAsUpdate(w)]);
    expect(orphansOf(server, overlapping, owners, 'x').size).toBe(0);
  });

  it('keeps what the sender wrote on its own and leaves out the lost items, what builds on them and their deletion', () => {
    const { server, w, x, owners, update } = crashScene();
    const own = withoutOrphans(server, update, orphansOf(server, update, owners, 'x'));
    expect(own).not.toBeNull();
    const judged = copyOf(server);
    Y.applyUpdate(judged, own as Uint8Array);
    expect(nothingPending(judged)).toBe(true);
    expect(judged.getText('t').toString()).toBe('Mine.  text. ');
    expect(judged.getMap('m').get('note')).toBe('independent');
    expect(Y.getState(judged.store, w.clientID)).toBe(Y.getState(server.store, w.clientID));
    // Once W's copy brings its words back, the whole update applies, and every copy is the same.
    sync(w, judged);
    Y.applyUpdate(judged, update);
    expect(nothingPending(judged)).toBe(true);
    expect(judged.getText('t').toString()).toBe(x.getText('t').toString());
  });

  it('waits until the document holds the lost items, or says no after the wait', async () => {
    const { server, w, owners, update } = crashScene();
    const orphans = orphansOf(server, update, owners, 'x');
    expect(await whenHolds(server, orphans, 30)).toBe(false);
    const held = whenHolds(server, orphans, 5_000);
    setTimeout(() => sync(w, server), 10);
    expect(await held).toBe(true);
  });

  it('property: for any edits and any cut between stored and lost, the kept part leaves nothing pending and nothing of the colleague, and the whole converges once the colleague syncs', () => {
    const op = fc.record({
      who: fc.constantFrom('w', 'x'),
      kind: fc.constantFrom('insert', 'delete', 'map'),
      at: fc.nat(),
      text: fc.string({ minLength: 1, maxLength: 4 }),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 12 }), fc.array(op, { maxLength: 12 }), (stored, after) => {
        const server = new Y.Doc();
        const docs = { w: new Y.Doc(), x: new Y.Doc() };
        const apply = (o: (typeof stored)[number]) => {
          const doc = docs[o.who as 'w' | 'x'];
          const text = doc.getText('t');
          if (o.kind === 'insert') text.insert(o.at % (text.length + 1), o.text);
          else if (o.kind === 'delete' && text.length > 0) text.delete(o.at % text.length, 1 + (o.at % 3));
          else doc.getMap('m').set(o.text, o.at);
        };
        // Until the crash both copies and the server meet after every edit; then the server hears only X.
        for (const o of stored) {
          apply(o);
          sync(docs.w, server);
          sync(docs.x, server);
          sync(server, docs.w);
          sync(server, docs.x);
        }
        for (const o of after) {
          apply(o);
          sync(docs.w, docs.x);
          sync(docs.x, docs.w);
        }
        const owners = new Map([
          [docs.w.clientID, 'w'],
          [docs.x.clientID, 'x'],
        ]);
        const update = Y.encodeStateAsUpdate(docs.x, Y.encodeStateVector(server));
        const orphans = orphansOf(server, update, owners, 'x');
        const judged = copyOf(server);
        if (orphans.size > 0) {
          const own = withoutOrphans(server, update, orphans);
          expect(own).not.toBeNull();
          Y.applyUpdate(judged, own as Uint8Array);
          expect(nothingPending(judged)).toBe(true);
          expect(Y.getState(judged.store, docs.w.clientID)).toBe(Y.getState(server.store, docs.w.clientID));
          sync(docs.w, judged);
        }
        Y.applyUpdate(judged, update);
        expect(nothingPending(judged)).toBe(true);
        expect(judged.getText('t').toString()).toBe(docs.x.getText('t').toString());
        expect(judged.getMap('m').toJSON()).toEqual(docs.x.getMap('m').toJSON());
      }),
      { numRuns: 300 },
    );
  });
});
