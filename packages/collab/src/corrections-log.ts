/** The corrections log: one entry per decided correction, oldest first. */
import type * as Y from 'yjs';
import { z } from 'zod';
import { actorSchema } from './bodies.ts';
import { annotationBodies, correctionsLog } from './layout.ts';

/** An entry of the corrections log. */
export const correctionLogEntrySchema = z.object({
  correctionId: z.string(),
  decision: z.enum(['accepted', 'rejected']),
  original: z.string(),
  proposed: z.string(),
  category: z.string(),
  decidedBy: actorSchema,
  decidedAt: z.iso.datetime({ offset: true }),
  /**
   * For an acceptance: the article text it wrote, as the Yjs client and the
   * clock range of the characters (so that when colleagues accepted the same
   * correction at once, every peer can take the losers' copies out again).
   */
  replaced: z
    .object({ client: z.number().int().nonnegative(), from: z.number().int().nonnegative(), to: z.number().int() })
    .refine((r) => r.to >= r.from && r.to - r.from <= 1_000_000, 'a clock range')
    .optional(),
});
/** An entry of the corrections log. */
export type CorrectionLogEntry = z.infer<typeof correctionLogEntrySchema>;

/** Every entry of the log as stored, oldest first, malformed entries from peers left out. */
export function rawCorrectionsLog(doc: Y.Doc): CorrectionLogEntry[] {
  return correctionsLog(doc)
    .toArray()
    .flatMap((e) => {
      const parsed = correctionLogEntrySchema.safeParse(e);
      return parsed.success ? [parsed.data] : [];
    });
}

/** True when `entry` records the decision the correction's body holds (who, when, which). */
export function isStandingDecision(entry: CorrectionLogEntry, body: Record<string, unknown> | undefined): boolean {
  const by = body?.decidedBy as { id?: unknown } | null | undefined;
  return (
    body !== undefined &&
    body.state === entry.decision &&
    by?.id === entry.decidedBy.id &&
    body.decidedAt === entry.decidedAt
  );
}

/**
 * The corrections log, oldest first, one entry per decision: when
 * colleagues decided one correction at once, the body keeps one decision
 * (Yjs keeps the write of the highest client id) and the log shows that one.
 */
export function readCorrectionsLog(doc: Y.Doc): CorrectionLogEntry[] {
  const entries = rawCorrectionsLog(doc);
  const byCorrection = new Map<string, CorrectionLogEntry[]>();
  for (const e of entries) byCorrection.set(e.correctionId, [...(byCorrection.get(e.correctionId) ?? []), e]);
  return entries.filter((entry) => {
    const all = byCorrection.get(entry.correctionId) ?? [];
    if (all.length === 1) return true;
    const body = annotationBodies(doc).get(entry.correctionId)?.toJSON() as Record<string, unknown> | undefined;
    // Reopening takes a decision out of the log: several entries are decisions made at once.
    return entry === (all.find((e) => isStandingDecision(e, body)) ?? all[all.length - 1]);
  });
}
