/** The form that creates a document: a pasted article (its formatting kept, sanitized) or an uploaded file. */
import { IMPORTABLE_EXTENSIONS, MAX_TITLE_LENGTH } from '@factmark/editor';
import { type FormEvent, useRef, useState } from 'react';
import { createDocumentWithProgress, describeError } from './api.ts';
import { navigate } from './router.ts';

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

/** Where the creation of a document is: its stage, and how far along (0..1) the whole is. */
interface Progress {
  stage: string;
  fraction: number;
}

/** The article in the form's input: the file when one was chosen (read with progress), else the pasted text. */
async function articleOf(
  input: { file: File | null; text: string; html: string | undefined; title: string },
  setProgress: (progress: Progress) => void,
) {
  const { file, text, html, title } = input;
  // Loaded when an article is created: the sanitizer and the Markdown renderer are a tenth of the app's code, which
  // every other page would otherwise load and run as it starts.
  const { articleFromFile, articleFromPaste } = await import('@factmark/editor/article-import').catch(() => {
    throw new Error('The article could not be converted: this page lost its connection. Try again once online.');
  });
  if (!file) {
    setProgress({ stage: 'Converting', fraction: 0.3 });
    await new Promise((r) => setTimeout(r, 0));
    return articleFromPaste({ html, text, title });
  }
  if (file.size > MAX_FILE_BYTES) throw new Error(`"${file.name}" is larger than 5 MB`);
  setProgress({ stage: 'Reading the file', fraction: 0 });
  const content = await readFile(file, (f) => setProgress({ stage: 'Reading the file', fraction: f * 0.3 }));
  setProgress({ stage: 'Converting', fraction: 0.3 });
  // Let the progress bar paint before the (synchronous) conversion.
  await new Promise((r) => setTimeout(r, 0));
  return articleFromFile(file.name, content, title);
}

/** The progress bar of the creation. */
function ImportProgress({ progress }: { progress: Progress }) {
  return (
    <div className="import-progress">
      <label>
        {progress.stage}…{' '}
        <progress max={1} value={progress.fraction} aria-label="Import progress">
          {Math.round(progress.fraction * 100)}%
        </progress>
      </label>
    </div>
  );
}

/** The form that creates a document from pasted text or an uploaded file, with the progress of each stage. */
export function NewDocumentForm() {
  const [title, setTitle] = useState('');
  const [text, setText] = useState('');
  const [html, setHtml] = useState<string | undefined>();
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (!file && text.trim() === '' && !html) {
      setError('Paste the article text or choose a file first.');
      return;
    }
    try {
      const article = await articleOf({ file, text, html, title }, setProgress);
      // Said at once: a fast connection may send the whole body before a progress event, a slow server then works.
      setProgress({ stage: 'Uploading', fraction: 0.3 });
      await new Promise((r) => setTimeout(r, 0));
      const meta = await createDocumentWithProgress(article.toJSON(), (f) =>
        setProgress({ stage: 'Uploading', fraction: 0.3 + f * 0.7 }),
      );
      setProgress({ stage: 'Opening', fraction: 1 });
      navigate(`/d/${meta.id}`);
    } catch (err) {
      setError(describeError(err));
      setProgress(null);
    }
  }

  return (
    <section aria-labelledby="new-heading" className="new-document">
      <h2 id="new-heading">New document</h2>
      <form onSubmit={submit}>
        <label>
          Title <span className="muted">(optional: otherwise the first heading or paragraph)</span>
          <input name="title" value={title} maxLength={MAX_TITLE_LENGTH} onChange={(e) => setTitle(e.target.value)} />
        </label>
        <PastedArticle text={text} onText={setText} html={html} onHtml={setHtml} disabled={file !== null} />
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
        {progress && <ImportProgress progress={progress} />}
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

/** The article pasted or typed: a paste keeps its HTML (sanitized later) until the text is typed in. */
function PastedArticle(props: {
  text: string;
  onText: (text: string) => void;
  html: string | undefined;
  onHtml: (html: string | undefined) => void;
  disabled: boolean;
}) {
  const { text, onText, onHtml, disabled } = props;
  const pasting = useRef(false);
  return (
    <label>
      Article <span className="muted">(paste plain text, or formatted text from a web page)</span>
      <textarea
        name="article"
        rows={10}
        value={text}
        disabled={disabled}
        onChange={(e) => {
          onText(e.target.value);
          // Typing after a paste makes the text the source; the paste's own change keeps its HTML.
          if (!pasting.current) onHtml(undefined);
          pasting.current = false;
        }}
        onPaste={(e) => {
          const pasted = e.clipboardData.getData('text/html');
          pasting.current = true;
          onHtml(text === '' && pasted ? pasted : undefined);
        }}
      />
    </label>
  );
}
