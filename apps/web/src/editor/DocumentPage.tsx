import type { PresenceUser, Role } from '@factmark/collab';
import { type KeyboardEvent, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { getDocument, listMembers, type Member } from '../api.ts';
import { type DocumentSession, DocumentSession as Session, type SessionSnapshot } from '../session/document-session.ts';
import type { PendingChange } from '../session/unconfirmed.ts';
import { useSnapshot, whole } from '../session/use-snapshot.ts';
import type { CardContext } from './AnnotationCard.tsx';
import { Composer } from './Composer.tsx';
import { CorrectionsLog } from './CorrectionsLog.tsx';
import { HelpDialog } from './HelpDialog.tsx';
import { Margin } from './Margin.tsx';
import { PresenceList } from './PresenceList.tsx';
import { SourcesPanel } from './SourcesPanel.tsx';
import { SummaryPanel } from './SummaryPanel.tsx';
import { matchesShortcut, SHORTCUTS, shortcutLabel } from './shortcuts.ts';
import { VersionsPanel } from './VersionsPanel.tsx';

/** Below this width the margin becomes a drawer over the article. */
const NARROW = '(max-width: 760px)';

function useMediaQuery(query: string): boolean {
  const [matches, setMatches] = useState(() => matchMedia(query).matches);
  useEffect(() => {
    const list = matchMedia(query);
    const onChange = () => setMatches(list.matches);
    list.addEventListener('change', onChange);
    return () => list.removeEventListener('change', onChange);
  }, [query]);
  return matches;
}

/** One document: the article editor, the margin with its panels, and who is here. */
export function DocumentPage({ id, user }: { id: string; user: PresenceUser }) {
  const mount = useRef<HTMLDivElement>(null);
  const [session, setSession] = useState<DocumentSession | null>(null);
  const [members, setMembers] = useState<Member[]>([]);
  const initialUser = useRef(user);
  const [error, setError] = useState<string | null>(null);
  const narrow = useMediaQuery(NARROW);
  const [tab, setTab] = useState<Tab>('margin');
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [help, setHelp] = useState(false);
  const toolbar = useRef<HTMLDivElement>(null);

  // After the server refuses a change, a new session loads the server's copy and makes the changes
  // it had not confirmed again (the refused one is read-only until then).
  const [generation, setGeneration] = useState(0);
  const toReplay = useRef<{ replay: PendingChange[]; refusal: string } | undefined>(undefined);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new generation opens the document again
  useEffect(() => {
    let opened: DocumentSession | null = null;
    let cancelled = false;
    getDocument(id).then(
      ({ role }: { role: Role }) => {
        if (cancelled || !mount.current) return;
        const replay = toReplay.current;
        toReplay.current = undefined;
        opened = new Session(id, initialUser.current, role, mount.current, {
          ...(replay ? replay : {}),
          onRefused: (pending, reason) => {
            toReplay.current = { replay: pending, refusal: reason };
            setGeneration((g) => g + 1);
          },
        });
        setSession(opened);
      },
      (e: Error) => setError(e.message),
    );
    listMembers(id).then(setMembers, () => setMembers([]));
    return () => {
      cancelled = true;
      opened?.destroy();
    };
  }, [id, generation]);

  useEffect(() => {
    session?.setUser(user);
  }, [session, user]);

  // Help from anywhere on the page.
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (matchesShortcut(e, SHORTCUTS.help.keys)) {
        e.preventDefault();
        setHelp(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const onEditorKey = (e: KeyboardEvent) => {
    if (matchesShortcut(e.nativeEvent, SHORTCUTS.toolbar.keys)) {
      const first = toolbar.current?.querySelector('button');
      if (first) {
        e.preventDefault();
        first.focus();
      }
    }
  };

  return (
    <main className="document-page">
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {session && (
        <StatusBar
          session={session}
          narrow={narrow}
          drawerOpen={drawerOpen}
          onToggleDrawer={() => setDrawerOpen((o) => !o)}
          onHelp={() => setHelp(true)}
        />
      )}
      {session && <Notice session={session} />}
      {session && <NotKept session={session} />}
      <div className={`workspace${narrow ? ' narrow' : ''}`}>
        <div className="article-column">
          {/* biome-ignore lint/a11y/noStaticElementInteractions: Alt+F10 from the editor inside moves to the toolbar */}
          <div className="editor-wrap" onKeyDown={onEditorKey}>
            <div ref={mount} className="editor" />
            {session && <SelectionToolbar session={session} toolbar={toolbar} />}
          </div>
        </div>
        {session && (
          <MarginColumn
            session={session}
            members={members}
            narrow={narrow}
            drawerOpen={drawerOpen}
            onDrawer={setDrawerOpen}
            tab={tab}
            onTab={setTab}
          />
        )}
      </div>
      {session && <Composer session={session} />}
      <HelpDialog open={help} onClose={() => setHelp(false)} />
    </main>
  );
}

type Tab = 'margin' | 'sources' | 'log' | 'summary' | 'versions';
const TABS: { id: Tab; label: string }[] = [
  { id: 'margin', label: 'Margin' },
  { id: 'sources', label: 'Sources' },
  { id: 'log', label: 'Corrections log' },
  { id: 'summary', label: 'Summary' },
  { id: 'versions', label: 'Versions' },
];

/** The changes a refusal left that the server's copy could not take again, to copy elsewhere. */
function NotKept({ session }: { session: DocumentSession }) {
  const snap = useSnapshot(session, whole);
  if (!snap.refusal && snap.notKept.length === 0) return null;
  return (
    <section role="alert" aria-label="Changes not kept" className="error notice not-kept">
      <p>
        The server refused a change: {snap.refusal ?? 'see below'}. This page loaded the server's copy and made your
        other changes again.
        {snap.notKept.length > 0 && ' Your role does not allow these any more; copy what you need:'}
      </p>
      {snap.notKept.length > 0 && (
        <ul>
          {snap.notKept.map((change, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the list never changes order
            <li key={i}>
              <textarea readOnly rows={2} value={change.label} aria-label="Change not kept" />
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="quiet" onClick={() => session.dismissNotKept()}>
        Dismiss
      </button>
    </section>
  );
}

function Notice({ session }: { session: DocumentSession }) {
  const snap = useSnapshot(session, whole);
  if (!snap.notice || snap.composer) return null;
  return (
    <div role="alert" className="error notice">
      {snap.notice}{' '}
      <button type="button" className="quiet" onClick={() => session.clearNotice()}>
        Dismiss
      </button>
    </div>
  );
}

function MarginColumn(props: {
  session: DocumentSession;
  members: Member[];
  narrow: boolean;
  drawerOpen: boolean;
  onDrawer: (open: boolean) => void;
  tab: Tab;
  onTab: (t: Tab) => void;
}) {
  const { session, members, narrow, drawerOpen, onDrawer, tab, onTab } = props;
  const snap = useSnapshot(session, whole);
  const ctx: CardContext = useMemo(
    () => ({
      session,
      scale: snap.scale,
      sources: new Map(snap.sources.map((s) => [s.source.id, s.source])),
      members,
    }),
    [session, snap.scale, snap.sources, members],
  );

  // A highlight clicked on a narrow screen opens the drawer on its card.
  const lastActive = useRef(snap.activeId);
  useEffect(() => {
    if (narrow && snap.activeId && snap.activeId !== lastActive.current) {
      onDrawer(true);
      onTab('margin');
    }
    lastActive.current = snap.activeId;
  }, [narrow, snap.activeId, onDrawer, onTab]);

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
      <Tabs tab={tab} onChange={onTab} counts={{ margin: snap.annotations.length, sources: snap.sources.length }} />
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="tab-panel">
        {tab === 'margin' && <Margin session={session} ctx={ctx} aligned={!narrow} />}
        {tab === 'sources' && <SourcesPanel session={session} />}
        {tab === 'log' && <CorrectionsLog session={session} />}
        {tab === 'summary' && <SummaryPanel session={session} />}
        {tab === 'versions' && <VersionsPanel session={session} />}
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
          {props.counts[t.id] !== undefined && <span className="count">{props.counts[t.id]}</span>}
        </button>
      ))}
    </div>
  );
}

function connectionLabel(snap: SessionSnapshot): string {
  if (snap.error) return snap.error;
  const pending = snap.unsynced > 0 && snap.synced;
  const changes = `${snap.unsynced} ${snap.unsynced === 1 ? 'change' : 'changes'}`;
  if (snap.connection === 'online')
    return snap.synced ? (pending ? `Online · sending ${changes}` : 'Online') : 'Loading…';
  if (!snap.ready)
    return snap.connection === 'offline' ? 'Offline: no copy of this document in this browser yet' : 'Connecting…';
  const kept = 'kept in this browser';
  if (snap.connection === 'offline')
    return snap.unsynced > 0 ? `Offline · ${changes} not yet sent (${kept})` : `Offline · edits are ${kept}`;
  return snap.unsynced > 0 ? `Reconnecting… ${changes} not yet sent` : 'Reconnecting…';
}

function StatusBar(props: {
  session: DocumentSession;
  narrow: boolean;
  drawerOpen: boolean;
  onToggleDrawer: () => void;
  onHelp: () => void;
}) {
  const snap = useSnapshot(props.session, whole);
  const state = snap.error ? 'error' : snap.connection;
  return (
    <div className="status-bar">
      <output className={`connection connection-${state}`} aria-live="polite">
        {connectionLabel(snap)}
      </output>
      <span className="role-badge">{ROLE_LABELS[snap.role]}</span>
      <PresenceList presence={snap.presence} />
      <span className="status-actions">
        {props.narrow && (
          <button type="button" aria-expanded={props.drawerOpen} aria-controls="margin" onClick={props.onToggleDrawer}>
            Margin <span className="count">{snap.annotations.length}</span>
          </button>
        )}
        <button type="button" onClick={props.onHelp} aria-keyshortcuts="Control+/">
          Shortcuts
        </button>
      </span>
    </div>
  );
}

const ROLE_LABELS = {
  owner: 'Owner',
  editor: 'Editor',
  commenter: 'Commenter: you can annotate, not edit the text',
  viewer: 'Viewer: read only',
} as const;

const TOOLBAR_ACTIONS = [
  { kind: 'claim', label: 'Claim', shortcut: SHORTCUTS.claim.keys },
  { kind: 'citation', label: 'Cite source', shortcut: SHORTCUTS.citation.keys },
  { kind: 'correction', label: 'Suggest correction', shortcut: SHORTCUTS.correction.keys },
  { kind: 'comment', label: 'Comment', shortcut: SHORTCUTS.comment.keys },
] as const;

function SelectionToolbar(props: { session: DocumentSession; toolbar: React.RefObject<HTMLDivElement | null> }) {
  const { session } = props;
  const snap = useSnapshot(session, whole);
  const [shift, setShift] = useState(0);
  // Keep the toolbar inside the article column: move it left when it would overflow on the right.
  // biome-ignore lint/correctness/useExhaustiveDependencies: measure again whenever the selection moves
  useLayoutEffect(() => {
    const el = props.toolbar.current;
    const parent = el?.parentElement;
    if (!el || !parent) return;
    const overflow = el.getBoundingClientRect().right - parent.getBoundingClientRect().right;
    const next = Math.max(0, shift + overflow);
    if (Math.abs(next - shift) > 0.5) setShift(next);
  }, [snap.selection?.left, snap.selection?.top, shift]);
  if (!snap.selection || !session.canAnnotate()) return null;
  const act = (kind: (typeof TOOLBAR_ACTIONS)[number]['kind']) => {
    if (kind === 'claim') session.markClaim();
    else session.openComposer(kind);
  };
  return (
    <div
      ref={props.toolbar}
      className="selection-toolbar"
      role="toolbar"
      aria-label="Annotate the selection"
      style={{ top: snap.selection.top - 44, left: Math.max(0, snap.selection.left - shift) }}
      onKeyDown={(e) => {
        const buttons = [...(props.toolbar.current?.querySelectorAll('button') ?? [])];
        const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
        if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
          e.preventDefault();
          buttons[(i + (e.key === 'ArrowRight' ? 1 : -1) + buttons.length) % buttons.length]?.focus();
        } else if (e.key === 'Escape') {
          e.preventDefault();
          session.view.focus();
        }
      }}
    >
      {TOOLBAR_ACTIONS.map((a, i) => (
        <button
          key={a.kind}
          type="button"
          tabIndex={i === 0 ? 0 : -1}
          aria-keyshortcuts={shortcutLabel(a.shortcut).replace(/\+/g, '+')}
          // Keep the editor's selection and focus: act on mousedown, before focus moves.
          onMouseDown={(e) => {
            e.preventDefault();
            act(a.kind);
          }}
          onClick={(e) => {
            // Keyboard activation (Enter/Space) arrives as a click without mousedown.
            if (e.detail === 0) act(a.kind);
          }}
          title={`${a.label} (${shortcutLabel(a.shortcut)})`}
        >
          {a.label} <kbd>{shortcutLabel(a.shortcut)}</kbd>
        </button>
      ))}
    </div>
  );
}
