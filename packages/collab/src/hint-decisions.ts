/**
 * What the desk decided about the claim finder's hints: one entry per hint
 * key in the `hintDecisions` map — accepted (and the annotation it became) or
 * dismissed, by whom and when. Shared by everyone, undone like any edit, and
 * kept under the hint's key, so a hint decided once does not come back after
 * edits elsewhere. An entry is replaced whole, never edited in place.
 */
import type * as Y from 'yjs';
import * as z from 'zod/mini';
import { type Actor, actorSchema } from './bodies.ts';
import { hintDecisionMap } from './layout.ts';
import { schemaOnFirstUse } from './on-first-use.ts';

/** The longest hint key and hint text an entry holds. */
export const HINT_DECISION_LIMITS = { key: 100, text: 500 } as const;

/** A decision on a hint (built on first use, as every schema of the package: `on-first-use.ts`). */
export const hintDecisionSchema = schemaOnFirstUse(() =>
  z.object({
    decision: z.enum(['accepted', 'dismissed']),
    /** The hint's kind and text when it was decided (what the list of decided hints shows). */
    kind: z.string().check(z.minLength(1), z.maxLength(40)),
    text: z.string().check(z.maxLength(HINT_DECISION_LIMITS.text)),
    /** The claim or correction an accepted hint became. */
    annotationId: z.nullable(z.string().check(z.minLength(1), z.maxLength(100))),
    by: actorSchema,
    at: z.iso.datetime({ offset: true }),
  }),
);

/** A decision on a hint (see {@link hintDecisionSchema}). */
export type HintDecision = z.infer<typeof hintDecisionSchema>;

/** A hint key: letters, digits and dashes (see @factmark/hints). */
export const hintKeySchema = schemaOnFirstUse(() =>
  z.string().check(z.minLength(1), z.maxLength(HINT_DECISION_LIMITS.key), z.regex(/^[a-z0-9-]+$/)),
);

/** Every valid decision, by hint key. */
export function readHintDecisions(doc: Y.Doc): Map<string, HintDecision> {
  const out = new Map<string, HintDecision>();
  hintDecisionMap(doc).forEach((value, key) => {
    const parsed = hintDecisionSchema.safeParse(value);
    if (parsed.success && hintKeySchema.safeParse(key).success) out.set(key, parsed.data);
  });
  return out;
}

/** What a decision says of its hint. */
export interface HintSubject {
  kind: string;
  text: string;
}

/** A decision as a person makes it: on which hint, and the annotation an accepted one became. */
export interface HintChoice {
  decision: HintDecision['decision'];
  hint: HintSubject;
  annotationId?: string;
}

/** Write `made` (validated, in the name of `by` at `now`) as the decision on hint `key`, or with null take it back. */
export function writeHintDecision(doc: Y.Doc, key: string, made: HintChoice | null, by: Actor, now: Date): void {
  hintKeySchema.parse(key);
  if (!made) {
    hintDecisionMap(doc).delete(key);
    return;
  }
  const entry = hintDecisionSchema.parse({
    decision: made.decision,
    kind: made.hint.kind,
    text: made.hint.text.slice(0, HINT_DECISION_LIMITS.text),
    annotationId: made.annotationId ?? null,
    by,
    at: now.toISOString(),
  });
  hintDecisionMap(doc).set(key, entry);
}
