// @vitest-environment happy-dom
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { check, EDGES, opArb, TEXT_INTEGRITY } from './test-support/random-ops.ts';

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
        check,
      ),
      { numRuns: runs, seed: SEED, verbose: 1 },
    );
    console.log(
      `convergence property: in the ${TEXT_INTEGRITY.runs} runs with a split, join or cross-block deletion (y-prosemirror re-creates moved text), typed text was lost or doubled in ${TEXT_INTEGRITY.broken} and a span's edge was outside text in ${EDGES.broken.size}`,
    );
  }, 600_000);
});
