/**
 * The trial copy follows its document: what the gate tried on it and then accepted is not applied to it again,
 * what reached the document another way is, and either way it ends as the document is.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { holdsTransaction } from './store-holds.ts';
import { forgetTriedUpdates, prepareTrialCopy, trialCopy } from './trial-copy.ts';

/** A document with the article's first words, its trial copy built, and a colleague's copy of it. */
function setUp() {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, 'more than 50,000 soldiers and 140 aircraft');
  prepareTrialCopy(doc);
  const colleague = new Y.Doc();
  Y.applyUpdate(colleague, Y.encodeStateAsUpdate(doc));
  return { doc, colleague };
}

/** The update `change` makes on `peer`. */
function updateOf(peer: Y.Doc, change: (text: Y.Text) => void): Uint8Array {
  let update: Uint8Array | null = null;
  const take = (u: Uint8Array) => {
    update = u;
  };
  peer.on('update', take);
  change(peer.getText('t'));
  peer.off('update', take);
  if (!update) throw new Error('the change changed nothing');
  return update;
}

/** How many transactions the trial copy of `doc` runs during `work` (the copy as built when it starts). */
function copyTransactions(doc: Y.Doc, work: () => void): number {
  const copy = trialCopy(doc).current();
  let count = 0;
  const counted = () => count++;
  copy.on('afterTransaction', counted);
  work();
  copy.off('afterTransaction', counted);
  return count;
}

/** The gate's way with an accepted update: tried on the copy, then applied to the document. */
function tryThenApply(doc: Y.Doc, update: Uint8Array): void {
  Y.applyUpdate(trialCopy(doc).current(), update);
  Y.applyUpdate(doc, update);
}

const sameState = (a: Y.Doc, b: Y.Doc) => expect(Y.equalSnapshots(Y.snapshot(a), Y.snapshot(b))).toBe(true);

describe('the trial copy', () => {
  it('takes an accepted insertion or deletion once, when it is tried; a change made without a trial when next used', () => {
    const { doc, colleague } = setUp();
    // Typed, and a slip deleted ("140 aircraft" → "aircraft"): each tried once, and never applied to the copy again.
    const typed = updateOf(colleague, (t) => t.insert(0, 'reportedly '));
    const deleted = updateOf(colleague, (t) => t.delete(41, 4));
    const transactions = copyTransactions(doc, () => {
      tryThenApply(doc, typed);
      tryThenApply(doc, deleted);
      trialCopy(doc).current();
    });
    expect(transactions).toBe(2);
    // The server's own change (an API import) reaches the document alone: the copy catches up with it.
    doc.getText('t').insert(0, 'The ministry said on Monday: ');
    const copy = trialCopy(doc).current();
    expect(copy.getText('t').toString()).toBe(doc.getText('t').toString());
    sameState(copy, doc);
  });

  it('catches up with a deletion of items it holds but has not seen deleted', () => {
    const { doc } = setUp();
    const text = doc.getText('t');
    const copy = trialCopy(doc).current();
    let seen: boolean | null = null;
    doc.once('afterTransaction', (tr: Y.Transaction) => {
      seen = holdsTransaction(copy, tr);
    });
    text.delete(0, 5);
    // Every item is in the copy, one range of them is not deleted there: not held.
    expect(seen).toBe(false);
    expect(trialCopy(doc).current().getText('t').toString()).toBe('than 50,000 soldiers and 140 aircraft');
  });

  it('property: tried, refused or applied without a trial, from two writers, the copy ends as the document', () => {
    const step = fc.record({
      writer: fc.integer({ min: 0, max: 1 }),
      way: fc.constantFrom('tried', 'refused', 'direct'),
      insert: fc.boolean(),
      at: fc.nat(60),
      len: fc.integer({ min: 1, max: 6 }),
    });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 25 }), (steps) => {
        const { doc, colleague } = setUp();
        const writers = [colleague, doc];
        for (const { writer, way, insert, at, len } of steps) {
          const peer = writers[writer] as Y.Doc;
          const length = peer.getText('t').length;
          if (!insert && length === 0) continue;
          const update = updateOf(peer, (t) =>
            insert
              ? t.insert(at % (length + 1), 'x'.repeat(len))
              : t.delete(at % length, Math.min(len, length - (at % length))),
          );
          if (way === 'tried') tryThenApply(doc, update);
          else if (way === 'refused') {
            Y.applyUpdate(trialCopy(doc).current(), update);
            forgetTriedUpdates(doc);
          } else Y.applyUpdate(doc, update);
          // The colleague hears of everything the document has.
          Y.applyUpdate(colleague, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(colleague)));
        }
        const copy = trialCopy(doc).current();
        expect(copy.getText('t').toString()).toBe(doc.getText('t').toString());
        sameState(copy, doc);
      }),
      { numRuns: 300 },
    );
  });
});
