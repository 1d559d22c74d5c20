/** The page's status: the connection in words, the role, who is here, and the notices of refused commands and changes. */

import { ROLE_EXPLAINED } from '../labels.ts';
import type { DocumentSession, SessionSnapshot } from '../session/document-session.ts';
import { useSnapshot, whole } from '../session/use-snapshot.ts';
import { PresenceList } from './PresenceList.tsx';

/** The connection's state in words: online, sending, offline with what is kept, reconnecting. */
export function connectionLabel(snap: SessionSnapshot): string {
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

/** The bar above the article. */
export function StatusBar(props: {
  session: DocumentSession;
  narrow: boolean;
  drawerOpen: boolean;
  onToggleDrawer: () => void;
  onHelp: () => void;
  onExport: () => void;
}) {
  const snap = useSnapshot(props.session, whole);
  // Online but the server's copy not here yet reads as loading (amber), not as online (green).
  const state = snap.error ? 'error' : snap.connection === 'online' && !snap.synced ? 'connecting' : snap.connection;
  return (
    <div className="status-bar">
      <output className={`connection connection-${state}`} aria-live="polite">
        {connectionLabel(snap)}
      </output>
      <span className="role-badge">{ROLE_EXPLAINED[snap.role]}</span>
      <PresenceList presence={snap.presence} />
      <span className="status-actions">
        {props.narrow && (
          <button type="button" aria-expanded={props.drawerOpen} aria-controls="margin" onClick={props.onToggleDrawer}>
            Margin <span className="count">{snap.annotations.length}</span>
          </button>
        )}
        <button type="button" onClick={props.onExport} aria-haspopup="dialog">
          Export / import
        </button>
        <button type="button" onClick={props.onHelp} aria-keyshortcuts="Control+/">
          Shortcuts
        </button>
      </span>
    </div>
  );
}

/** The changes a refusal left that the server's copy could not take again, to copy elsewhere. */
export function NotKept({ session }: { session: DocumentSession }) {
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

/** The last refused command, for people (hidden while a composer shows it). */
export function Notice({ session }: { session: DocumentSession }) {
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
