/** The composer of a citation, a correction or a comment on the selected passage. */
import {
  BODY_LIMITS,
  CORRECTION_CATEGORIES,
  type CorrectionCategory,
  claimAround,
  claimSpans,
  STANCES,
  type Stance,
} from '@factmark/collab';
import { useEffect, useRef, useState } from 'react';
import { CATEGORY_LABELS, STANCE_LABELS } from '../labels.ts';
import type { ComposerKind, DocumentSession } from '../session/document-session.ts';
import { useSnapshot, whole } from '../session/use-snapshot.ts';
import { choicesOf, claimChoices, SelectField, TextAreaField } from './fields.tsx';
import { SourceFields, useSourceDraft } from './SourceForm.tsx';

const TITLES: Record<ComposerKind, string> = {
  citation: 'Cite a source',
  correction: 'Suggest a correction',
  comment: 'Comment',
};

/**
 * The dialog the selection toolbar opens for a citation, a correction or a
 * comment. The article keeps its selection while the dialog is open; the
 * annotation is created on that selection when the form is submitted.
 */
export function Composer({ session }: { session: DocumentSession }) {
  const snap = useSnapshot(session, whole);
  const ref = useRef<HTMLDialogElement>(null);
  const kind = snap.composer;
  const quote = snap.composerQuote;
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (kind && !dialog.open) dialog.showModal();
    if (!kind && dialog.open) dialog.close();
  }, [kind]);
  return (
    <dialog
      ref={ref}
      className="composer"
      aria-labelledby="composer-heading"
      onClose={() => session.getSnapshot().composer && session.closeComposer()}
    >
      {kind && (
        <>
          <h2 id="composer-heading">{TITLES[kind]}</h2>
          <p className="muted">
            On: <q>{quote}</q>
          </p>
          {snap.notice && (
            <p role="alert" className="error">
              {snap.notice}
            </p>
          )}
          {kind === 'citation' && <CitationForm session={session} />}
          {kind === 'correction' && <CorrectionForm session={session} quote={quote} />}
          {kind === 'comment' && <CommentForm session={session} />}
        </>
      )}
    </dialog>
  );
}

function Buttons({ session, submit }: { session: DocumentSession; submit: string }) {
  return (
    <div className="actions">
      <button type="submit" className="primary">
        {submit}
      </button>
      <button type="button" onClick={() => session.closeComposer()}>
        Cancel
      </button>
    </div>
  );
}

function done(session: DocumentSession, id: string | undefined) {
  if (id) session.closeComposer(id);
}

function CitationForm({ session }: { session: DocumentSession }) {
  const { sources, annotations } = useSnapshot(session, whole);
  const [sourceId, setSourceId] = useState(sources[0]?.source.id ?? 'new');
  // The claim around the selection, as the citation will be linked to it unless the person picks another.
  const [claimId, setClaimId] = useState(() => {
    const { from, to } = session.view.state.selection;
    return claimAround(claimSpans(session.view.state), { from, to }) ?? '';
  });
  const [draft, setDraft] = useSourceDraft();
  const [excerpt, setExcerpt] = useState('');
  const [stance, setStance] = useState<Stance>('supports');
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        const id = sourceId === 'new' ? session.run((f) => f.addSource(draft)) : sourceId;
        if (!id) return;
        if (sourceId === 'new') setSourceId(id);
        done(
          session,
          session.run((f) => f.cite({ sourceId: id, excerpt, stance, claimId: claimId || null })),
        );
      }}
    >
      <SelectField
        label="Source"
        value={sourceId}
        onChange={setSourceId}
        choices={[
          ...sources.map(({ source }) => ({ value: source.id, label: source.title })),
          { value: 'new', label: 'New source…' },
        ]}
      />
      {sourceId === 'new' && <SourceFields value={draft} onChange={setDraft} />}
      <TextAreaField
        label="Quoted excerpt from the source"
        rows={3}
        value={excerpt}
        maxLength={BODY_LIMITS.excerpt}
        onChange={setExcerpt}
      />
      <SelectField
        label="Stance"
        value={stance}
        onChange={(value) => setStance(value as Stance)}
        choices={choicesOf(STANCES, STANCE_LABELS)}
      />
      <SelectField label="For the claim" value={claimId} onChange={setClaimId} choices={claimChoices(annotations)} />
      <Buttons session={session} submit="Cite" />
    </form>
  );
}

function CorrectionForm({ session, quote }: { session: DocumentSession; quote: string }) {
  // Mounted as the composer opens, with its quote already read: the proposal starts as the selected text.
  const [proposed, setProposed] = useState(quote);
  const [category, setCategory] = useState<CorrectionCategory>('mistranslation');
  const [rationale, setRationale] = useState('');
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        done(
          session,
          session.run((f) => f.proposeCorrection({ proposed, category, rationale })),
        );
      }}
    >
      <TextAreaField
        label="Replace with"
        rows={3}
        value={proposed}
        maxLength={BODY_LIMITS.proposed}
        onChange={setProposed}
      />
      <SelectField
        label="Kind of problem"
        value={category}
        onChange={(value) => setCategory(value as CorrectionCategory)}
        choices={choicesOf(CORRECTION_CATEGORIES, CATEGORY_LABELS)}
      />
      <TextAreaField label="Why" rows={2} value={rationale} maxLength={BODY_LIMITS.rationale} onChange={setRationale} />
      <Buttons session={session} submit="Suggest" />
    </form>
  );
}

function CommentForm({ session }: { session: DocumentSession }) {
  const [text, setText] = useState('');
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        done(
          session,
          session.run((f) => f.addComment(text)),
        );
      }}
    >
      <TextAreaField label="Comment" rows={4} value={text} maxLength={BODY_LIMITS.message} onChange={setText} />
      <Buttons session={session} submit="Comment" />
    </form>
  );
}
