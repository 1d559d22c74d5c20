/**
 * Publishing in the app: the publish check the server runs (each problem in words, with a way to the claim it is
 * about), the publication details every export reads (the article's and the fact-check's), and the
 * second-reviewer rule (an owner's to turn off, shown with who did and when).
 */
import type { PublishIssue } from '@factmark/api';
import { issueWords, may, type Publication, type PublicationField, publicationSchema } from '@factmark/collab';
import { useCallback, useEffect, useState } from 'react';
import { api, describeError } from '../api.ts';
import type { DocumentSession } from '../session/document-session.ts';
import { useSnapshot } from '../session/use-snapshot.ts';

/** A sentence from a problem's words ("the claim … has no source" → "The claim … has no source."). */
function sentence(words: string): string {
  return `${words.charAt(0).toUpperCase()}${words.slice(1)}.`;
}

/** The publish check: asked of the server when shown and on request; each problem links to its card. */
export function PublishCheck(props: { documentId: string; onShow: (annotationId: string) => void }) {
  const [issues, setIssues] = useState<PublishIssue[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const check = useCallback(async () => {
    setError(null);
    try {
      setIssues(await api.publishCheck(props.documentId));
    } catch (e) {
      setError(describeError(e));
    }
  }, [props.documentId]);
  useEffect(() => {
    void check();
  }, [check]);
  return (
    <section aria-labelledby="publish-check-heading" className="publish-check">
      <h3 id="publish-check-heading">Ready to publish?</h3>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {issues === null && !error && <p className="muted">Checking…</p>}
      {issues?.length === 0 && (
        <p className="ok">Ready: every claim is complete, checked by a second person and published.</p>
      )}
      {issues && issues.length > 0 && (
        <ul className="publish-issues" aria-label="What stands between this check and publishing">
          {issues.map((issue) => (
            <li key={`${issue.annotationId ?? ''}:${issue.message}`}>
              {sentence(issue.message)}{' '}
              {issue.annotationId && (
                <button type="button" className="link" onClick={() => props.onShow(issue.annotationId as string)}>
                  Show
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <button type="button" onClick={() => void check()}>
        Check again
      </button>
    </section>
  );
}

/** The form's fields: what each is called, the input it takes, a hint. */
const FIELDS: { field: PublicationField; label: string; type: string; hint?: string }[] = [
  { field: 'articleUrl', label: 'Article’s URL', type: 'url', hint: 'Where the article checked was published' },
  { field: 'articlePublisher', label: 'Publisher', type: 'text' },
  { field: 'articleAuthors', label: 'Authors', type: 'text', hint: 'Separated by commas' },
  { field: 'articlePublishedAt', label: 'Published on', type: 'date' },
  { field: 'articleLanguage', label: 'Language', type: 'text', hint: 'A tag such as en or pt-BR' },
  { field: 'factCheckUrl', label: 'Fact-check’s URL', type: 'url', hint: 'Where this fact-check is published' },
  { field: 'organizationName', label: 'Organisation', type: 'text' },
  { field: 'organizationUrl', label: 'Organisation’s URL', type: 'url' },
  { field: 'organizationLogo', label: 'Organisation’s logo (URL)', type: 'url' },
];

/** A field's value as the input shows it. */
function shown(publication: Publication, field: PublicationField): string {
  const value = publication[field];
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
}

/** What the input's text stores: authors as a list, everything else as typed ('' clears). */
function stored(field: PublicationField, text: string): unknown {
  if (field !== 'articleAuthors') return text.trim();
  const names = text
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  return names.length ? names : '';
}

/** One field of the publication details: typed freely, checked and saved when the person leaves it. */
function PublicationInput(props: {
  session: DocumentSession;
  spec: (typeof FIELDS)[number];
  value: string;
  disabled: boolean;
}) {
  const { session, spec, value, disabled } = props;
  const [draft, setDraft] = useState(value);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => setDraft(value), [value]);
  const save = () => {
    if (draft === value) return;
    const next = stored(spec.field, draft);
    const parsed = next === '' ? null : publicationSchema.unwrap().shape[spec.field].safeParse(next);
    if (parsed && !parsed.success) {
      setProblem(issueWords({ ...parsed.error.issues[0], path: [spec.field] } as never));
      return;
    }
    setProblem(null);
    session.run((f) => f.setPublication({ [spec.field]: next }));
  };
  const hintId = `publication-${spec.field}-hint`;
  return (
    <label className="field">
      <span className="field-label">{spec.label}</span>
      <input
        type={spec.type}
        value={draft}
        disabled={disabled}
        aria-invalid={problem ? true : undefined}
        aria-describedby={spec.hint ? hintId : undefined}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={save}
        onKeyDown={(e) => {
          if (e.key === 'Enter') save();
        }}
      />
      {spec.hint && (
        <span id={hintId} className="hint">
          {spec.hint}
        </span>
      )}
      {problem && <span className="field-error">{problem}</span>}
    </label>
  );
}

/** The publication details every export reads; editors and owners change them (the server's gate checks). */
export function PublicationDetails({ session }: { session: DocumentSession }) {
  const publication = useSnapshot(session, (s) => s.publication);
  const role = useSnapshot(session, (s) => s.role);
  const disabled = !may(role, 'describe');
  return (
    <section aria-labelledby="publication-heading" className="publication-details">
      <h3 id="publication-heading">Publication details</h3>
      {disabled && <p className="muted">Editors and owners fill these in.</p>}
      <div className="publication-grid">
        {FIELDS.map((spec) => (
          <PublicationInput
            key={spec.field}
            session={session}
            spec={spec}
            value={shown(publication, spec.field)}
            disabled={disabled}
          />
        ))}
      </div>
    </section>
  );
}

/** The second-reviewer rule: on by default; an owner turns it off (or on), and everyone sees who did and when. */
export function ReviewRuleSetting({ session }: { session: DocumentSession }) {
  const rule = useSnapshot(session, (s) => s.reviewRule);
  const role = useSnapshot(session, (s) => s.role);
  const on = rule?.secondReviewer ?? true;
  return (
    <section aria-labelledby="review-rule-heading" className="review-rule">
      <h3 id="review-rule-heading">Second reviewer</h3>
      <label className="field-check">
        <input
          type="checkbox"
          checked={on}
          disabled={!may(role, 'setReviewRule')}
          onChange={(e) => session.run((f) => f.setReviewRule(e.target.checked))}
        />
        <span>A claim is published only after someone other than its verdict’s author marks it checked</span>
      </label>
      {rule && (
        <p className="muted">
          Turned {rule.secondReviewer ? 'on' : 'off'} by {rule.by.name} on {rule.at.slice(0, 10)}.
        </p>
      )}
      {!may(role, 'setReviewRule') && <p className="muted">Only an owner can change this.</p>}
    </section>
  );
}
