/**
 * A card's History: the audit trail of the annotation as the server recorded
 * it (who changed the verdict, the status, the text, when), newest first, with
 * a run of the same change by one person told once ("changed the rationale ×12").
 */
import type { AuditEntry, Member } from '@factmark/api';
import { useEffect, useState } from 'react';
import { api, describeError } from '../api.ts';
import { STATUS_LABELS } from '../labels.ts';
import { formatTime } from './fields.tsx';

/** Changes by one person to the same fields within this long are one line. */
const RUN_MS = 10 * 60_000;

/** One line of the history: an entry, and how many like it it stands for. */
interface Line {
  entry: AuditEntry;
  times: number;
}

/**
 * One person's text changes to the same fields within {@link RUN_MS} of their
 * previous ones become one line (the latest, counted), even when a colleague
 * typed in between (two people typing at once would otherwise alternate line
 * by line). Every other entry is a line of its own. Newest first.
 */
export function historyLines(entries: readonly AuditEntry[]): Line[] {
  const lines: Line[] = [];
  for (const entry of entries) {
    const key = `${entry.userId}\u0000${JSON.stringify(entry.details)}`;
    let merged = false;
    if (entry.action === 'changed') {
      for (let i = lines.length - 1; i >= 0; i--) {
        const line = lines[i] as Line;
        if (line.entry.action !== 'changed') break;
        const same = `${line.entry.userId}\u0000${JSON.stringify(line.entry.details)}` === key;
        if (same && Date.parse(entry.at) - Date.parse(line.entry.at) < RUN_MS) {
          lines.splice(i, 1);
          lines.push({ entry, times: line.times + 1 });
          merged = true;
          break;
        }
      }
    }
    if (!merged) lines.push({ entry, times: 1 });
  }
  return lines.reverse();
}

const word = (v: unknown) => (v === null || v === undefined || v === '' ? 'none' : String(v));
const FIELD_WORDS: Record<string, string> = {
  sourceIds: 'sources',
  proposed: 'proposed text',
  review: 'review of its place',
};

/** What an entry did, in words. */
export function describeEntry(entry: AuditEntry): string {
  const d = entry.details;
  switch (entry.action) {
    case 'created':
      return `created the ${word(d.kind)}`;
    case 'removed':
      return `removed the ${word(d.kind)}`;
    case 'verdict':
      return `set the verdict: ${word(d.from)} → ${word(d.to)}`;
    case 'status': {
      const label = (v: unknown) => STATUS_LABELS[v as keyof typeof STATUS_LABELS] ?? word(v);
      return `moved it: ${label(d.from)} → ${label(d.to)}`;
    }
    case 'correction_accepted':
      return 'accepted the correction';
    case 'correction_rejected':
      return 'rejected the correction';
    default: {
      const fields = Array.isArray(d.fields) ? d.fields.map((f) => FIELD_WORDS[String(f)] ?? String(f)) : [];
      return `changed the ${fields.join(', ') || 'annotation'}`;
    }
  }
}

/** The history disclosure of annotation `id`, read from the server when opened and again when `version` changes. */
export function CardHistory(props: { documentId: string; id: string; members: readonly Member[]; version: unknown }) {
  const { documentId, id, members, version } = props;
  const [open, setOpen] = useState(false);
  const [lines, setLines] = useState<Line[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` (the body) changing means new entries
  useEffect(() => {
    if (!open) return;
    let current = true;
    api.audit(documentId, id).then(
      (entries) => current && setLines(historyLines(entries)),
      (e: unknown) => current && setError(describeError(e)),
    );
    return () => {
      current = false;
    };
  }, [open, documentId, id, version]);
  const nameOf = (userId: string) => members.find((m) => m.user.id === userId)?.user.name ?? 'A former member';
  return (
    <details className="card-history" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>History</summary>
      {error && <p className="error">{error}</p>}
      {open && lines === null && !error && <p className="muted">Loading…</p>}
      {lines && lines.length === 0 && <p className="muted">Nothing recorded yet.</p>}
      {lines && lines.length > 0 && (
        <ol>
          {lines.map(({ entry, times }) => (
            <li key={`${entry.at}-${entry.action}-${entry.userId}`}>
              {nameOf(entry.userId)} {describeEntry(entry)}
              {times > 1 && ` (×${times})`} · <time dateTime={entry.at}>{formatTime(entry.at)}</time>
            </li>
          ))}
        </ol>
      )}
    </details>
  );
}
