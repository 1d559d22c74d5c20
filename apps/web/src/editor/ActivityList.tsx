/**
 * The document's activity: everything the server recorded on it (claims made, verdicts given, statuses moved,
 * corrections decided, text changed), newest first, in words, each naming the annotation by its words and
 * opening its card; a person's run of typing is told once. Filter by person. Read again a moment after the
 * annotations change, so it follows the desk's work while open.
 */
import type { AuditEntry, Member } from '@factmark/api';
import { shorten } from '@factmark/editor';
import { useEffect, useState } from 'react';
import { api, describeError } from '../api.ts';
import type { DocumentSession } from '../session/document-session.ts';
import { useSnapshot } from '../session/use-snapshot.ts';
import { describeEntry, historyLines } from './CardHistory.tsx';
import { formatTime, SelectField } from './fields.tsx';

/** Lines shown at first (the newest), and how many more each "Show older" adds. */
const PAGE = 20;
/** How long after a change the activity is read again (a burst of typing is one read). */
const REFRESH_MS = 1_500;

/** The activity list of the session's document. */
export function ActivityList(props: {
  session: DocumentSession;
  members: readonly Member[];
  /** Open annotation `id`'s card (in the margin). */
  onOpen: (id: string) => void;
}) {
  const { session, members, onOpen } = props;
  const annotations = useSnapshot(session, (s) => s.annotations);
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [person, setPerson] = useState('');
  const [shownLines, setShownLines] = useState(PAGE);
  const documentId = session.documentId;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a change to the annotations means new entries to read
  useEffect(() => {
    let current = true;
    const timer = setTimeout(
      () =>
        api.audit(documentId).then(
          (all) => {
            if (!current) return;
            setEntries(all);
            setError(null);
          },
          (e: unknown) => current && setError(describeError(e)),
        ),
      entries === null ? 0 : REFRESH_MS,
    );
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [documentId, annotations]);
  const nameOf = (userId: string) => members.find((m) => m.user.id === userId)?.user.name ?? 'A former member';
  const byId = new Map(annotations.map((a) => [a.id, a]));
  const shown = entries?.filter((e) => person === '' || e.userId === person) ?? [];
  const all = historyLines(shown);
  const lines = all.slice(0, shownLines);
  const people = [{ value: '', label: 'Everyone' }, ...members.map((m) => ({ value: m.user.id, label: m.user.name }))];
  return (
    <section className="panel activity" aria-labelledby="activity-heading">
      <h3 id="activity-heading">Activity</h3>
      <SelectField label="Person" value={person} choices={people} onChange={setPerson} />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {entries === null && !error && <p className="muted">Loading…</p>}
      {entries !== null && lines.length === 0 && <p className="muted">Nothing recorded yet.</p>}
      {lines.length > 0 && (
        <ol className="activity-lines">
          {lines.map(({ entry, times }) => {
            const target = byId.get(entry.annotationId);
            const kind = target?.kind ?? (typeof entry.details.kind === 'string' ? entry.details.kind : 'annotation');
            return (
              <li key={`${entry.at}-${entry.action}-${entry.userId}-${entry.annotationId}`}>
                {nameOf(entry.userId)} {describeEntry(entry)}
                {times > 1 && ` (×${times})`} · {kind}{' '}
                {target ? (
                  <button type="button" className="link" onClick={() => onOpen(target.id)}>
                    “{shorten(target.text, 60)}”
                  </button>
                ) : (
                  <span className="muted">(no longer in the article)</span>
                )}{' '}
                · <time dateTime={entry.at}>{formatTime(entry.at)}</time>
              </li>
            );
          })}
        </ol>
      )}
      {all.length > lines.length && (
        <button type="button" onClick={() => setShownLines((n) => n + PAGE)}>
          Show older ({all.length - lines.length})
        </button>
      )}
    </section>
  );
}
