/** The margin column: its tabs (margin, sources, corrections log, summary, history: activity and versions), a drawer on narrow screens. */
import { may } from '@factmark/collab';
import { useEffect, useMemo, useRef } from 'react';
import type { Member } from '../api.ts';
import type { DocumentSession } from '../session/document-session.ts';
import { useSnapshot } from '../session/use-snapshot.ts';
import { ActivityList } from './ActivityList.tsx';
import type { CardContext } from './AnnotationCard.tsx';
import { CorrectionsLog } from './CorrectionsLog.tsx';
import { Margin } from './Margin.tsx';
import { mentionPeople } from './mention-people.ts';
import { SourcesPanel } from './SourcesPanel.tsx';
import { SummaryPanel } from './SummaryPanel.tsx';
import { VersionsPanel } from './VersionsPanel.tsx';

/** A panel of the margin column. */
export type Tab = 'margin' | 'sources' | 'log' | 'summary' | 'versions';
/** Each tab's label; `more` is read out but not shown (the row has to fit a 24rem column and a phone). */
const TABS: { id: Tab; label: string; more?: string }[] = [
  { id: 'margin', label: 'Margin' },
  { id: 'sources', label: 'Sources' },
  { id: 'log', label: 'Corrections', more: ' log' },
  { id: 'summary', label: 'Summary' },
  { id: 'versions', label: 'History' },
];

/** The column beside the article (a drawer over it when narrow). */
export function MarginColumn(props: {
  session: DocumentSession;
  members: Member[];
  /** The members after a mention shared the document with someone. */
  onMembers: (members: Member[]) => void;
  narrow: boolean;
  drawerOpen: boolean;
  onDrawer: (open: boolean) => void;
  tab: Tab;
  onTab: (t: Tab) => void;
}) {
  const { session, members, onMembers, narrow, drawerOpen, onDrawer, tab, onTab } = props;
  const role = useSnapshot(session, (s) => s.role);
  const scale = useSnapshot(session, (s) => s.scale);
  const sources = useSnapshot(session, (s) => s.sources);
  const activeId = useSnapshot(session, (s) => s.activeId);
  const count = useSnapshot(session, (s) => s.annotations.length);
  const ctx: CardContext = useMemo(
    () => ({
      session,
      scale,
      sources: new Map(sources.map((s) => [s.source.id, s.source])),
      members,
      people: mentionPeople(session.documentId, members, session.user.id, may(role, 'share'), onMembers),
    }),
    [session, scale, sources, members, role, onMembers],
  );

  // A highlight clicked on a narrow screen opens the drawer on its card.
  const lastActive = useRef(activeId);
  useEffect(() => {
    if (narrow && activeId && activeId !== lastActive.current) {
      onDrawer(true);
      onTab('margin');
    }
    lastActive.current = activeId;
  }, [narrow, activeId, onDrawer, onTab]);

  return (
    <aside
      className={`margin${narrow ? ' drawer' : ''}${drawerOpen ? ' open' : ''}`}
      aria-label="Margin"
      hidden={narrow && !drawerOpen}
      id="margin"
    >
      {narrow && (
        <button type="button" className="drawer-close" onClick={() => onDrawer(false)}>
          Close margin
        </button>
      )}
      <Tabs tab={tab} onChange={onTab} counts={{ margin: count, sources: sources.length }} />
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="tab-panel">
        {tab === 'margin' && <Margin session={session} ctx={ctx} aligned={!narrow} />}
        {tab === 'sources' && <SourcesPanel session={session} />}
        {tab === 'log' && <CorrectionsLog session={session} />}
        {tab === 'summary' && <SummaryPanel session={session} />}
        {tab === 'versions' && (
          <>
            <ActivityList
              session={session}
              members={members}
              onOpen={(id) => {
                onTab('margin');
                session.setActive(id, true);
              }}
            />
            <VersionsPanel session={session} />
          </>
        )}
      </div>
    </aside>
  );
}

function Tabs(props: { tab: Tab; onChange: (t: Tab) => void; counts: Partial<Record<Tab, number>> }) {
  const refs = useRef(new Map<Tab, HTMLButtonElement>());
  const move = (delta: number) => {
    const i = TABS.findIndex((t) => t.id === props.tab);
    const next = TABS[(i + delta + TABS.length) % TABS.length] as (typeof TABS)[number];
    props.onChange(next.id);
    refs.current.get(next.id)?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label="Margin panels">
      {TABS.map((t) => (
        <button
          key={t.id}
          ref={(el) => {
            if (el) refs.current.set(t.id, el);
          }}
          type="button"
          role="tab"
          id={`tab-${t.id}`}
          aria-selected={props.tab === t.id}
          aria-controls={`panel-${t.id}`}
          tabIndex={props.tab === t.id ? 0 : -1}
          onClick={() => props.onChange(t.id)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowRight') move(1);
            else if (e.key === 'ArrowLeft') move(-1);
          }}
        >
          {t.label}
          {t.more && <span className="visually-hidden">{t.more}</span>}
          {props.counts[t.id] !== undefined && <span className="count">{props.counts[t.id]}</span>}
        </button>
      ))}
    </div>
  );
}
