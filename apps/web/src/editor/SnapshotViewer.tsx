/**
 * The snapshot viewer: what the server captured of a source, as text (no
 * remote content is loaded), each cited excerpt highlighted, with the capture
 * time and hash, the live link and the archived copies. Read-only for everyone.
 */
import { verifyExcerpt } from '@factmark/anchoring';
import type { CaptureRecord } from '@factmark/collab';
import { type ReactNode, useMemo } from 'react';
import type { DocumentSession } from '../session/document-session.ts';
import { formatTime, SourceLink } from './fields.tsx';
import { useModalDialog } from './use-modal-dialog.ts';
import { useSnapshotText } from './use-snapshot-text.ts';

/** `text` with the places the excerpts were found marked, in order (overlaps merged). */
function highlighted(text: string, excerpts: readonly string[]): ReactNode[] {
  const ranges = excerpts
    .flatMap((excerpt) => {
      const found = excerpt.trim() ? verifyExcerpt(text, excerpt) : null;
      return found && found.verdict !== 'not_found' ? [[found.start, found.end] as const] : [];
    })
    .sort((a, b) => a[0] - b[0]);
  const out: ReactNode[] = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (end <= at) continue;
    const from = Math.max(start, at);
    if (from > at) out.push(text.slice(at, from));
    out.push(<mark key={from}>{text.slice(from, end)}</mark>);
    at = end;
  }
  out.push(text.slice(at));
  return out;
}

/** The captured text of a source in a modal dialog. */
export function SnapshotViewer(props: {
  session: DocumentSession;
  url: string;
  record: CaptureRecord;
  excerpts: readonly string[];
  onClose: () => void;
}) {
  const { session, url, record, excerpts, onClose } = props;
  const ref = useModalDialog(true);
  const capture = record.capture;
  const loaded = useSnapshotText(session, capture?.hash ?? null);
  const text = loaded?.text?.text;
  const body = useMemo(() => (text === undefined ? null : highlighted(text, excerpts)), [text, excerpts]);
  if (!capture) return null;
  return (
    <dialog ref={ref} className="snapshot-viewer" aria-labelledby="snapshot-heading" onClose={onClose}>
      <h2 id="snapshot-heading">{capture.title || 'Captured page'}</h2>
      <dl className="snapshot-meta">
        <dt>Captured</dt>
        <dd>{formatTime(capture.fetchedAt)}</dd>
        <dt>From</dt>
        <dd>
          <SourceLink url={url}>{url}</SourceLink>
          {capture.finalUrl !== url && <span className="muted"> → {capture.finalUrl}</span>}
        </dd>
        {capture.byline && (
          <>
            <dt>By</dt>
            <dd>{capture.byline}</dd>
          </>
        )}
        {capture.published && (
          <>
            <dt>Published</dt>
            <dd>{capture.published}</dd>
          </>
        )}
        <dt>SHA-256</dt>
        <dd>
          <code className="hash">{capture.hash}</code>
        </dd>
        {record.archives.map((copy) => (
          <div key={copy.url}>
            <dt>Archived</dt>
            <dd>
              <SourceLink url={copy.url}>{copy.provider}</SourceLink> {formatTime(copy.archivedAt)}
            </dd>
          </div>
        ))}
      </dl>
      {loaded?.error && (
        <p className="error" role="alert">
          The capture could not be loaded: {loaded.error}
        </p>
      )}
      {body === null && !loaded?.error && <p className="muted">Loading the captured text…</p>}
      {body !== null && (
        <section className="snapshot-text" aria-label="Captured text">
          {body}
        </section>
      )}
      <form method="dialog">
        <button type="submit">Close</button>
      </form>
    </dialog>
  );
}
