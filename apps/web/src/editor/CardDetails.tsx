/** The details of citation, correction and comment cards, and the remove button every card shares. */
import { BODY_LIMITS, type CitationBody, type CommentBody, type CorrectionBody } from '@factmark/collab';
import { useState } from 'react';
import { CATEGORY_LABELS } from '../labels.ts';
import { useSnapshot } from '../session/use-snapshot.ts';
import type { CardContext } from './AnnotationCard.tsx';
import { claimChoices, formatTime, SelectField, SourceLink, Thread } from './fields.tsx';
import { MentionText } from './MentionField.tsx';
import { SharedTextField } from './SharedTextField.tsx';
import { CaptureStatus, ExcerptEvidence } from './SourceEvidence.tsx';

/** Remove the annotation, after a confirmation; shown only to who may change it. */
export function RemoveButton({ id, ctx, label }: { id: string; ctx: CardContext; label: string }) {
  const [confirming, setConfirming] = useState(false);
  if (!ctx.session.mayChangeAnnotation(id)) return null;
  return confirming ? (
    <fieldset className="confirm">
      <legend className="visually-hidden">Confirm removal</legend>
      Remove this {label}?{' '}
      <button type="button" className="danger" onClick={() => ctx.session.run((f) => f.remove(id))}>
        Remove
      </button>{' '}
      <button type="button" onClick={() => setConfirming(false)}>
        Keep
      </button>
    </fieldset>
  ) : (
    <button type="button" className="quiet" onClick={() => setConfirming(true)}>
      Remove {label}
    </button>
  );
}

/** A citation's source, stance, excerpt and discussion. */
export function CitationDetails({ id, body, ctx }: { id: string; body: CitationBody; ctx: CardContext }) {
  const { session } = ctx;
  const source = ctx.sources.get(body.sourceId);
  const sources = useSnapshot(session, (s) => s.sources);
  const record = sources.find((entry) => entry.source.id === body.sourceId)?.capture ?? null;
  return (
    <div className="card-body">
      <p>
        {source ? <SourceLink url={source.url}>{source.title}</SourceLink> : 'Deleted source'} ·{' '}
        <span className={`stance stance-${body.stance}`}>{body.stance}</span>
      </p>
      {body.excerpt && <blockquote className="excerpt">{body.excerpt}</blockquote>}
      {source && (
        <CaptureStatus
          session={session}
          sourceId={source.id}
          url={source.url}
          record={record}
          excerpts={body.excerpt ? [body.excerpt] : []}
        />
      )}
      <ExcerptEvidence session={session} excerpt={body.excerpt} record={record} />
      <CitationClaim id={id} body={body} ctx={ctx} />
      <Thread
        label="Citation discussion"
        messages={body.thread}
        disabled={!session.canAnnotate()}
        onReply={(t) => session.run((f) => f.reply(id, t))}
        people={ctx.people}
        edit={{ session, id }}
      />
      <RemoveButton id={id} ctx={ctx} label="citation" />
    </div>
  );
}

/** The claim a citation is for: chosen from the document's claims, or none (it then counts for the claims around it). */
function CitationClaim({ id, body, ctx }: { id: string; body: CitationBody; ctx: CardContext }) {
  const { session } = ctx;
  const annotations = useSnapshot(session, (s) => s.annotations);
  const choices = claimChoices(annotations);
  const linked = body.claimId && choices.some((c) => c.value === body.claimId) ? body.claimId : '';
  return (
    <SelectField
      label="For the claim"
      value={linked}
      choices={choices}
      disabled={!session.mayChangeAnnotation(id)}
      onChange={(claimId) => session.run((f) => f.linkCitation(id, claimId || null))}
    />
  );
}

/** A correction's proposal, its decision (or the buttons to decide) and its discussion. */
export function CorrectionDetails({ id, body, ctx }: { id: string; body: CorrectionBody; ctx: CardContext }) {
  const { session } = ctx;
  return (
    <div className="card-body">
      <p className="suggestion-preview">
        <del>{body.original}</del> → <ins>{body.proposed || '(delete)'}</ins>
      </p>
      <p className="muted">{CATEGORY_LABELS[body.category]}</p>
      {body.state === 'proposed' && session.mayChangeAnnotation(id) ? (
        <>
          <SharedTextField
            session={session}
            id={id}
            field="proposed"
            label="Replace with"
            what="The proposed text"
            limit={BODY_LIMITS.proposed}
          />
          <SharedTextField
            session={session}
            id={id}
            field="rationale"
            label="Why"
            what="The reason"
            limit={BODY_LIMITS.rationale}
            people={ctx.people}
          />
        </>
      ) : (
        body.rationale && (
          <p className="rationale">
            <MentionText text={body.rationale} people={ctx.people} />
          </p>
        )
      )}
      {body.state === 'proposed' ? (
        session.canEditText() ? (
          <div className="actions">
            <button type="button" className="primary" onClick={() => session.run((f) => f.acceptCorrection(id))}>
              Accept
            </button>
            <button type="button" onClick={() => session.run((f) => f.rejectCorrection(id))}>
              Reject
            </button>
          </div>
        ) : (
          <p className="muted">An editor or the owner decides on corrections.</p>
        )
      ) : (
        <p className="decision">
          {body.state === 'accepted' ? 'Accepted' : 'Rejected'} by {body.decidedBy?.name ?? 'someone'}
          {body.decidedAt && (
            <>
              {' '}
              on <time dateTime={body.decidedAt}>{formatTime(body.decidedAt)}</time>
            </>
          )}
        </p>
      )}
      <Thread
        label="Correction discussion"
        messages={body.thread}
        disabled={!session.canAnnotate()}
        onReply={(t) => session.run((f) => f.reply(id, t))}
        people={ctx.people}
        edit={{ session, id }}
      />
      {body.state === 'proposed' && <RemoveButton id={id} ctx={ctx} label="suggestion" />}
    </div>
  );
}

/** A comment thread, resolved or open. */
export function CommentDetails({ id, body, ctx }: { id: string; body: CommentBody; ctx: CardContext }) {
  const { session } = ctx;
  const canAct = session.canAnnotate();
  return (
    <div className="card-body">
      <Thread
        label="Comment thread"
        messages={body.thread}
        disabled={!canAct || body.resolved}
        onReply={(t) => session.run((f) => f.reply(id, t))}
        people={ctx.people}
        edit={{ session, id }}
      />
      {body.resolved && (
        <p className="muted">
          Resolved by {body.resolvedBy?.name ?? 'someone'}
          {body.resolvedAt && <> on {formatTime(body.resolvedAt)}</>}
        </p>
      )}
      {canAct && (
        <div className="actions">
          {body.resolved ? (
            <button type="button" onClick={() => session.run((f) => f.reopen(id))}>
              Reopen
            </button>
          ) : (
            <button type="button" onClick={() => session.run((f) => f.resolve(id))}>
              Resolve
            </button>
          )}
          <RemoveButton id={id} ctx={ctx} label="comment" />
        </div>
      )}
    </div>
  );
}
