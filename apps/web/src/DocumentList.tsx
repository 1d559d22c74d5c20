import { type FormEvent, useEffect, useRef, useState } from 'react';
import { type ApiError, createDocument, type DocumentMeta, listDocuments } from './api.ts';
import { articleFromPaste } from './paste.ts';
import { navigate } from './router.ts';

/** The list of documents and the form that creates one from pasted text or HTML. */
export function DocumentList() {
  const [documents, setDocuments] = useState<DocumentMeta[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    listDocuments().then(setDocuments, (e: ApiError) => setError(e.message));
  }, []);

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
        {documents?.length === 0 && <p>No documents yet. Paste an article below to start a check.</p>}
        <ul className="documents">
          {documents?.map((d) => (
            <li key={d.id}>
              <a
                href={`/d/${d.id}`}
                onClick={(e) => {
                  e.preventDefault();
                  navigate(`/d/${d.id}`);
                }}
              >
                {d.title}
              </a>
              <span className="muted"> · changed {new Date(d.updatedAt).toLocaleString()}</span>
            </li>
          ))}
        </ul>
      </section>
      <NewDocumentForm />
    </main>
  );
}

function NewDocumentForm() {
  const [title, setTitle] = useState('');
  const [text, setText] = useState('');
  const [html, setHtml] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const pasting = useRef(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (text.trim() === '' && !html) {
      setError('Paste the article text first.');
      return;
    }
    setBusy(true);
    try {
      const article = articleFromPaste({ html, text, title });
      const meta = await createDocument(article.toJSON());
      navigate(`/d/${meta.id}`);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
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
        {html && (
          <p className="muted">
            Formatting from the pasted HTML is kept; scripts, styles and unsafe links are removed.
          </p>
        )}
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create document'}
        </button>
      </form>
    </section>
  );
}
