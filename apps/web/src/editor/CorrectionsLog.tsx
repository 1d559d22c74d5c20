/** The corrections log panel: every decided correction, oldest first, with who decided and when. */
import { CATEGORY_LABELS } from '../labels.ts';
import type { DocumentSession } from '../session/document-session.ts';
import { useSnapshot } from '../session/use-snapshot.ts';
import { formatTime } from './fields.tsx';

/** Every decision on a correction, newest first: what the text was, what it became, who decided and when. */
export function CorrectionsLog({ session }: { session: DocumentSession }) {
  const log = useSnapshot(session, (s) => s.log);
  const entries = [...log].reverse();
  return (
    <section className="panel corrections-log" aria-labelledby="log-heading">
      <h3 id="log-heading">
        Corrections log <span className="count">{log.length}</span>
      </h3>
      {entries.length === 0 && <p className="muted">No correction has been accepted or rejected yet.</p>}
      <ol>
        {entries.map((e) => (
          <li key={`${e.correctionId}-${e.decidedAt}`} className={`log-entry log-${e.decision}`}>
            <strong>{e.decision === 'accepted' ? 'Accepted' : 'Rejected'}</strong>{' '}
            <span className="muted">{CATEGORY_LABELS[e.category as keyof typeof CATEGORY_LABELS] ?? e.category}</span>
            <p>
              <del>{e.original}</del> → <ins>{e.proposed || '(deleted)'}</ins>
            </p>
            <p className="muted">
              {e.decidedBy.name} · <time dateTime={e.decidedAt}>{formatTime(e.decidedAt)}</time>
            </p>
          </li>
        ))}
      </ol>
    </section>
  );
}
