/** The corrections log panel: every decided correction, oldest first, with who decided and when. */
import type { CorrectionBody } from '@factmark/collab';
import { CATEGORY_LABELS } from '../labels.ts';
import type { DocumentSession } from '../session/document-session.ts';
import { useSnapshot } from '../session/use-snapshot.ts';
import { formatTime } from './fields.tsx';

/**
 * Every decision on a correction, newest first: what the text was, what it
 * became, who proposed it and why (from the correction, while it is in the
 * document), who decided and when.
 */
export function CorrectionsLog({ session }: { session: DocumentSession }) {
  const log = useSnapshot(session, (s) => s.log);
  const annotations = useSnapshot(session, (s) => s.annotations);
  const proposals = new Map<string, CorrectionBody>();
  for (const a of annotations) if (a.body?.kind === 'correction') proposals.set(a.id, a.body);
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
            <Proposal body={proposals.get(e.correctionId)} />
            <p className="muted">
              {e.decision === 'accepted' ? 'Accepted' : 'Rejected'} by {e.decidedBy.name} ·{' '}
              <time dateTime={e.decidedAt}>{formatTime(e.decidedAt)}</time>
            </p>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** Who proposed the correction and why, when the correction is still in the document. */
function Proposal({ body }: { body: CorrectionBody | undefined }) {
  if (!body) return null;
  return (
    <p className="log-proposal">
      Proposed by {body.author.name}
      {body.rationale.trim() !== '' && <>: “{body.rationale.trim()}”</>}
    </p>
  );
}
