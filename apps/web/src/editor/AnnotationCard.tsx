/** One annotation's card in the margin: its head (kind, verdict, quote), who is editing it, and its details when active. */
import type { Presence, RatingScale, Source } from '@factmark/collab';
import { setAnnotationFocus } from '@factmark/editor';
import { forwardRef, memo } from 'react';
import type { Member } from '../api.ts';
import { KIND_LABELS } from '../labels.ts';
import { cardElementId, type DocumentSession } from '../session/document-session.ts';
import { CitationDetails, CommentDetails, CorrectionDetails } from './CardDetails.tsx';
import { CardHistory } from './CardHistory.tsx';
import { ClaimDetails } from './ClaimDetails.tsx';
import { formatTime, VerdictChip } from './fields.tsx';
import type { MentionPeople } from './mention-people.ts';
import type { WorkspaceEntry } from './workspace-model.ts';

/** What every card needs besides its annotation. */
export interface CardContext {
  session: DocumentSession;
  scale: RatingScale;
  sources: ReadonlyMap<string, Source>;
  members: readonly Member[];
  /** Who messages and rationales may mention. */
  people: MentionPeople;
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
        {active && body && (
          <CardHistory documentId={ctx.session.documentId} id={entry.id} members={ctx.members} version={body} />
        )}
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
