/** A claim card's details: statement, verdict, rationale, who reviewed it, status, assignee, its origin, sources and discussion. */
import { BODY_LIMITS, CLAIM_STATUSES, type ClaimBody } from '@factmark/collab';
import { useState } from 'react';
import { STATUS_LABELS } from '../labels.ts';
import type { CardContext } from './AnnotationCard.tsx';
import { RemoveButton } from './CardDetails.tsx';
import { CheckedBefore } from './CheckedBefore.tsx';
import { ClaimOrigin, ReviewState } from './ClaimOrigin.tsx';
import { type Choice, choicesOf, SelectField, SourceLink, Thread, VerdictPicker } from './fields.tsx';
import { SharedTextField } from './SharedTextField.tsx';
import { NewSourceForm } from './SourceForm.tsx';

/** Nobody, the members, and the assignee when they are no longer a member. */
function assigneeChoices(body: ClaimBody, ctx: CardContext): Choice[] {
  const choices: Choice[] = [{ value: '', label: 'Nobody' }];
  if (body.assignee && !ctx.members.some((m) => m.user.id === body.assignee?.id))
    choices.push({ value: body.assignee.id, label: body.assignee.name });
  for (const m of ctx.members) choices.push({ value: m.user.id, label: m.user.name });
  return choices;
}

/** The claim's form. */
export function ClaimDetails({ id, body, ctx }: { id: string; body: ClaimBody; ctx: CardContext }) {
  const { session } = ctx;
  // A commenter judges and changes only their own claims (docs/roles.md); anyone who annotates may discuss.
  const readOnly = !session.mayChangeAnnotation(id);
  return (
    <div className="card-body">
      <SharedTextField
        session={session}
        id={id}
        field="statement"
        label="Statement"
        what="The statement"
        required="A claim needs a statement: it keeps the one it had until you type another."
        disabled={readOnly}
        limit={BODY_LIMITS.statement}
      />
      <VerdictPicker
        scale={ctx.scale}
        value={body.verdict}
        disabled={readOnly}
        onChange={(v) => session.run((f) => f.setVerdict(id, v))}
      />
      <SharedTextField
        session={session}
        id={id}
        field="rationale"
        label="Rationale"
        what="The rationale"
        rows={3}
        disabled={readOnly}
        limit={BODY_LIMITS.rationale}
        people={ctx.people}
      />
      <ReviewState body={body} session={session} />
      <div className="field-row">
        <SelectField
          label="Status"
          value={body.status}
          disabled={readOnly}
          choices={choicesOf(CLAIM_STATUSES, STATUS_LABELS)}
          onChange={(status) => session.run((f) => f.setStatus(id, status as ClaimBody['status']))}
        />
        <SelectField
          label="Assignee"
          value={body.assignee?.id ?? ''}
          disabled={readOnly}
          choices={assigneeChoices(body, ctx)}
          onChange={(userId) => {
            const m = ctx.members.find((x) => x.user.id === userId);
            session.run((f) => f.setAssignee(id, m ? { id: m.user.id, name: m.user.name } : null));
          }}
        />
      </div>
      <CheckedBefore documentId={session.documentId} statement={body.statement} />
      <ClaimOrigin id={id} body={body} session={session} readOnly={readOnly} />
      <ClaimSources id={id} body={body} ctx={ctx} readOnly={readOnly} />
      <Thread
        label="Claim discussion"
        messages={body.thread}
        disabled={!session.canAnnotate()}
        onReply={(t) => session.run((f) => f.reply(id, t))}
        people={ctx.people}
        edit={{ session, id }}
      />
      <RemoveButton id={id} ctx={ctx} label="claim" />
    </div>
  );
}

/** The claim's sources: each linked (and detachable), one added from the library, or a new one. */
function ClaimSources(props: { id: string; body: ClaimBody; ctx: CardContext; readOnly: boolean }) {
  const { id, body, ctx, readOnly } = props;
  const { session } = ctx;
  const [adding, setAdding] = useState(false);
  const available = [...ctx.sources.values()].filter((s) => !body.sourceIds.includes(s.id));
  return (
    <section className="claim-sources" aria-label="Sources of this claim">
      <h4>Sources</h4>
      {body.sourceIds.length === 0 && <p className="muted">No source yet.</p>}
      <ul>
        {body.sourceIds.map((sid) => {
          const source = ctx.sources.get(sid);
          return (
            <li key={sid}>
              {source ? <SourceLink url={source.url}>{source.title}</SourceLink> : <span>Deleted source</span>}
              {!readOnly && (
                <button
                  type="button"
                  className="quiet"
                  aria-label={`Detach ${source?.title ?? 'source'}`}
                  onClick={() => session.run((f) => f.removeSourceFromClaim(id, sid))}
                >
                  ×
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {!readOnly && available.length > 0 && <AddFromLibrary id={id} ctx={ctx} available={available} />}
      {!readOnly &&
        (adding ? (
          <NewSourceForm
            submitLabel="Add and attach"
            onSubmit={(input) => session.run((f) => f.addSource(input))}
            onAdded={(sid) => {
              session.run((f) => f.addSourceToClaim(id, sid));
              setAdding(false);
            }}
            onCancel={() => setAdding(false)}
          />
        ) : (
          <button type="button" onClick={() => setAdding(true)}>
            New source…
          </button>
        ))}
    </section>
  );
}

/**
 * Attach a library source: choosing in the menu only picks it (arrow keys
 * move through the list without attaching anything); the button attaches it.
 */
function AddFromLibrary(props: { id: string; ctx: CardContext; available: { id: string; title: string }[] }) {
  const { id, ctx, available } = props;
  const [picked, setPicked] = useState('');
  const choice = available.some((s) => s.id === picked) ? picked : '';
  return (
    <div className="field-row add-from-library">
      <SelectField
        label="Add from library"
        value={choice}
        choices={[{ value: '', label: 'Choose a source…' }, ...available.map((s) => ({ value: s.id, label: s.title }))]}
        onChange={setPicked}
      />
      <button
        type="button"
        disabled={choice === ''}
        onClick={() => {
          ctx.session.run((f) => f.addSourceToClaim(id, choice));
          setPicked('');
        }}
      >
        Attach
      </button>
    </div>
  );
}
