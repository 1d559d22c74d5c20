/**
 * Notifications: the header's unread count (live, from the server's event stream) and the
 * inbox — what colleagues' changes told you (an assignment, a mention, a reply to your thread, a decision on your
 * correction, a verdict to check), newest first, each opening the annotation; mark one or all read; and the settings.
 */
import type { Notice } from '@factmark/api';
import { useCallback, useEffect, useState } from 'react';
import { api, describeError } from './api.ts';
import { annotationLink } from './editor/annotation-link.ts';
import { NotificationSettingsSection } from './NotificationSettings.tsx';
import { navigate } from './router.ts';
import { useUnread } from './unread-feed.ts';

/**
 * The inbox as the server has it, asked again whenever the live unread count changes (a notification came, or one
 * was read in another tab).
 */
/** Where a notice leads: the card it is about, or (a paused webhook) the endpoint's page. */
function noticeLink(n: Notice): string {
  if (n.kind !== 'webhook') return annotationLink(n.documentId, n.annotationId);
  return n.annotationId === 'desk' ? '/webhooks' : `/d/${encodeURIComponent(n.documentId)}/webhooks`;
}

function useInbox(): { notices: Notice[] | null; unread: number; error: string | null; reload: () => void } {
  const unread = useUnread();
  const [notices, setNotices] = useState<Notice[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => {
    api.notifications().then(
      ({ notifications }) => {
        setNotices(notifications);
        setError(null);
      },
      (e: unknown) => setError(describeError(e)),
    );
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new count is the reason to ask again
  useEffect(reload, [reload, unread]);
  return { notices, unread, error, reload };
}

/** The header's link to the inbox, with the unread count. */
export function NotificationsLink() {
  const unread = useUnread();
  return (
    <a
      href="/notifications"
      aria-label={unread ? `Notifications, ${unread} unread` : 'Notifications'}
      onClick={(e) => {
        e.preventDefault();
        navigate('/notifications');
      }}
    >
      Notifications {unread > 0 && <span className="unread-count">{unread}</span>}
    </a>
  );
}

/** The inbox page. */
export function NotificationsPage() {
  const { notices, unread, error, reload } = useInbox();
  const read = (ids?: string[]) => void api.markNotificationsRead(ids).then(reload, () => reload());
  return (
    <main className="my-work notifications">
      <h1>Notifications</h1>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <p>
        {unread} unread{' '}
        {unread > 0 && (
          <button type="button" onClick={() => read()}>
            Mark all read
          </button>
        )}
      </p>
      {notices?.length === 0 && <p className="muted">Nothing yet.</p>}
      <ul className="work-list" aria-label="Notifications">
        {notices?.map((n) => (
          <li key={n.id} className={n.readAt ? 'read' : 'unread'}>
            <a
              href={noticeLink(n)}
              onClick={(e) => {
                e.preventDefault();
                if (!n.readAt) read([n.id]);
                navigate(noticeLink(n));
              }}
            >
              {n.text}
            </a>{' '}
            <span className="muted">
              in {n.documentTitle}, {n.createdAt.slice(0, 16).replace('T', ' ')}
            </span>{' '}
            {!n.readAt && (
              <button type="button" className="quiet" onClick={() => read([n.id])} aria-label={`Mark read: ${n.text}`}>
                Mark read
              </button>
            )}
          </li>
        ))}
      </ul>
      <NotificationSettingsSection />
    </main>
  );
}
