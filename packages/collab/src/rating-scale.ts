/** A document's rating scale: its labels, the default scale, and replacing it only when no verdict in use is dropped. */
import { FactmarkError, shorten } from '@factmark/editor';
import type * as Y from 'yjs';
import * as z from 'zod/mini';
import { parseOrThrow } from './bodies.ts';
import { readBodies } from './body-layout.ts';
import { documentSettings } from './layout.ts';
import { schemaOnFirstUse } from './on-first-use.ts';

/** One verdict of a rating scale: its label, its number, and the colour a desk gave it (else its tone's). */
export interface RatingLabel {
  label: string;
  value: number;
  /** `#rrggbb`; without it the label takes the colour of its place on the scale. */
  color?: string | undefined;
}

/** A document's rating scale: its labels, and the best and worst values (as ClaimReview wants them); built on first use (`on-first-use.ts`). */
export const ratingScaleSchema = schemaOnFirstUse(() =>
  z
    .object({
      labels: z
        .array(
          z.object({
            label: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
            // (zod's numbers are finite: it refuses Infinity and NaN.)
            value: z.number(),
            color: z.optional(z.string().check(z.regex(/^#[0-9a-fA-F]{6}$/, 'A colour is written as #rrggbb'))),
          }),
        )
        .check(z.minLength(1, 'A scale needs at least one label'), z.maxLength(20)),
      best: z.number(),
      worst: z.number(),
    })
    .check(
      z.refine((s) => new Set(s.labels.map((l) => l.label)).size === s.labels.length, {
        message: 'Labels must be unique',
        path: ['labels'],
      }),
    ),
);

/** A document's rating scale. */
export type RatingScale = z.infer<typeof ratingScaleSchema>;

/** The scale a new document starts with. "Unverifiable" sits outside best..worst: it is no rating of truth. */
export const DEFAULT_RATING_SCALE: RatingScale = {
  labels: [
    { label: 'True', value: 5 },
    { label: 'Mostly true', value: 4 },
    { label: 'Half true', value: 3 },
    { label: 'Mostly false', value: 2 },
    { label: 'False', value: 1 },
    { label: 'Unverifiable', value: 0 },
  ],
  best: 5,
  worst: 1,
};

/** The document's rating scale (the default until someone edits it). */
export function readRatingScale(doc: Y.Doc): RatingScale {
  const stored = documentSettings(doc).get('ratingScale');
  // Never set (most documents): the default, without building the schema to refuse nothing.
  if (stored === undefined) return DEFAULT_RATING_SCALE;
  const parsed = ratingScaleSchema.safeParse(stored);
  return parsed.success ? parsed.data : DEFAULT_RATING_SCALE;
}

/**
 * Refused: a new scale that drops labels some claims still use as their
 * verdict. The message quotes each claim's words, never its id.
 */
export class ScaleInUseError extends FactmarkError {
  constructor(readonly uses: { claimId: string; verdict: string; quote: string }[]) {
    const shown = uses.slice(0, 5).map((u) => `“${u.verdict}” on the claim “${shorten(u.quote, 60)}”`);
    const more = uses.length > 5 ? ` and ${uses.length - 5} more` : '';
    super(
      'scale_in_use',
      `The new scale drops verdicts claims still have: ${shown.join('; ')}${more}. Give those claims another verdict first, or keep the label.`,
    );
  }
}

/** Replace the document's rating scale; refused when it is invalid or drops a label in use. */
export function writeRatingScale(doc: Y.Doc, scale: RatingScale): void {
  const valid = parseOrThrow(ratingScaleSchema, scale);
  const labels = new Set(valid.labels.map((l) => l.label));
  const uses: { claimId: string; verdict: string; quote: string }[] = [];
  for (const [id, body] of readBodies(doc)) {
    if (body.kind === 'claim' && body.verdict !== null && !labels.has(body.verdict))
      uses.push({ claimId: id, verdict: body.verdict, quote: body.quote });
  }
  if (uses.length > 0) throw new ScaleInUseError(uses);
  documentSettings(doc).set('ratingScale', valid);
}
