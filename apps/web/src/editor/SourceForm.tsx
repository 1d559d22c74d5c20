/** The source form: its fields, each checked against the source schema with the problem shown on the field. */
import { isHttpUrl, NO_SOURCE_DETAILS, SOURCE_LIMITS, type SourceInput, sourceSchema } from '@factmark/collab';
import { useState } from 'react';
import { domainOf } from './workspace-model.ts';

const EMPTY: Required<SourceInput> = { url: '', title: '', primary: false, ...NO_SOURCE_DETAILS };

/** What the schema the server checks with says of one field's value, in words, or null when it is fine. */
export function fieldProblem(field: 'url' | 'archivedUrl' | 'title', value: string): string | null {
  const parsed = sourceSchema.unwrap().shape[field].safeParse(value);
  if (parsed.success) return null;
  return field === 'title'
    ? (parsed.error.issues[0]?.message ?? 'Not accepted')
    : 'Only http:// and https:// links are accepted.';
}

/** True when every field of `value` passes the schema the server checks with. */
export function sourceFieldsValid(value: Required<SourceInput>): boolean {
  return (
    fieldProblem('url', value.url) === null &&
    fieldProblem('title', value.title) === null &&
    (value.archivedUrl === '' || fieldProblem('archivedUrl', value.archivedUrl) === null)
  );
}

/**
 * The fields of a source, checked as they are typed with the same schema the
 * server checks the source with (only http and https links, a title); the
 * URL's domain is shown so people see where it points.
 */
export function SourceFields(props: {
  value: Required<SourceInput>;
  onChange: (value: Required<SourceInput>) => void;
}) {
  const { value, onChange } = props;
  const set = (key: keyof SourceInput) => (e: { target: { value: string } }) =>
    onChange({ ...value, [key]: e.target.value });
  const urlProblem = value.url === '' ? null : fieldProblem('url', value.url);
  const archiveProblem = value.archivedUrl === '' ? null : fieldProblem('archivedUrl', value.archivedUrl);
  return (
    <div className="source-fields">
      <label className="field">
        <span className="field-label">URL</span>
        <input
          type="url"
          required
          value={value.url}
          onChange={set('url')}
          placeholder="https://"
          aria-invalid={urlProblem ? true : undefined}
        />
        {isHttpUrl(value.url) && <span className="domain">Domain: {domainOf(value.url)}</span>}
        {urlProblem && <span className="field-error">{urlProblem}</span>}
      </label>
      <label className="field">
        <span className="field-label">Title</span>
        <input required value={value.title} maxLength={SOURCE_LIMITS.title} onChange={set('title')} />
      </label>
      <div className="field-row">
        <label className="field">
          <span className="field-label">Publisher</span>
          <input value={value.publisher} maxLength={SOURCE_LIMITS.publisher} onChange={set('publisher')} />
        </label>
        <label className="field">
          <span className="field-label">Author</span>
          <input value={value.author} maxLength={SOURCE_LIMITS.author} onChange={set('author')} />
        </label>
      </div>
      <div className="field-row">
        <label className="field">
          <span className="field-label">Published</span>
          <input type="date" value={value.publishedDate} onChange={set('publishedDate')} />
        </label>
        <label className="field">
          <span className="field-label">Accessed</span>
          <input type="date" value={value.accessedDate} onChange={set('accessedDate')} />
        </label>
      </div>
      <label className="field">
        <span className="field-label">Archived copy URL</span>
        <input
          type="url"
          value={value.archivedUrl}
          onChange={set('archivedUrl')}
          placeholder="https://web.archive.org/…"
          aria-invalid={archiveProblem ? true : undefined}
        />
        {archiveProblem && <span className="field-error">{archiveProblem}</span>}
      </label>
      <label className="field field-check">
        <input
          type="checkbox"
          checked={value.primary}
          onChange={(e) => onChange({ ...value, primary: e.target.checked })}
        />
        <span>
          Primary source <span className="hint">— the record itself: the statement, the data, the filing</span>
        </span>
      </label>
      <label className="field">
        <span className="field-label">Notes</span>
        <textarea rows={2} value={value.notes} maxLength={SOURCE_LIMITS.notes} onChange={set('notes')} />
      </label>
    </div>
  );
}

/** State for a new source form. */
export function useSourceDraft(): [Required<SourceInput>, (v: Required<SourceInput>) => void, () => void] {
  const [draft, setDraft] = useState<Required<SourceInput>>(EMPTY);
  return [draft, setDraft, () => setDraft(EMPTY)];
}

/** A whole form that adds a source to the library (and hands its id to `onAdded`). */
export function NewSourceForm(props: {
  onSubmit: (input: Required<SourceInput>) => string | undefined;
  onAdded?: (id: string) => void;
  onCancel?: () => void;
  submitLabel?: string;
}) {
  const [draft, setDraft, reset] = useSourceDraft();
  return (
    <form
      className="source-form"
      aria-label="New source"
      onSubmit={(e) => {
        e.preventDefault();
        if (!sourceFieldsValid(draft)) return;
        const id = props.onSubmit(draft);
        if (id) {
          reset();
          props.onAdded?.(id);
        }
      }}
    >
      <SourceFields value={draft} onChange={setDraft} />
      <div className="actions">
        <button type="submit" disabled={!sourceFieldsValid(draft)}>
          {props.submitLabel ?? 'Add source'}
        </button>
        {props.onCancel && (
          <button type="button" onClick={props.onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
