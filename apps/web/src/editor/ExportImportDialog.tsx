/**
 * Export and import in the app: the document as W3C annotations, ClaimReview and the Fact Check Tools markup,
 * the corrected article or the report (PDF, HTML, Markdown), downloaded as a file; W3C and Hypothesis annotation files brought in, with
 * progress and the import's report in words.
 */
import { ApiError, type ImportReport } from '@factmark/api';
import { may, readTitle } from '@factmark/collab';
import { useEffect, useState } from 'react';
import { api, describeError } from '../api.ts';
import { navigate } from '../router.ts';
import { cardElementId, type DocumentSession } from '../session/document-session.ts';
import { useSnapshot } from '../session/use-snapshot.ts';
import { PublicationDetails, PublishCheck, ReviewRuleSetting } from './PublishingSection.tsx';
import { useModalDialog } from './use-modal-dialog.ts';

/** Every export the app offers: the route's format, what a person calls it, the file it becomes. */
export const EXPORTS = [
  { format: 'report-pdf', label: 'Fact-check report (PDF)', ext: 'report.pdf', type: 'application/pdf' },
  { format: 'report-html', label: 'Fact-check report (HTML)', ext: 'report.html', type: 'text/html;charset=utf-8' },
  { format: 'report-md', label: 'Fact-check report (Markdown)', ext: 'report.md', type: 'text/markdown;charset=utf-8' },
  { format: 'corrected-pdf', label: 'Corrected article (PDF)', ext: 'corrected.pdf', type: 'application/pdf' },
  {
    format: 'corrected-html',
    label: 'Corrected article (HTML)',
    ext: 'corrected.html',
    type: 'text/html;charset=utf-8',
  },
  {
    format: 'corrected-md',
    label: 'Corrected article (Markdown)',
    ext: 'corrected.md',
    type: 'text/markdown;charset=utf-8',
  },
  { format: 'claimreview', label: 'ClaimReview (JSON-LD)', ext: 'claimreview.json', type: 'application/ld+json' },
  {
    format: 'claimreview-markup',
    label: 'Fact Check Tools markup (JSON)',
    ext: 'factcheck-markup.json',
    type: 'application/json',
  },
  { format: 'w3c', label: 'W3C Web Annotations (JSON-LD)', ext: 'annotations.jsonld', type: 'application/ld+json' },
] as const;

/** The ClaimReview export, offered again (forced) when the check is not ready. */
const CLAIMREVIEW = EXPORTS.find((e) => e.format === 'claimreview') as (typeof EXPORTS)[number];

/** A file name from the document's title: letters, digits and dashes. */
function fileName(title: string, ext: string): string {
  const base = title
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .slice(0, 60)
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
  return `${base || 'document'}.${ext}`;
}

