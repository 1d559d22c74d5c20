import {
  type CitationBody,
  CLAIM_STATUSES,
  type ClaimBody,
  type CommentBody,
  type CorrectionBody,
  type Presence,
  type RatingScale,
  type Source,
  type STANCES,
} from '@factmark/collab';
import { setAnnotationFocus } from '@factmark/editor';
import { forwardRef, memo, useState } from 'react';
import type { Member } from '../api.ts';
import { cardElementId, type DocumentSession } from '../session/document-session.ts';
import { CommitText, formatTime, SourceLink, Thread, VerdictChip, VerdictPicker } from './fields.tsx';
import { NewSourceForm } from './SourceForm.tsx';
import { CATEGORY_LABELS, KIND_LABELS, STATUS_LABELS, type WorkspaceEntry } from './workspace-model.ts';

/** What every card needs besides its annotation. */
export interface CardContext {
  session: DocumentSession;
  scale: RatingScale;
  sources: ReadonlyMap<string, Source>;
  members: readonly Member[];
}

interface CardProps {
  entry: WorkspaceEntry;
  active: boolean;
  ctx: CardContext;
  /** Colleagues editing this card now (see {@link editingByCard}). */
  editors: readonly CardEditor[];
  style?: React.CSSProperties;
}

/**
 * One annotation's card in the margin. Collapsed it shows the quoted span, the
 * essentials and who is editing it; active (selected) it expands into the
 * annotation's full form. Everything it writes goes through the session's
 * fact-check API into the Y.Doc; it renders only what comes back.
 */
export const AnnotationCard = memo(
  forwardRef<HTMLElement, CardProps>(function AnnotationCard({ entry, active, ctx, editors, style }, ref) {
    const { session } = ctx;
    const body = entry.body;
    const headingId = `${cardElementId(entry.id)}-heading`;
    return (
      <article
        ref={ref}
        className={`card card-${entry.kind}${active ? ' active' : ''}`}
        data-card={entry.id}
        data-kind={entry.kind}
        aria-labelledby={headingId}
        style={style}
        onFocus={() => session.setEditing(entry.id)}
        onBlur={(e) => {
          if (!e.currentTarget.contains(e.relatedTarget as Node | null)) session.setEditing(null);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            session.focusArticle(entry.id);
          }
        }}
        onMouseEnter={() => session.view.dispatch(hover(session, entry.id))}
        onMouseLeave={() => session.view.dispatch(hover(session, null))}
      >
        <button
          type="button"
          id={cardElementId(entry.id)}
          className="card-head"
          aria-expanded={active}
          onClick={() => session.setActive(active ? null : entry.id, !active)}
        >
          <span className={`kind-badge kind-${entry.kind}`} id={headingId}>
            {KIND_LABELS[entry.kind]}
          </span>
          {body?.kind === 'claim' && <VerdictChip scale={ctx.scale} verdict={body.verdict} />}
          {body?.kind === 'correction' && <span className={`state state-${body.state}`}>{body.state}</span>}
          {body?.kind === 'comment' && body.resolved && <span className="state">resolved</span>}
          <q className="card-quote">{entry.text}</q>
        </button>
        {editors.length > 0 && (
          <p className="editing-now" aria-live="polite">
            {editors.map((p, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: names in a fixed order
              <span key={i} className="editing-name" style={{ borderColor: p.color }}>
                {p.name}
              </span>
            ))}{' '}
            {editors.length === 1 ? 'is' : 'are'} editing this card
          </p>
        )}
        {!body && (
          <p className="muted">{entry.error ? `Unreadable details (${entry.error})` : 'Details not received yet'}</p>
        )}
        {body && (
          <p className="card-meta muted">
            {body.author.name} · <time dateTime={body.createdAt}>{formatTime(body.createdAt)}</time>
            {body.thread.length > 0 && ` · ${body.thread.length} ${body.thread.length === 1 ? 'message' : 'messages'}`}
          </p>
        )}
        {active && body?.kind === 'claim' && <ClaimDetails id={entry.id} body={body} ctx={ctx} />}
        {active && body?.kind === 'citation' && <CitationDetails id={entry.id} body={body} ctx={ctx} />}
        {active && body?.kind === 'correction' && <CorrectionDetails id={entry.id} body={body} ctx={ctx} />}
        {active && body?.kind === 'comment' && <CommentDetails id={entry.id} body={body} ctx={ctx} />}
        {!active && body?.kind === 'correction' && (
          <p className="suggestion-preview">
            <del>{body.original}</del> → <ins>{body.proposed || '(delete)'}</ins>
          </p>
        )}
      </article>
    );
  }),
  sameCard,
);

/**
 * Cards show no positions: a card whose span only moved (text typed above it)
 * has an entry with new ranges and the same content, and need not render again.
 */
function sameCard(a: CardProps & { ref?: unknown }, b: CardProps & { ref?: unknown }): boolean {
  const x = a.entry;
  const y = b.entry;
  return (
    a.active === b.active &&
    a.ctx === b.ctx &&
    a.editors === b.editors &&
    a.style === b.style &&
    a.ref === b.ref &&
    (x === y || (x.id === y.id && x.kind === y.kind && x.text === y.text && x.body === y.body && x.error === y.error))
  );
}

/** A colleague editing a card: shown by name, underlined in their colour. */
export interface CardEditor {
  name: string;
  color: string;
}

/** The `editors` of a card nobody else is editing: one shared array, so such cards skip rendering. */
export const NO_EDITORS: readonly CardEditor[] = [];

