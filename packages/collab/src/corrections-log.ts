/** The corrections log: one entry per decided correction, oldest first. */
import * as Y from 'yjs';
import * as z from 'zod/mini';
import { actorSchema } from './bodies.ts';
import { bodyJSON } from './body-layout.ts';
import { annotationBodies, correctionsLog } from './layout.ts';
import { schemaOnFirstUse } from './on-first-use.ts';

/** An entry of the corrections log (built on first use: `on-first-use.ts`). */
export const correctionLogEntrySchema = schemaOnFirstUse(() =>
  z.object({
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
    replaced: z.optional(
      z
        .object({ client: z.int().check(z.nonnegative()), from: z.int().check(z.nonnegative()), to: z.int() })
        .check(z.refine((r) => r.to >= r.from && r.to - r.from <= 1_000_000, 'a clock range')),
    ),
  }),
);

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
function heldByBody(entry: CorrectionLogEntry, body: Record<string, unknown> | undefined): boolean {
  const by = body?.decidedBy as { id?: unknown } | null | undefined;
  return (
    body !== undefined &&
    body.state === entry.decision &&
    by?.id === entry.decidedBy.id &&
    body.decidedAt === entry.decidedAt
  );
}

/** One correction's entries in the log, and the decision that stands among them (when one does). */
export interface CorrectionDecisions {
  entries: CorrectionLogEntry[];
  /**
   * The decision that stands (see {@link standingDecision}); undefined when the body holds a decision the
   * log does not (yet) show.
   */
  standing: CorrectionLogEntry | undefined;
}

/**
 * The decision that stands among one correction's entries (decisions made at once: a decision needs the
 * correction still proposed, so several entries were made concurrently). **An acceptance beats a
 * rejection**: the acceptance's text is in every peer's article once the updates meet, and putting the
 * replaced words back would need the one peer that knows exactly what it replaced. Among acceptances (or
 * among rejections) the one the body holds stands (Yjs keeps the highest client id's write); when the body
 * holds a rejection that an acceptance beats, or the correction was removed, the last acceptance in the
 * log's order (the same on every peer). The decision repair then writes the standing acceptance into the
 * body, so the body and the log agree.
 */
export function standingDecision(
  entries: readonly CorrectionLogEntry[],
  body: Record<string, unknown> | undefined,
): CorrectionLogEntry | undefined {
  if (entries.length === 1) return entries[0];
  const held = entries.find((e) => heldByBody(e, body));
  const acceptances = entries.filter((e) => e.decision === 'accepted');
  if (held && (held.decision === 'accepted' || acceptances.length === 0)) return held;
  if (acceptances.length > 0) return acceptances[acceptances.length - 1];
  return body ? undefined : entries[entries.length - 1];
}

/** The log's entries (as read once by {@link rawCorrectionsLog}) grouped by correction, each with its standing decision. */
export function decisionsByCorrection(
  doc: Y.Doc,
  log: CorrectionLogEntry[] = rawCorrectionsLog(doc),
): Map<string, CorrectionDecisions> {
  const groups = new Map<string, CorrectionLogEntry[]>();
  for (const e of log) {
    const group = groups.get(e.correctionId);
    if (group) group.push(e);
    else groups.set(e.correctionId, [e]);
  }
  const out = new Map<string, CorrectionDecisions>();
  for (const [id, entries] of groups) {
    const map = entries.length > 1 ? annotationBodies(doc).get(id) : undefined;
    const body = map instanceof Y.Map ? bodyJSON(map, id) : undefined;
    out.set(id, { entries, standing: standingDecision(entries, body) });
  }
  return out;
}

/**
 * The corrections log, oldest first, one entry per decision: when
 * colleagues decided one correction at once, the log shows the decision that
 * stands ({@link standingDecision}).
 * (Reopening takes a decision out of the log: several entries for one
 * correction are decisions made at once.)
 */
export function readCorrectionsLog(doc: Y.Doc): CorrectionLogEntry[] {
  const log = rawCorrectionsLog(doc);
  const groups = decisionsByCorrection(doc, log);
  return log.filter((entry) => {
    const { entries, standing } = groups.get(entry.correctionId) as CorrectionDecisions;
    return entry === (standing ?? entries[entries.length - 1]);
  });
}
