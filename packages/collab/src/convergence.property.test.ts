// @vitest-environment happy-dom
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { check, opArb } from './test-support/random-ops.ts';

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
 * - no body disappears unless someone removed its annotation.
 */

describe('convergence under random concurrent editing', () => {
  it('all peers converge, annotations cover only their own text, and no body is lost (500 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 3, max: 5 }),
        fc.array(opArb, { minLength: 5, maxLength: 40 }),
        // Client ids decide how concurrent insertions at one place are ordered.
        fc.uniqueArray(fc.integer({ min: 1, max: 2 ** 31 - 1 }), { minLength: 5, maxLength: 5 }),
        check,
      ),
      { numRuns: Number(process.env.FACTMARK_PROPERTY_RUNS ?? 500), verbose: 1 },
    );
  }, 600_000);
});