/** Hand `bytes` to the browser as a download. */
function download(bytes: Uint8Array, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Which annotation format a parsed file is: a W3C collection or annotation, or Hypothesis's export. */
export function detectFormat(data: unknown): 'w3c' | 'hypothesis' | null {
  const first = Array.isArray(data) ? data[0] : data;
  if (!first || typeof first !== 'object') return null;
  const o = first as Record<string, unknown>;
  if (o.type === 'AnnotationCollection' || o.type === 'Annotation' || '@context' in o) return 'w3c';
  if ('uri' in o || 'user' in o || 'document' in o) return 'hypothesis';
  return null;
}

/** An import's report, in words. */
function ReportView({ report }: { report: ImportReport }) {
  const n = (xs: unknown[]) => xs.length;
  return (
    <section aria-label="Import report" className="import-report">
      <p>
        Anchored exactly: {n(report.exact)} · approximately: {n(report.approximate)} · ambiguous: {n(report.ambiguous)}{' '}
        · orphaned: {n(report.orphaned)} · skipped: {n(report.skipped)} · replies: {report.replies}
      </p>
      {report.ambiguous.length > 0 && (
        <ul aria-label="Ambiguous: kept without a place, re-attach by hand">
          {report.ambiguous.map((a) => (
            <li key={a.id}>
              “{a.quote}”: {a.reason} ({a.candidates.map((c) => c.text).join('; ')})
            </li>
          ))}
        </ul>
      )}
      {report.orphaned.length > 0 && (
        <ul>
          {report.orphaned.map((o) => (
            <li key={o.id}>
              “{o.quote}”: {o.reason}
            </li>
          ))}
        </ul>
      )}
      {report.skipped.length > 0 && (
        <ul>
          {report.skipped.map((s) => (
            <li key={s.sourceId}>Not kept: {s.reason}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The exports, each a button that downloads it; ClaimReview's missing pieces listed in words when not ready. */
function ExportSection({
  documentId,
  title,
  onError,
}: {
  documentId: string;
  title: string;
  onError: (e: string | null) => void;
}) {
  const [problems, setProblems] = useState<string[] | null>(null);
  const exportAs = async (entry: (typeof EXPORTS)[number], force = false) => {
    onError(null);
    setProblems(null);
    try {
      const bytes = await api.export(documentId, { format: entry.format, ...(force ? { force: '1' } : {}) });
      download(bytes, fileName(title, entry.ext), entry.type);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'not_ready') setProblems(e.problems);
      else onError(describeError(e));
    }
  };
  return (
    <>
      <h3>Export</h3>
      <ul className="export-list">
        {EXPORTS.map((entry) => (
          <li key={entry.format}>
            <button type="button" onClick={() => void exportAs(entry)}>
              {entry.label}
            </button>
          </li>
        ))}
      </ul>
      {problems && (
        <div role="alert" className="notice">
          <p>The check is not ready to publish:</p>
          <ul>
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
          <button type="button" onClick={() => void exportAs(CLAIMREVIEW, true)}>
            Export the claims that are ready anyway
          </button>
        </div>
      )}
    </>
  );
}

/** Import an annotation file: read, recognised (W3C or Hypothesis), anchored by the server; its report shown. */
function ImportSection({ documentId, onError }: { documentId: string; onError: (e: string | null) => void }) {
  const [status, setStatus] = useState<string | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const importFile = async (file: File) => {
    onError(null);
    setReport(null);
    try {
      setStatus(`Reading ${file.name}…`);
      let data: unknown;
      try {
        data = JSON.parse(await file.text());
      } catch {
        throw new Error(`${file.name} is not a JSON file: export the annotations as W3C or from Hypothesis.`);
      }
      const format = detectFormat(data);
      if (!format) throw new Error(`${file.name} holds neither W3C Web Annotations nor a Hypothesis export.`);
      setStatus(`Anchoring the annotations of ${file.name}…`);
      setReport(await api.importAnnotations(documentId, format, data));
      setStatus(`Imported ${file.name}.`);
    } catch (e) {
      setStatus(null);
      onError(describeError(e));
    }
  };
  return (
    <>
      <h3>Import annotations</h3>
      <label className="field">
        <span className="field-label">W3C Web Annotations or a Hypothesis export (.json)</span>
        <input
          type="file"
          accept=".json,.jsonld,application/json,application/ld+json"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void importFile(file);
            e.target.value = '';
          }}
        />
      </label>
      {status && (
        <p className="muted" aria-live="polite">
          {status}
        </p>
      )}
      {report && <ReportView report={report} />}
    </>
  );
}

/** What the dialog is given: whether it is open, what closes it, the document's session. */
interface DialogProps {
  open: boolean;
  onClose: () => void;
  session: DocumentSession;
}

/**
 * The dialog, made the first time it opens and kept after (an import's report stays while it is closed): made with
 * the page, its sections' form controls (a file field, a date field) cost the document's first draw tens of
 * milliseconds (issue 18).
 */
export function ExportImportDialog(props: DialogProps) {
  const [made, setMade] = useState(false);
  useEffect(() => {
    if (props.open) setMade(true);
  }, [props.open]);
  return made || props.open ? <ExportDialogElement {...props} /> : null;
}

/**
 * The dialog element: the publish check (each problem with a way to its card), the exports, the publication details
 * and the second-reviewer rule, (for editors and owners) importing, and (for owners) the way to the document's
 * webhooks.
 */
function ExportDialogElement(props: DialogProps) {
  const { open, onClose, session } = props;
  const { documentId } = session;
  const role = useSnapshot(session, (s) => s.role);
  const title = readTitle(session.doc);
  const ref = useModalDialog(open);
  const [error, setError] = useState<string | null>(null);
  const show = (id: string) => {
    ref.current?.close();
    session.setActive(id, true);
    requestAnimationFrame(() => document.getElementById(cardElementId(id))?.focus());
  };
  return (
    <dialog ref={ref} className="export-dialog" aria-labelledby="export-heading" onClose={onClose}>
      <h2 id="export-heading">Publish, export and import</h2>
      {open && <PublishCheck documentId={documentId} onShow={show} />}
      <ExportSection documentId={documentId} title={title} onError={setError} />
      <PublicationDetails session={session} />
      <ReviewRuleSetting session={session} />
      {may(role, 'import') && <ImportSection documentId={documentId} onError={setError} />}
      {may(role, 'integrate') && (
        <>
          <h3>Tell other systems</h3>
          <p>
            A webhook tells a CMS, a tipline or a data desk when a claim is published, a verdict changes or a correction
            is decided.{' '}
            <a
              href={`/d/${documentId}/webhooks`}
              onClick={(e) => {
                e.preventDefault();
                ref.current?.close();
                navigate(`/d/${documentId}/webhooks`);
              }}
            >
              Webhooks of this document
            </a>
          </p>
        </>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <form method="dialog">
        <button type="submit">Close</button>
      </form>
    </dialog>
  );
}
