// @vitest-environment happy-dom
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { check, EDGES, inBlockOpArb, type Op, opArb, TEXT_INTEGRITY } from './test-support/random-ops.ts';

/**
 * 3 to 5 peers make random edits, paragraph splits and joins, add and remove
 * annotations, set verdicts, and propose, accept and reject corrections,
 * while the network delivers their updates in random orders and partitions.
 * After everything is delivered:
 * - all peers show the same article and the same bodies;
 * - every annotation covers only text that descends from its span: inserted
 *   text is made of characters used nowhere else, and the first and last
 *   character a span covers must be its own (there when it was created, typed
 *   inside it, or put there by accepting the correction), never text a peer
 *   typed at its edge. Text typed strictly between two of its characters,
 *   even concurrently with its creation, is inside it and belongs to it;
 * - no body disappears unless someone removed its annotation, and no mark is
 *   left without its body (invalid() is empty on every peer);
 * - each correction decision is logged once (concurrent decisions included);
 * - typed text is neither lost nor doubled. In runs with a split, a join or a
 *   deletion across blocks, y-prosemirror's re-creation of moved text can
 *   break this: those runs count it, and the rate is printed.
 * A second property keeps every operation inside one block (no split, join or
 * deletion across blocks), so that nothing moves text between blocks: there,
 * every invariant must hold in every run, span edges and text integrity
 * included.
 * Span membership is judged in the merged order (span-oracle.ts): text typed
 * strictly between two of a span's characters, as Yjs placed it, is the
 * span's; text typed at its edge is not.
 */

/** The seed of this run (FACTMARK_PROPERTY_SEED replays one), printed so that a failure can be replayed. */
const SEED = Number(process.env.FACTMARK_PROPERTY_SEED ?? Math.floor(Math.random() * 2 ** 31));