/** Who (other than oneself) is editing each card, by annotation id. */
export function editingByCard(presence: readonly Presence[]): Map<string, CardEditor[]> {
  const byCard = new Map<string, CardEditor[]>();
  for (const p of presence) {
    if (p.self || !p.editing) continue;
    const list = byCard.get(p.editing) ?? [];
    list.push({ name: p.user.name, color: p.user.color });
    byCard.set(p.editing, list);
  }
  return byCard;
}

function hover(session: DocumentSession, id: string | null) {
  return setAnnotationFocus(session.view.state.tr, { hover: id });
}

function RemoveButton({ id, ctx, label }: { id: string; ctx: CardContext; label: string }) {
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

function ClaimDetails({ id, body, ctx }: { id: string; body: ClaimBody; ctx: CardContext }) {
  const { session } = ctx;
  // A commenter judges and changes only their own claims (docs/roles.md); anyone who annotates may discuss.
  const readOnly = !session.mayChangeAnnotation(id);
  const [adding, setAdding] = useState(false);
  const available = [...ctx.sources.values()].filter((s) => !body.sourceIds.includes(s.id));
  return (
    <div className="card-body">
      <CommitText
        label="Statement"
        value={body.statement}
        disabled={readOnly}
        maxLength={2_000}
        onCommit={(v) => session.run((f) => f.setStatement(id, v))}
      />
      <VerdictPicker
        scale={ctx.scale}
        value={body.verdict}
        disabled={readOnly}
        onChange={(v) => session.run((f) => f.setVerdict(id, v))}
      />
      <CommitText
        label="Rationale"
        value={body.rationale}
        rows={3}
        disabled={readOnly}
        maxLength={20_000}
        onCommit={(v) => session.run((f) => f.setRationale(id, v))}
      />
      <div className="field-row">
        <label className="field">
          <span className="field-label">Status</span>
          <select
            value={body.status}
            disabled={readOnly}
            onChange={(e) => session.run((f) => f.setStatus(id, e.target.value as ClaimBody['status']))}
          >
            {CLAIM_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">Assignee</span>
          <select
            value={body.assignee?.id ?? ''}
            disabled={readOnly}
            onChange={(e) => {
              const m = ctx.members.find((x) => x.user.id === e.target.value);
              session.run((f) => f.setAssignee(id, m ? { id: m.user.id, name: m.user.name } : null));
            }}
          >
            <option value="">Nobody</option>
            {body.assignee && !ctx.members.some((m) => m.user.id === body.assignee?.id) && (
              <option value={body.assignee.id}>{body.assignee.name}</option>
            )}
            {ctx.members.map((m) => (
              <option key={m.user.id} value={m.user.id}>
                {m.user.name}
              </option>
            ))}
          </select>
        </label>
      </div>
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
        {!readOnly && available.length > 0 && (
          <label className="field">
            <span className="field-label">Add from library</span>
            <select
              value=""
              onChange={(e) => e.target.value && session.run((f) => f.addSourceToClaim(id, e.target.value))}
            >
              <option value="">Choose a source…</option>
              {available.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.title}
                </option>
              ))}
            </select>
          </label>
        )}
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
      <Thread
        label="Claim discussion"
        messages={body.thread}
        disabled={!session.canAnnotate()}
        onReply={(t) => session.run((f) => f.reply(id, t))}
      />
      <RemoveButton id={id} ctx={ctx} label="claim" />
    </div>
  );
}

function CitationDetails({ id, body, ctx }: { id: string; body: CitationBody; ctx: CardContext }) {
  const { session } = ctx;
  const source = ctx.sources.get(body.sourceId);
  return (
    <div className="card-body">
      <p>
        {source ? <SourceLink url={source.url}>{source.title}</SourceLink> : 'Deleted source'} ·{' '}
        <span className={`stance stance-${body.stance}`}>{body.stance}</span>
      </p>
      {body.excerpt && <blockquote className="excerpt">{body.excerpt}</blockquote>}
      <Thread
        label="Citation discussion"
        messages={body.thread}
        disabled={!session.canAnnotate()}
        onReply={(t) => session.run((f) => f.reply(id, t))}
      />
      <RemoveButton id={id} ctx={ctx} label="citation" />
    </div>
  );
}

function CorrectionDetails({ id, body, ctx }: { id: string; body: CorrectionBody; ctx: CardContext }) {
  const { session } = ctx;
  return (
    <div className="card-body">
      <p className="suggestion-preview">
        <del>{body.original}</del> → <ins>{body.proposed || '(delete)'}</ins>
      </p>
      <p className="muted">{CATEGORY_LABELS[body.category]}</p>
      {body.rationale && <p className="rationale">{body.rationale}</p>}
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
      />
      {body.state === 'proposed' && <RemoveButton id={id} ctx={ctx} label="suggestion" />}
    </div>
  );
}

function CommentDetails({ id, body, ctx }: { id: string; body: CommentBody; ctx: CardContext }) {
  const { session } = ctx;
  const canAct = session.canAnnotate();
  return (
    <div className="card-body">
      <Thread
        label="Comment thread"
        messages={body.thread}
        disabled={!canAct || body.resolved}
        onReply={(t) => session.run((f) => f.reply(id, t))}
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

/** Stances as people read them. */
export const STANCE_LABELS: Record<(typeof STANCES)[number], string> = {
  supports: 'Supports the passage',
  refutes: 'Refutes the passage',
  context: 'Gives context',
};
