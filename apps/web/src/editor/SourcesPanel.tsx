/** The sources panel: the document's library, each source with its capture and the annotations that cite it; add, edit, delete. */
import { may } from '@factmark/collab';
import { useState } from 'react';
import type { DocumentSession } from '../session/document-session.ts';
import type { SourceEntry } from '../session/snapshot.ts';
import { useSnapshot, whole } from '../session/use-snapshot.ts';
import { formatTime, SourceLink } from './fields.tsx';
import { CaptureStatus } from './SourceEvidence.tsx';
import { NewSourceForm } from './SourceForm.tsx';

/** The document's source library: every source, the annotations that use it, and a form to add one. */
export function SourcesPanel({ session }: { session: DocumentSession }) {
  const snap = useSnapshot(session, whole);
  const [adding, setAdding] = useState(false);
  const quoteOf = new Map(snap.annotations.map((a) => [a.id, a.text]));
  const excerptOf = new Map(
    snap.annotations.flatMap((a) => (a.body?.kind === 'citation' && a.body.excerpt ? [[a.id, a.body.excerpt]] : [])),
  );
  const canAct = session.canAnnotate();
  return (
    <section className="panel sources-panel" aria-labelledby="sources-heading">
      <h3 id="sources-heading">
        Sources <span className="count">{snap.sources.length}</span>
      </h3>
      {snap.sources.length === 0 && <p className="muted">No sources yet.</p>}
      <ul className="source-list">
        {snap.sources.map((entry) => (
          <SourceItem
            key={entry.source.id}
            session={session}
            entry={entry}
            quoteOf={quoteOf}
            excerptOf={excerptOf}
            canAct={canAct}
          />
        ))}
      </ul>
      {canAct &&
        (adding ? (
          <NewSourceForm
            onSubmit={(input) => session.run((f) => f.addSource(input))}
            onAdded={() => setAdding(false)}
            onCancel={() => setAdding(false)}
          />
        ) : (
          <button type="button" onClick={() => setAdding(true)}>
            Add source…
          </button>
        ))}
    </section>
  );
}

/** One source of the library: its details, its capture, who uses it, and (for who may annotate) delete. */
function SourceItem(props: {
  session: DocumentSession;
  entry: SourceEntry;
  quoteOf: ReadonlyMap<string, string>;
  excerptOf: ReadonlyMap<string, string>;
  canAct: boolean;
}) {
  const { session, quoteOf, excerptOf, canAct } = props;
  const { source, usedBy, capture } = props.entry;
  return (
    <li className="source-item" data-source={source.id}>
      <SourceLink url={source.url}>{source.title}</SourceLink>
      <CaptureStatus
        session={session}
        sourceId={source.id}
        url={source.url}
        record={capture}
        excerpts={usedBy.flatMap((id) => excerptOf.get(id) ?? [])}
      />
      <p className="muted">
        {[source.publisher, source.author, source.publishedDate && `published ${source.publishedDate}`]
          .filter(Boolean)
          .join(' · ')}
      </p>
      {source.archivedUrl && (
        <p>
          <SourceLink url={source.archivedUrl}>Archived copy</SourceLink>
          {source.accessedDate && <span className="muted"> · accessed {source.accessedDate}</span>}
        </p>
      )}
      {source.notes && <p className="notes">{source.notes}</p>}
      <label className="field-check">
        <input
          type="checkbox"
          checked={source.primary ?? false}
          disabled={!canAct || !may(session.getSnapshot().role, 'change', source.createdBy.id === session.user.id)}
          onChange={(e) => session.run((f) => f.updateSource(source.id, { primary: e.target.checked }))}
        />
        <span>Primary source (the record itself, not a report of it)</span>
      </label>
      <p className="muted">
        Added by {source.createdBy.name} · {formatTime(source.createdAt)}
      </p>
      {usedBy.length === 0 ? (
        <p className="muted">Not used yet.</p>
      ) : (
        <div>
          Used by:
          <ul className="used-by">
            {usedBy.map((id) => (
              <li key={id}>
                <button type="button" className="link" onClick={() => session.setActive(id, true)}>
                  {quoteOf.get(id) ?? 'an annotation whose passage was deleted'}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {canAct && (
        <button
          type="button"
          className="quiet"
          aria-label={`Delete source ${source.title}`}
          onClick={() => session.run((f) => f.deleteSource(source.id))}
        >
          Delete
        </button>
      )}
    </li>
  );
}
