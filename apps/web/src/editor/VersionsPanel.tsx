import { articleFromJSON } from '@factmark/editor';
import { useCallback, useEffect, useState } from 'react';
import { type ApiError, listVersions, openVersion, restoreVersion, takeVersion, type VersionMeta } from '../api.ts';
import type { DocumentSession } from '../session/document-session.ts';
import { formatTime } from './fields.tsx';

/** Named versions of the document: take one, read one, restore one (as a new change everyone receives). */
export function VersionsPanel({ session }: { session: DocumentSession }) {
  const [versions, setVersions] = useState<VersionMeta[] | null>(null);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [viewing, setViewing] = useState<{ version: VersionMeta; paragraphs: string[] } | null>(null);
  const [confirm, setConfirm] = useState<string | null>(null);
  const canChange = session.canEditText();
  const id = session.documentId;
  const reload = useCallback(() => listVersions(id).then(setVersions, (e: ApiError) => setError(e.message)), [id]);
  useEffect(() => {
    void reload();
  }, [reload]);
  const act = (p: Promise<unknown>) =>
    p.then(
      () => {
        setError(null);
        return reload();
      },
      (e: ApiError) => setError(e.message),
    );
  return (
    <section className="panel versions-panel" aria-labelledby="versions-heading">
      <h3 id="versions-heading">Versions</h3>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {canChange && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim() === '') return;
            void act(takeVersion(id, name.trim())).then(() => setName(''));
          }}
        >
          <label className="field">
            <span className="field-label">Version name</span>
            <input
              value={name}
              maxLength={200}
              onChange={(e) => setName(e.target.value)}
              placeholder="Before the edit"
            />
          </label>
          <button type="submit" disabled={name.trim() === ''}>
            Take version
          </button>
        </form>
      )}
      {versions?.length === 0 && <p className="muted">No versions yet.</p>}
      <ul className="version-list">
        {versions?.map((v) => (
          <li key={v.id} data-version={v.id}>
            <strong>{v.name}</strong> <span className="muted">{formatTime(v.createdAt)}</span>
            <span className="actions">
              <button
                type="button"
                onClick={() =>
                  openVersion(id, v.id).then(
                    ({ version, article }) => {
                      const doc = articleFromJSON(article);
                      const paragraphs: string[] = [];
                      doc.forEach((block) => {
                        paragraphs.push(block.textContent);
                      });
                      setViewing({ version, paragraphs });
                    },
                    (e: ApiError) => setError(e.message),
                  )
                }
              >
                View
              </button>
              {canChange &&
                (confirm === v.id ? (
                  <>
                    <button
                      type="button"
                      className="danger"
                      onClick={() => {
                        setConfirm(null);
                        void act(restoreVersion(id, v.id));
                      }}
                    >
                      Restore now
                    </button>
                    <button type="button" onClick={() => setConfirm(null)}>
                      Cancel
                    </button>
                  </>
                ) : (
                  <button type="button" onClick={() => setConfirm(v.id)}>
                    Restore…
                  </button>
                ))}
            </span>
          </li>
        ))}
      </ul>
      {viewing && (
        <article className="version-view" aria-label={`Version ${viewing.version.name}`}>
          <header>
            <strong>{viewing.version.name}</strong>{' '}
            <button type="button" onClick={() => setViewing(null)}>
              Close
            </button>
          </header>
          {viewing.paragraphs.map((p, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a read-only rendering of fixed paragraphs
            <p key={i}>{p}</p>
          ))}
        </article>
      )}
    </section>
  );
}
