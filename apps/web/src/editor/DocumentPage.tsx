/** The document page: the article editor with its status, notices and selection toolbar, the margin column, the composer and help. */
import type { PresenceUser, Role } from '@factmark/collab';
import { type KeyboardEvent, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { api, describeError, type Member } from '../api.ts';
import { type DocumentSession, DocumentSession as Session } from '../session/document-session.ts';
import { type EarlyConnection, takeEarlyConnection } from '../session/early-connection.ts';
import { syncAccessFor } from '../session/early-sync-access.ts';
import type { PendingChange } from '../session/unconfirmed.ts';
import { AnnotationLinkFocus } from './annotation-link.ts';
import { Composer } from './Composer.tsx';
import { ExportImportDialog } from './ExportImportDialog.tsx';
import { HelpDialog } from './HelpDialog.tsx';
import { MarginColumn, type Tab } from './MarginColumn.tsx';
import { SelectionToolbar } from './SelectionToolbar.tsx';
import { Notice, NotKept, StatusBar } from './StatusBar.tsx';
import { matchesShortcut, SHORTCUTS } from './shortcuts.ts';
import { VerdictHighlights } from './VerdictHighlights.tsx';

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

/**
 * The session of document `id`, opened in the element `mount` holds. After
 * the server refuses a change, a new session loads the server's copy and
 * makes the changes the refused one had not confirmed again (the refused one
 * is read-only until then).
 */
function useDocumentSession(id: string, user: PresenceUser) {
  const mount = useRef<HTMLDivElement>(null);
  const [session, setSession] = useState<DocumentSession | null>(null);
  const [members, setMembers] = useState<Member[]>([]);
  const initialUser = useRef(user);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const toReplay = useRef<{ replay: PendingChange[]; refusal: string } | undefined>(undefined);

  // A layout effect: the session opens as the page is first rendered, not a painted frame later. Its editor is
  // drawn before the server's copy is applied (the early connection holds it until the session listens), so the
  // article is drawn once either way.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new generation opens the document again
  useLayoutEffect(() => {
    let opened: DocumentSession | null = null;
    let cancelled = false;
    const open = (role: Role, token?: string, early?: EarlyConnection | null) => {
      if (cancelled || !mount.current) {
        early?.connection.destroy();
        early?.doc.destroy();
        return;
      }
      const replay = toReplay.current;
      toReplay.current = undefined;
      opened = new Session(id, initialUser.current, role, mount.current, {
        ...(replay ? replay : {}),
        ...(token ? { token } : {}),
        early,
        onRefused: (pending, reason) => {
          toReplay.current = { replay: pending, refusal: reason };
          setGeneration((g) => g + 1);
        },
      });
      setSession(opened);
    };
    // The sync token carries the role: online, the page opens the document after one request, not two in series;
    // the document's metadata is fetched after that, for the copy the service worker keeps for offline use.
    // Offline, or refused, the metadata answers instead: from the service worker's copy, or with the reason.
    syncAccessFor(id).then(
      async ({ token, role }) => {
        // The connection opened on the same answer as the app started, when there is one (the first open only).
        open(role, token, await takeEarlyConnection(id));
        void api.getDocument(id).catch(() => undefined);
      },
      () =>
        api.getDocument(id).then(
          ({ role }) => open(role),
          (e: unknown) => setError(describeError(e)),
        ),
    );
    api.listMembers(id).then(setMembers, () => setMembers([]));
    return () => {
      cancelled = true;
      opened?.destroy();
    };
  }, [id, generation]);

  return { mount, session, error, members, setMembers };
}

/** Help from anywhere on the page: its shortcut calls `open`. */
function useHelpShortcut(open: () => void): void {
  const latest = useRef(open);
  latest.current = open;
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (matchesShortcut(e, SHORTCUTS.help.keys)) {
        e.preventDefault();
        latest.current();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/** One document: the article editor, the margin with its panels, and who is here. */
export function DocumentPage({ id, user }: { id: string; user: PresenceUser }) {
  const narrow = useMediaQuery(NARROW);
  const [tab, setTab] = useState<Tab>('margin');
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [help, setHelp] = useState(false);
  const [exporting, setExporting] = useState(false);
  const toolbar = useRef<HTMLDivElement>(null);

  const { mount, session, error, members, setMembers } = useDocumentSession(id, user);

  useEffect(() => {
    session?.setUser(user);
  }, [session, user]);

  useHelpShortcut(() => setHelp(true));

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
          onExport={() => setExporting(true)}
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
            onMembers={setMembers}
            narrow={narrow}
            drawerOpen={drawerOpen}
            onDrawer={setDrawerOpen}
            tab={tab}
            onTab={setTab}
          />
        )}
      </div>
      {session && <Composer session={session} />}
      {session && <VerdictHighlights session={session} />}
      {session && <AnnotationLinkFocus session={session} />}
      <HelpDialog open={help} onClose={() => setHelp(false)} />
      {session && <ExportImportDialog open={exporting} onClose={() => setExporting(false)} session={session} />}
    </main>
  );
}
