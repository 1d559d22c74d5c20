import type { Role } from '@factmark/collab';
import { ROLES } from '@factmark/collab';
import { articleFromFile, articleFromPaste, IMPORTABLE_EXTENSIONS } from '@factmark/editor';
import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import {
  type ApiError,
  createDocumentWithProgress,
  type DocumentMeta,
  deleteDocument,
  listDocuments,
  listMembers,
  type Member,
  removeMember,
  renameDocument,
  shareDocument,
} from './api.ts';

import { navigate } from './router.ts';

const ROLE_NAMES: Record<Role, string> = {
  owner: 'Owner',
  editor: 'Editor',
  commenter: 'Commenter',
  viewer: 'Viewer',
};

/** The documents the signed-in person has a role on, with rename, share and delete, and the form that creates one. */
export function DocumentList({ userId }: { userId: string }) {
  const [documents, setDocuments] = useState<DocumentMeta[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(
    () =>
      listDocuments().then(
        (d) => {
          setDocuments(d);
          setError(null);
        },
        (e: ApiError) => setError(e.message),
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
  const [title, setTitle] = useState(meta.title);
  const [error, setError] = useState<string | null>(null);
  const fail = (e: ApiError) => setError(e.message);
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
        <span className="muted"> · changed {new Date(meta.updatedAt).toLocaleString()}</span>
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
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            renameDocument(meta.id, title).then(() => {
              setMode('idle');
              setError(null);
              onChanged();
            }, fail);
          }}
        >
          <label className="field">
            <span className="field-label">New title</span>
            <input value={title} maxLength={300} required onChange={(e) => setTitle(e.target.value)} />
          </label>
          <button type="submit">Save title</button>
          <button type="button" onClick={() => setMode('idle')}>
            Cancel
          </button>
        </form>
      )}
      {mode === 'delete' && (
        <div className="confirm-delete" role="alertdialog" aria-labelledby={`delete-${meta.id}`}>
          <p id={`delete-${meta.id}`}>
            Delete “{meta.title}” for everyone? Its annotations and versions go with it. This cannot be undone.
          </p>
          <div className="actions">
            <button type="button" className="danger" onClick={() => deleteDocument(meta.id).then(onChanged, fail)}>
              Delete for everyone
            </button>
            <button type="button" onClick={() => setMode('idle')}>
              Keep it
            </button>
          </div>
        </div>
      )}
      {mode === 'share' && <SharePanel documentId={meta.id} userId={userId} />}
    </li>
  );
}

function SharePanel({ documentId, userId }: { documentId: string; userId: string }) {
  const [members, setMembers] = useState<Member[] | null>(null);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('editor');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    listMembers(documentId).then(setMembers, (e: ApiError) => setError(e.message));
  }, [documentId]);
  const done = () => {
    setError(null);
    return listMembers(documentId).then(setMembers);
  };
  return (
    <section className="share-panel" aria-label="Share">
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <ul className="members">
        {members?.map((m) => (
          <li key={m.user.id}>
            {m.user.name} <span className="muted">{m.user.email}</span> · {ROLE_NAMES[m.role]}
            {m.user.id !== userId && (
              <button
                type="button"
                className="quiet"
                aria-label={`Remove ${m.user.name}`}
                onClick={() =>
                  removeMember(documentId, m.user.id).then(setMembers, (e: ApiError) => setError(e.message))
                }
              >
                Remove
              </button>
            )}
          </li>
        ))}
      </ul>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          shareDocument(documentId, email, role).then(
            () => {
              setEmail('');
              return done();
            },
            (e: ApiError) => setError(e.message),
          );
        }}
      >
        <label className="field">
          <span className="field-label">Email</span>
          <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label className="field">
          <span className="field-label">Role</span>
          <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_NAMES[r]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Share</button>
      </form>
    </section>
  );
}

/** Read a file as text, reporting progress (0..1) while it is read. */
function readFile(file: File, onProgress: (fraction: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(new Error(`"${file.name}" could not be read`));
    reader.readAsText(file);
  });
}

/** Max size of an imported file (the server refuses larger documents anyway). */
const MAX_FILE_BYTES = 5 * 1024 * 1024;

function NewDocumentForm() {
  const [title, setTitle] = useState('');
  const [text, setText] = useState('');
  const [html, setHtml] = useState<string | undefined>();
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<{ stage: string; fraction: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const pasting = useRef(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (!file && text.trim() === '' && !html) {
      setError('Paste the article text or choose a file first.');
      return;
    }
    try {
      let article: ReturnType<typeof articleFromPaste>;
      if (file) {
        if (file.size > MAX_FILE_BYTES) throw new Error(`"${file.name}" is larger than 5 MB`);
        setProgress({ stage: 'Reading the file', fraction: 0 });
        const content = await readFile(file, (f) => setProgress({ stage: 'Reading the file', fraction: f * 0.3 }));
        setProgress({ stage: 'Converting', fraction: 0.3 });
        // Let the progress bar paint before the (synchronous) conversion.
        await new Promise((r) => setTimeout(r, 0));
        article = articleFromFile(file.name, content, title);
      } else {
        setProgress({ stage: 'Converting', fraction: 0.3 });
        await new Promise((r) => setTimeout(r, 0));
        article = articleFromPaste({ html, text, title });
      }
      const meta = await createDocumentWithProgress(article.toJSON(), (f) =>
        setProgress({ stage: 'Uploading', fraction: 0.3 + f * 0.7 }),
      );
      setProgress({ stage: 'Opening', fraction: 1 });
      navigate(`/d/${meta.id}`);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setProgress(null);
    }
  }

  return (
    <section aria-labelledby="new-heading" className="new-document">
      <h2 id="new-heading">New document</h2>
      <form onSubmit={submit}>
        <label>
          Title <span className="muted">(optional: otherwise the first heading or paragraph)</span>
          <input name="title" value={title} maxLength={300} onChange={(e) => setTitle(e.target.value)} />
        </label>
        <label>
          Article <span className="muted">(paste plain text, or formatted text from a web page)</span>
          <textarea
            name="article"
            rows={10}
            value={text}
            disabled={file !== null}
            onChange={(e) => {
              setText(e.target.value);
              // Typing after a paste makes the text the source; the paste's own change keeps its HTML.
              if (!pasting.current) setHtml(undefined);
              pasting.current = false;
            }}
            onPaste={(e) => {
              const pasted = e.clipboardData.getData('text/html');
              pasting.current = true;
              setHtml(text === '' && pasted ? pasted : undefined);
            }}
          />
        </label>
        <label>
          Or upload a file <span className="muted">(.html, .txt or .md)</span>
          <input
            type="file"
            name="file"
            accept={IMPORTABLE_EXTENSIONS.join(',')}
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </label>
        {html && !file && (
          <p className="muted">
            Formatting from the pasted HTML is kept; scripts, styles and unsafe links are removed.
          </p>
        )}
        {progress && (
          <div className="import-progress">
            <label>
              {progress.stage}…{' '}
              <progress max={1} value={progress.fraction} aria-label="Import progress">
                {Math.round(progress.fraction * 100)}%
              </progress>
            </label>
          </div>
        )}
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={progress !== null}>
          {progress ? 'Creating…' : 'Create document'}
        </button>
      </form>
    </section>
  );
}
