/** The audit log: one entry per field an accepted update changed in an annotation body, with who and when. */
import type { AuditEntry } from '@factmark/api';
import type { BodyChange } from '@factmark/collab';

/** One line of a document's audit trail, recorded by the server from an authenticated connection. */
export type { AuditEntry };

/** Which audit entries an accepted change to one annotation body makes. */
export function auditEntries(change: BodyChange, userId: string, at: string): AuditEntry[] {
  const base = { at, userId, annotationId: change.id };
  const { before, after } = change;
  if (!before && after) return [{ ...base, action: 'created', details: { kind: after.kind } }];
  if (before && !after) return [{ ...base, action: 'removed', details: { kind: before.kind } }];
  if (!before || !after) return [];
  const entries: AuditEntry[] = [];
  const changed = Object.keys({ ...before, ...after }).filter(
    (k) =>
      !['updatedAt', 'updatedBy', 'anchorStart', 'anchorEnd', 'anchorSv'].includes(k) &&
      JSON.stringify(before[k]) !== JSON.stringify(after[k]),
  );
  for (const field of ['verdict', 'status'] as const) {
    if (changed.includes(field))
      entries.push({ ...base, action: field, details: { from: before[field] ?? null, to: after[field] ?? null } });
  }
  // The second pair of eyes: who checked which verdict (the entry's user is the checker).
  const check = after.checkedBy as { verdict?: unknown } | null | undefined;
  if (changed.includes('checkedBy') && check)
    entries.push({ ...base, action: 'checked', details: { verdict: check.verdict } });
  if (changed.includes('state') && (after.state === 'accepted' || after.state === 'rejected')) {
    entries.push({
      ...base,
      action: `correction_${after.state}`,
      details: { original: after.original, proposed: after.proposed },
    });
  }
  const rest = changed.filter(
    (k) => !['verdict', 'verdictBy', 'verdictAt', 'checkedBy', 'status', 'state', 'decidedBy', 'decidedAt'].includes(k),
  );
  if (rest.length > 0) entries.push({ ...base, action: 'changed', details: { fields: rest.sort() } });
  return entries;
}