describe('convergence under random concurrent editing', () => {
  it('all peers converge, spans keep their own edges, no mark lacks a body, decisions are logged once, typed text is kept (500 runs)', async () => {
    const runs = Number(process.env.FACTMARK_PROPERTY_RUNS ?? 500);
    console.log(`convergence property: ${runs} runs, seed ${SEED} (FACTMARK_PROPERTY_SEED=${SEED} replays them)`);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 3, max: 5 }),
        // size 'max': runs reach 40 operations (fast-check's default size would cap them near 20).
        fc.array(opArb, { minLength: 5, maxLength: 40, size: 'max' }),
        // Client ids decide how concurrent insertions at one place are ordered.
        fc.uniqueArray(fc.integer({ min: 1, max: 2 ** 31 - 1 }), { minLength: 5, maxLength: 5 }),
        (peers, ops, ids) => check(peers, ops, ids),
      ),
      { numRuns: runs, seed: SEED, verbose: 1 },
    );
    console.log(
      `convergence property: in the ${TEXT_INTEGRITY.runs} runs with a split, join or cross-block deletion (y-prosemirror re-creates moved text), typed text was lost or doubled in ${TEXT_INTEGRITY.broken} and a span's edge was outside text in ${EDGES.broken.size}`,
    );
  }, 600_000);

  // 500 runs in the test command, 20,000 in `pnpm test:soak`.
  it('with no text moved between blocks, every invariant holds in every run (500 runs)', async () => {
    const runs = Number(process.env.FACTMARK_PROPERTY_RUNS ?? 500);
    const seed = SEED + 1;
    console.log(`in-block property: ${runs} runs, seed ${seed} (FACTMARK_PROPERTY_SEED=${SEED} replays them)`);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 3, max: 5 }),
        fc.array(inBlockOpArb, { minLength: 5, maxLength: 40, size: 'max' }),
        fc.uniqueArray(fc.integer({ min: 1, max: 2 ** 31 - 1 }), { minLength: 5, maxLength: 5 }),
        (peers, ops, ids) => check(peers, ops, ids, true),
      ),
      { numRuns: runs, seed, verbose: 1 },
    );
  }, 600_000);

  // Found by the in-block property (shrunk): two editors accept one correction at once, and one of them
  // moves it to one character next to text the other typed. The losing acceptance's copy used to be taken
  // out through the editor, whose text diff deleted the standing copy instead (the words are equal), and the
  // span was then re-anchored over the other's typing: "丅e丂七" instead of "丂七".
  it('a correction accepted twice and moved at once keeps the standing words, not the text typed at its edge', async () => {
    const ops: Op[] = [
      { t: 'type', peer: 0, at: 0, len: 2 },
      { t: 'annotate', peer: 0, at: 200030205, len: 10, kind: 'correction' },
      { t: 'type', peer: 3, at: 0, len: 1 },
      { t: 'deliver', from: 3, to: 0, reversed: false },
      { t: 'deliver', from: 0, to: 2, reversed: false },
      { t: 'delete', peer: 1, at: 0, len: 1 },
      { t: 'delete', peer: 0, at: 0, len: 1 },
      { t: 'type', peer: 0, at: 2123931757, len: 1 },
      { t: 'decide', peer: 2, pick: 0, accept: true },
      { t: 'delete', peer: 1, at: 0, len: 13 },
      { t: 'decide', peer: 0, pick: 0, accept: true },
      { t: 'deliver', from: 1, to: 2, reversed: false },
      { t: 'reattach', peer: 2, pick: 0, at: 265496895, len: 1 },
    ];
    await check(4, ops, [1695776018, 1, 2, 3, 4], true);
  });

  // Found by the in-block property (shrunk): an editor accepts a correction before a colleague's word inside
  // it has reached them, while another editor rejects it. When the rejection stood, the accepting peer put
  // back the correction's original text — the colleague's word included: the word was doubled. Now the
  // acceptance stands and nothing is put back; the word must be there once.
  it("an acceptance and a rejection at once, a colleague's word inside not yet received: the word once", async () => {
    const ops: Op[] = [
      { t: 'type', peer: 2, at: 372105111, len: 1 },
      { t: 'deliver', from: 2, to: 4, reversed: false },
      { t: 'type', peer: 0, at: 0, len: 1 },
      { t: 'deliver', from: 0, to: 1, reversed: false },
      { t: 'annotate', peer: 1, at: 1048875948, len: 2, kind: 'correction' },
      { t: 'deliver', from: 1, to: 0, reversed: false },
      { t: 'decide', peer: 4, pick: 0, accept: false },
      { t: 'decide', peer: 0, pick: 0, accept: true },
      { t: 'type', peer: 0, at: 0, len: 1 },
    ];
    await check(3, ops, [1, 2, 3, 4, 5], true);
  });

  // Found by \`pnpm test:soak\` (in-block, seed 209703252): a correction inside another, decided differently at
  // once — one editor accepts the inner then the outer, another rejects the outer and accepts the inner. When
  // the rejection stood, the outer's put-back brought back the inner's losing copy as new text, which the
  // inner's repair (by Yjs identity) could no longer take out: the inner's words were doubled.
  it('a correction inside another, accepted by one editor and rejected by another: no words doubled', async () => {
    const ops: Op[] = [
      { t: 'annotate', peer: 1, at: 472789399, len: 7, kind: 'correction' },
      { t: 'deliver', from: 4, to: 0, reversed: false },
      { t: 'annotate', peer: 2, at: 1745381782, len: 1, kind: 'correction' },
      { t: 'deliver', from: 2, to: 4, reversed: false },
      { t: 'decide', peer: 4, pick: 0, accept: false },
      { t: 'decide', peer: 4, pick: 0, accept: true },
      { t: 'deliver', from: 2, to: 0, reversed: false },
      { t: 'decide', peer: 0, pick: 1632557595, accept: true },
      { t: 'decide', peer: 0, pick: 0, accept: true },
      { t: 'verdict', peer: 0, pick: 0, verdict: 0 },
      { t: 'delete', peer: 0, at: 0, len: 1 },
      { t: 'deliver', from: 0, to: 0, reversed: false },
      { t: 'delete', peer: 0, at: 0, len: 1 },
    ];
    await check(3, ops, [1, 2, 3, 4, 5], true);
  });

  // Found by the in-block property (shrunk): a claim re-attached onto an accepted correction's words while a
  // colleague typed right after the span's first character, before the words that acceptance had deleted. The
  // colleague's character lies between two of the span's own characters as Yjs placed it (deleted words of
  // nobody's span in between), so it is the span's; the oracle used to stop at the deleted words and call it
  // the span's edge.
  it("text typed between a span's characters with deleted words in between belongs to the span", async () => {
    const ops: Op[] = [
      { t: 'type', peer: 4, at: 0, len: 3 },
      { t: 'type', peer: 1, at: 0, len: 2 },
      { t: 'annotate', peer: 4, at: 225435859, len: 14, kind: 'correction' },
      { t: 'type', peer: 0, at: 0, len: 2 },
      { t: 'deliver', from: 4, to: 0, reversed: false },
      { t: 'decide', peer: 4, pick: 0, accept: true },
      { t: 'annotate', peer: 0, at: 0, len: 1, kind: 'claim' },
      { t: 'deliver', from: 0, to: 4, reversed: false },
      { t: 'type', peer: 0, at: 1728187961, len: 1 },
      { t: 'type', peer: 4, at: 0, len: 1 },
      { t: 'decide', peer: 0, pick: 0, accept: false },
      { t: 'reattach', peer: 4, pick: 0, at: 804603766, len: 2 },
      { t: 'deliver', from: 0, to: 4, reversed: false },
      { t: 'reattach', peer: 0, pick: 35114345, at: 0, len: 1 },
    ];
    await check(3, ops, [1634895961, 1, 2, 3, 4], true);
  });

  // Found by the in-block property (seed 799669074, run 6114; shrunk): a claim made while a colleague typed inside
  // it, then a correction over the claim's first character accepted. The typed characters still lie between two
  // of the claim's characters as Yjs placed them — its first one now deleted, and its text collected by Yjs
  // (ContentDeleted, which Yjs does not count) —, so they are the claim's. The oracle skipped uncounted items
  // as if they were formatting, walked past the deleted character into the correction's new words, and called
  // the typed text the claim's edge.
  it('text typed inside a span stays the span’s when the span’s first character is deleted and collected', async () => {
    const ops: Op[] = [
      { t: 'type', peer: 0, at: 762983138, len: 2 },
      { t: 'annotate', peer: 0, at: 1688566213, len: 2, kind: 'correction' },
      { t: 'annotate', peer: 3, at: 1754834914, len: 2, kind: 'claim' },
      { t: 'deliver', from: 3, to: 0, reversed: false },
      { t: 'decide', peer: 0, pick: 0, accept: true },
      { t: 'annotate', peer: 0, at: 0, len: 1, kind: 'claim' },
      { t: 'deliver', from: 0, to: 0, reversed: false },
      { t: 'deliver', from: 0, to: 0, reversed: false },
    ];
    await check(4, ops, [1, 2, 3, 4, 5], true);
  });
});
