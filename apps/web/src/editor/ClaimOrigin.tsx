/**
 * Where a claim came from, on its card: who made it (a person or an organisation, with a role or a page), when,
 * where it appeared (the article by default) and where first — what ClaimReview's claim author, date and
 * appearances are made of — and who reviewed it (the verdict's author, the second reviewer).
 */
import {
  type Claimant,
  type ClaimBody,
  type ClaimDetails,
  claimantSchema,
  hasSecondCheck,
  httpUrlSchema,
  issueWords,
  verdictAuthor,
} from '@factmark/collab';
import { useEffect, useRef, useState } from 'react';
import type { DocumentSession } from '../session/document-session.ts';
import { useSnapshot } from '../session/use-snapshot.ts';
import { formatTime } from './fields.tsx';

/** The form's text, as typed. */
export interface Draft {
  name: string;
  kind: Claimant['kind'];
  role: string;
  url: string;
  date: string;
  appearances: string;
  first: string;
}

function draftOf(body: ClaimBody): Draft {
  return {
    name: body.claimant?.name ?? '',
    kind: body.claimant?.kind ?? 'person',
    role: body.claimant?.role ?? '',
    url: body.claimant?.url ?? '',
    date: body.claimDate ?? '',
    appearances: (body.appearances ?? []).join('\n'),
    first: body.firstAppearance ?? '',
  };
}

/**
 * The typed form after the saved origin went from `before` to `after`: each field the change touched takes its new
 * value, every other field keeps what was typed (a save of one field, coming back, must not wipe what the person has
 * typed since in the next).
 */
export function withSavedChanges(typed: Draft, before: Draft, after: Draft): Draft {
  const next = { ...typed };
  for (const field of Object.keys(after) as (keyof Draft)[])
    if (before[field] !== after[field]) Object.assign(next, { [field]: after[field] });
  return next;
}

/** The details the draft says, or the first problem in words (naming the field). */
export function detailsOf(draft: Draft): ClaimDetails | string {
  const claimant = draft.name.trim()
    ? {
        name: draft.name.trim(),
        kind: draft.kind,
        ...(draft.role.trim() ? { role: draft.role.trim() } : {}),
        ...(draft.url.trim() ? { url: draft.url.trim() } : {}),
      }
    : null;
  if (claimant) {
    const parsed = claimantSchema.safeParse(claimant);
    if (!parsed.success) return issueWords({ ...parsed.error.issues[0], path: ['claimant'] } as never);
  } else if (draft.role.trim() || draft.url.trim()) return 'The claimant needs a name';
  const appearances = draft.appearances
    .split('\n')
    .map((u) => u.trim())
    .filter(Boolean);
  for (const url of [...appearances, ...(draft.first.trim() ? [draft.first.trim()] : [])])
    if (!httpUrlSchema.safeParse(url).success) return `“${url}” is not an http or https address`;
  return {
    claimant,
    claimDate: draft.date || null,
    appearances,
    firstAppearance: draft.first.trim() || null,
  };
}

/**
 * A colleague's change of the saved origin (or an undo, or the form's own save coming back) shown in the fields it
 * changed; what the person is typing in another field stays ({@link withSavedChanges}).
 */
function useSavedChanges(
  saved: Draft,
  /** `saved` as JSON: what tells a change of it from a new object of the same value. */
  key: string,
  setDraft: (update: (typed: Draft) => Draft) => void,
): void {
  const lastSaved = useRef(saved);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for `saved`, a new object each render
  useEffect(() => {
    const before = lastSaved.current;
    lastSaved.current = saved;
    setDraft((typed) => withSavedChanges(typed, before, saved));
  }, [key]);
}

/** The claim's origin: typed freely, saved (in one change) when the person leaves a field. */
export function ClaimOrigin(props: { id: string; body: ClaimBody; session: DocumentSession; readOnly: boolean }) {
  const { id, body, session, readOnly } = props;
  const saved = draftOf(body);
  const [draft, setDraft] = useState(saved);
  const [problem, setProblem] = useState<string | null>(null);
  const key = JSON.stringify(saved);
  useSavedChanges(saved, key, setDraft);
  const save = (next = draft) => {
    if (JSON.stringify(next) === key) return;
    const details = detailsOf(next);
    if (typeof details === 'string') {
      setProblem(details);
      return;
    }
    setProblem(null);
    session.run((f) => f.setClaimDetails(id, details));
  };
  const set = (field: keyof Draft) => (e: { target: { value: string } }) =>
    setDraft({ ...draft, [field]: e.target.value });
  const onBlur = () => save();
  return (
    <fieldset className="claim-origin" disabled={readOnly}>
      <legend>Who made the claim, and where</legend>
      {body.filedVia && (
        <p className="muted filed-via">
          Filed through the API with “{body.filedVia.token}” by {body.filedVia.by.name}, {formatTime(body.filedVia.at)}
        </p>
      )}
      <div className="field-row">
        <label className="field">
          <span className="field-label">Claimant</span>
          <input value={draft.name} onChange={set('name')} onBlur={onBlur} placeholder="The ministry, a minister…" />
        </label>
        <label className="field">
          <span className="field-label">A person or an organisation</span>
          <select
            value={draft.kind}
            onChange={(e) => {
              const next = { ...draft, kind: e.target.value as Claimant['kind'] };
              setDraft(next);
              if (next.name.trim()) save(next);
            }}
          >
            <option value="person">Person</option>
            <option value="organization">Organisation</option>
          </select>
        </label>
      </div>
      <div className="field-row">
        <label className="field">
          <span className="field-label">Role</span>
          <input value={draft.role} onChange={set('role')} onBlur={onBlur} placeholder="Deputy Defence Minister" />
        </label>
        <label className="field">
          <span className="field-label">Claimant’s page (URL)</span>
          <input type="url" value={draft.url} onChange={set('url')} onBlur={onBlur} placeholder="https://" />
        </label>
      </div>
      <label className="field">
        <span className="field-label">Claim made on</span>
        <input type="date" value={draft.date} onChange={set('date')} onBlur={onBlur} />
      </label>
      <label className="field">
        <span className="field-label">Where it appeared (one URL a line; empty: the article)</span>
        <textarea rows={2} value={draft.appearances} onChange={set('appearances')} onBlur={onBlur} />
      </label>
      <label className="field">
        <span className="field-label">First appeared at (URL)</span>
        <input type="url" value={draft.first} onChange={set('first')} onBlur={onBlur} placeholder="https://" />
      </label>
      {problem && (
        <p role="alert" className="field-error">
          {problem}
        </p>
      )}
    </fieldset>
  );
}

/** Who reviewed the claim: the verdict's author, the second reviewer, or who may still check it. */
export function ReviewState({ body, session }: { body: ClaimBody; session: DocumentSession }) {
  const rule = useSnapshot(session, (s) => s.reviewRule?.secondReviewer ?? true);
  if (body.verdict === null) return null;
  const giver = verdictAuthor(body);
  const checked = body.checkedBy && body.checkedBy.verdict === body.verdict ? body.checkedBy : null;
  return (
    <p className="review-state" aria-live="polite">
      Verdict by {giver?.name ?? 'someone'}
      {body.verdictAt ? ` on ${body.verdictAt.slice(0, 10)}` : ''}.{' '}
      {checked
        ? `Checked by ${checked.name} on ${checked.at.slice(0, 10)}.`
        : rule
          ? `Waiting for a second reviewer: someone other than ${giver?.name ?? 'its author'} marks it Checked.`
          : ''}
      {rule && checked && !hasSecondCheck(body) ? ' (checked by its own author: a colleague must check it)' : ''}
    </p>
  );
}
