/**
 * Source evidence, as the server recorded it: a source's capture (capturing,
 * captured with its time and hash, or why not), its health since, its
 * archived copies and a re-check; a citation's excerpt verified against the
 * captured text with the passage around it; and the snapshot viewer.
 * Everything here is read from the Y.Doc's capture records and the snapshot
 * route; nothing here changes a record.
 */
import { type ExcerptVerification, passageChange, verifyExcerpt } from '@factmark/anchoring';
import type { CaptureRecord, LinkHealth } from '@factmark/collab';
import { useMemo, useState } from 'react';
import { api, describeError } from '../api.ts';
import type { DocumentSession } from '../session/document-session.ts';
import { formatTime, SourceLink } from './fields.tsx';
import { SnapshotViewer } from './SnapshotViewer.tsx';
import { useSnapshotText } from './use-snapshot-text.ts';

const HEALTH_WORDS: Record<LinkHealth, string> = {
  unchanged: 'Unchanged since capture',
  changed: 'Changed since capture',
  moved: 'Moved since capture',
  gone: 'Gone since capture',
};

/** A source's capture, health and archives, with the viewer and (for who may annotate) a re-check. */
export function CaptureStatus(props: {
  session: DocumentSession;
  sourceId: string;
  url: string;
  record: CaptureRecord | null;
  /** Excerpts cited from this source, highlighted in the viewer. */
  excerpts: readonly string[];
}) {
  const { session, sourceId, url, record } = props;
  const [viewing, setViewing] = useState(false);
  const [problem, setProblem] = useState('');
  if (!record) return null;
  if (record.state === 'capturing')
    return (
      <p className="capture capture-pending" role="status">
        Capturing the page… {record.error && <span className="muted">{record.error}</span>}
      </p>
    );
  if (record.state === 'failed' || !record.capture)
    return <p className="capture capture-failed">Not captured: {record.error || 'the page could not be read.'}</p>;
  const { capture, check } = record;
  const recheck = () => {
    setProblem('');
    api.recheckSource(session.documentId, sourceId).catch((error: unknown) => setProblem(describeError(error)));
  };
  return (
    <div className="capture capture-done">
      <p>
        Captured {formatTime(capture.fetchedAt)} ·{' '}
        <code className="hash" title={`SHA-256 ${capture.hash}`}>
          sha256 {capture.hash.slice(0, 12)}…
        </code>{' '}
        <button type="button" className="link" onClick={() => setViewing(true)}>
          View capture
        </button>
      </p>
      {record.checking ? (
        <p className="health" role="status">
          Checking the page again…
        </p>
      ) : (
        check && (
          <p className={`health health-${check.health}`}>
            <strong>{HEALTH_WORDS[check.health]}</strong> · checked {formatTime(check.checkedAt)}
            {check.health !== 'unchanged' && <span className="muted"> · {check.detail}</span>}
          </p>
        )
      )}
      {record.archives.map((copy) => (
        <p key={copy.url} className="archive">
          <SourceLink url={copy.url}>Archived by {copy.provider}</SourceLink>{' '}
          <span className="muted">{formatTime(copy.archivedAt)}</span>
        </p>
      ))}
      {session.canAnnotate() && !record.checking && (
        <button type="button" className="quiet" onClick={recheck}>
          Check the page again
        </button>
      )}
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      {viewing && (
        <SnapshotViewer
          session={session}
          url={url}
          record={record}
          excerpts={props.excerpts}
          onClose={() => setViewing(false)}
        />
      )}
    </div>
  );
}

/** The passage an excerpt was found in: the words around it, the passage itself marked. */
function Passage({ found }: { found: Exclude<ExcerptVerification, { verdict: 'not_found' }> }) {
  return (
    <blockquote className="passage">
      …{found.before.slice(-100)}
      <mark>{found.passage}</mark>
      {found.after.slice(0, 100)}…
    </blockquote>
  );
}

/** The verdict of an excerpt against the captured text, in words. */
function Verdict({ result }: { result: ExcerptVerification }) {
  if (result.verdict === 'not_found')
    return <p className="excerpt-verdict verdict-not-found">✗ The excerpt is not found in the captured page.</p>;
  if (result.verdict === 'found')
    return (
      <div>
        <p className="excerpt-verdict verdict-found">✓ The excerpt is found in the captured page.</p>
        <Passage found={result} />
      </div>
    );
  return (
    <div>
      <p className="excerpt-verdict verdict-approximate">
        ≈ The excerpt is found approximately ({Math.round(result.similarity * 100)}% similar).
      </p>
      <ul className="differences">
        {result.differences.map((d) => (
          <li key={`${d.excerpt}|${d.source}`}>
            The excerpt says “{d.excerpt || '—'}”, the page “{d.source || '—'}”
          </li>
        ))}
      </ul>
      <Passage found={result} />
    </div>
  );
}

/** How the passage around the excerpt reads now, word by word against the capture. */
function PassageNow({ captured, latest, excerpt }: { captured: string; latest: string; excerpt: string }) {
  const change = useMemo(() => passageChange(captured, latest, excerpt), [captured, latest, excerpt]);
  if (!change) return null;
  if (change.now === null)
    return <p className="passage-now">The passage around the excerpt is no longer on the page.</p>;
  return (
    <div className="passage-now">
      <p>The passage on the page now:</p>
      <blockquote className="word-diff">
        {change.parts.map((part, i) =>
          part.kind === 'same' ? (
            // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one diff, in order, never reordered
            <span key={i}>{part.text} </span>
          ) : part.kind === 'removed' ? (
            // biome-ignore lint/suspicious/noArrayIndexKey: as above
            <del key={i}>{part.text} </del>
          ) : (
            // biome-ignore lint/suspicious/noArrayIndexKey: as above
            <ins key={i}>{part.text} </ins>
          ),
        )}
      </blockquote>
    </div>
  );
}

/** A citation's excerpt checked against its source as captured, and against the page now when it changed. */
export function ExcerptEvidence(props: { session: DocumentSession; excerpt: string; record: CaptureRecord | null }) {
  const { session, excerpt, record } = props;
  const captured = useSnapshotText(session, record?.state === 'captured' ? (record.capture?.hash ?? null) : null);
  const changed = record?.check?.health === 'changed' ? (record.check.latest?.hash ?? null) : null;
  const latest = useSnapshotText(session, changed);
  const text = captured?.text?.text;
  const result = useMemo(() => (text === undefined ? null : verifyExcerpt(text, excerpt)), [text, excerpt]);
  if (!record || record.state !== 'captured' || excerpt.trim() === '') return null;
  if (captured?.error) return <p className="error">The capture could not be loaded: {captured.error}</p>;
  if (!result || text === undefined) return <p className="muted">Checking the excerpt against the capture…</p>;
  return (
    <div className="excerpt-evidence">
      <Verdict result={result} />
      {latest?.text && <PassageNow captured={text} latest={latest.text.text} excerpt={excerpt} />}
    </div>
  );
}
