import type { PresenceUser } from '@factmark/collab';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { getDocument } from '../api.ts';
import { ClaimPanel } from './ClaimPanel.tsx';
import { PresenceList } from './PresenceList.tsx';
import { DocumentSession } from './session.ts';

/** Shortcut text shown to people, for the platform they are on. */
const MARK_CLAIM_KEYS = /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘⌥C' : 'Ctrl+Alt+C';

/** One document: the article editor, the claims panel and who is here. */
export function DocumentPage({ id, user }: { id: string; user: PresenceUser }) {
  const mount = useRef<HTMLDivElement>(null);
  const [session, setSession] = useState<DocumentSession | null>(null);
  const initialUser = useRef(user);

  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let session: DocumentSession | null = null;
    let cancelled = false;
    getDocument(id).then(
      ({ role }) => {
        if (cancelled || !mount.current) return;
        session = new DocumentSession(id, initialUser.current, role, mount.current);
        setSession(session);
      },
      (e: Error) => setError(e.message),
    );
    return () => {
      cancelled = true;
      session?.destroy();
    };
  }, [id]);

  useEffect(() => {
    session?.setUser(user);
  }, [session, user]);

  return (
    <main className="document-page">
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="article-column">
        {session && <StatusBar session={session} />}
        <div className="editor-wrap">
          <div ref={mount} className="editor" />
          {session && <SelectionToolbar session={session} />}
        </div>
      </div>
      {session && <ClaimPanel session={session} />}
    </main>
  );
}

function StatusBar({ session }: { session: DocumentSession }) {
  const snap = useSyncExternalStore(session.subscribe, session.getSnapshot);
  const label = snap.error
    ? snap.error
    : !snap.synced
      ? 'Loading…'
      : snap.connection === 'online'
        ? 'Online'
        : snap.connection === 'connecting'
          ? 'Reconnecting…'
          : 'Offline';
  return (
    <div className="status-bar">
      <output className={`connection connection-${snap.error ? 'error' : snap.connection}`} aria-live="polite">
        {label}
      </output>
      <span className="role-badge">{ROLE_LABELS[snap.role]}</span>
      <PresenceList presence={snap.presence} />
    </div>
  );
}

const ROLE_LABELS = {
  owner: 'Owner',
  editor: 'Editor',
  commenter: 'Commenter: you can annotate, not edit the text',
  viewer: 'Viewer: read only',
} as const;

function SelectionToolbar({ session }: { session: DocumentSession }) {
  const snap = useSyncExternalStore(session.subscribe, session.getSnapshot);
  if (!snap.selection || snap.role === 'viewer') return null;
  return (
    <div
      className="selection-toolbar"
      role="toolbar"
      aria-label="Selection"
      style={{ top: snap.selection.top - 44, left: Math.max(0, snap.selection.left) }}
    >
      <button
        type="button"
        // Keep the editor's selection: act on mousedown, before focus moves.
        onMouseDown={(e) => {
          e.preventDefault();
          session.markClaim();
        }}
        onClick={(e) => {
          // Keyboard activation (Enter/Space) arrives as click without mousedown.
          if (e.detail === 0) session.markClaim();
        }}
        title={`Mark claim (${MARK_CLAIM_KEYS})`}
      >
        Mark claim <kbd>{MARK_CLAIM_KEYS}</kbd>
      </button>
    </div>
  );
}
