/** The documents page: the documents the person has a role on, with rename, share and delete, and the form that creates one. */
import { MAX_TITLE_LENGTH } from '@factmark/editor';
import { useCallback, useEffect, useState } from 'react';
import { type ApiError, api, type DocumentMeta, describeError } from './api.ts';

import { DocumentProgress } from './DocumentProgress.tsx';
import { ROLE_LABELS } from './labels.ts';
import { NewDocumentForm } from './NewDocumentForm.tsx';
import { navigate } from './router.ts';
import { SharePanel } from './SharePanel.tsx';

/** The documents the signed-in person has a role on, with rename, share and delete, and the form that creates one. */
export function DocumentList({ userId }: { userId: string }) {
  const [documents, setDocuments] = useState<DocumentMeta[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(
    () =>
      api.listDocuments().then(
        (d) => {
          setDocuments(d);
          setError(null);
        },
        (e: unknown) => setError(describeError(e)),
      ),
    [],
  );
  useEffect(() => {
    void reload();
  }, [reload]);

  return (
    <main className="document-list">
      <section aria-labelledby="docs-heading">
        <h1 id="docs-heading">Documents</h1>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        {documents === null && !error && <p>Loading…</p>}
        {documents?.length === 0 && <p>No documents yet. Paste or upload an article below to start a check.</p>}
        <ul className="documents">
          {documents?.map((d) => (
            <DocumentRow key={d.id} meta={d} userId={userId} onChanged={reload} />
          ))}
        </ul>
      </section>
      <NewDocumentForm />
    </main>
  );
}

function DocumentRow({ meta, userId, onChanged }: { meta: DocumentMeta; userId: string; onChanged: () => void }) {
  const [mode, setMode] = useState<'idle' | 'rename' | 'share' | 'delete'>('idle');
  const [error, setError] = useState<string | null>(null);
  const fail = (e: unknown) => setError(describeError(e));
  return (
    <li data-document={meta.id}>
      <div className="document-row">
        <a
          href={`/d/${meta.id}`}
          onClick={(e) => {
            e.preventDefault();
            navigate(`/d/${meta.id}`);
          }}
        >
          {meta.title}
        </a>
        {/* Its own line when the row wraps: no separator left dangling at a line's start. */}
        <span className="muted document-changed">
          {meta.role && <span className="role-badge">{ROLE_LABELS[meta.role]}</span>} Changed{' '}
          {new Date(meta.updatedAt).toLocaleString()}
        </span>
        {meta.progress && <DocumentProgress progress={meta.progress} />}
        <span className="document-actions">
          <button type="button" aria-label={`Rename ${meta.title}`} onClick={() => setMode('rename')}>
            Rename
          </button>
          <button
            type="button"
            aria-label={`Share ${meta.title}`}
            onClick={() => setMode(mode === 'share' ? 'idle' : 'share')}
          >
            Share
          </button>
          <button
            type="button"
            className="danger"
            aria-label={`Delete ${meta.title}`}
            onClick={() => setMode('delete')}
          >
            Delete
          </button>
        </span>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {mode === 'rename' && (
        <RenameForm
          meta={meta}
          onDone={(renamed) => {
            setMode('idle');
            if (renamed) {
              setError(null);
              onChanged();
            }
          }}
          onError={fail}
        />
      )}
      {mode === 'delete' && (
        <DeleteConfirm meta={meta} onDeleted={onChanged} onKeep={() => setMode('idle')} onError={fail} />
      )}
      {mode === 'share' && <SharePanel documentId={meta.id} userId={userId} />}
    </li>
  );
}

/** The form that renames a document (its article's title changes for everyone connected). */
function RenameForm(props: { meta: DocumentMeta; onDone: (renamed: boolean) => void; onError: (e: ApiError) => void }) {
  const { meta, onDone, onError } = props;
  const [title, setTitle] = useState(meta.title);
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        api.renameDocument(meta.id, title).then(() => onDone(true), onError);
      }}
    >
      <label className="field">
        <span className="field-label">New title</span>
        <input value={title} maxLength={MAX_TITLE_LENGTH} required onChange={(e) => setTitle(e.target.value)} />
      </label>
      <button type="submit">Save title</button>
      <button type="button" onClick={() => onDone(false)}>
        Cancel
      </button>
    </form>
  );
}

/** The confirmation before a document is deleted for everyone. */
function DeleteConfirm(props: {
  meta: DocumentMeta;
  onDeleted: () => void;
  onKeep: () => void;
  onError: (e: ApiError) => void;
}) {
  const { meta, onDeleted, onKeep, onError } = props;
  return (
    <div className="confirm-delete" role="alertdialog" aria-labelledby={`delete-${meta.id}`}>
      <p id={`delete-${meta.id}`}>
        Delete “{meta.title}” for everyone? Its annotations and versions go with it. This cannot be undone.
      </p>
      <div className="actions">
        <button type="button" className="danger" onClick={() => api.deleteDocument(meta.id).then(onDeleted, onError)}>
          Delete for everyone
        </button>
        <button type="button" onClick={onKeep}>
          Keep it
        </button>
      </div>
    </div>
  );
}
