/** The corrections log: one entry per decided correction, oldest first. */
import type * as Y from 'yjs';
import { z } from 'zod';
import { actorSchema } from './bodies.ts';
import { correctionsLog } from './layout.ts';

/** An entry of the corrections log. */
export const correctionLogEntrySchema = z.object({
  correctionId: z.string(),
  decision: z.enum(['accepted', 'rejected']),
  original: z.string(),
  proposed: z.string(),
  category: z.string(),
  decidedBy: actorSchema,
  decidedAt: z.iso.datetime({ offset: true }),
});
/** An entry of the corrections log. */
export type CorrectionLogEntry = z.infer<typeof correctionLogEntrySchema>;

/** The corrections log, oldest first (malformed entries from peers are left out). */
export function readCorrectionsLog(doc: Y.Doc): CorrectionLogEntry[] {
  return correctionsLog(doc)
    .toArray()
    .flatMap((e) => {
      const parsed = correctionLogEntrySchema.safeParse(e);
      return parsed.success ? [parsed.data] : [];
    });
}
