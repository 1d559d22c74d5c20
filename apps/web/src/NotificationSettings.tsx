/**
 * Which notifications a person gets: each kind in the app and by email (the inbox page's settings), and the page
 * an email's unsubscribe link opens — it asks before it stops anything, since mail scanners open links.
 */
import { NOTIFICATION_KINDS, type NotificationKind, type NotificationSettings } from '@factmark/api';
import { useEffect, useState } from 'react';
import { api, describeError } from './api.ts';

/** Each kind of notification, in words. */
export const KIND_WORDS: Record<NotificationKind, string> = {
  assigned: 'A claim is assigned to me',
  mention: 'Someone mentions me',
  reply: 'Someone answers a thread I started',
  decision: 'An editor decides on my correction',
  review: 'A verdict waits for a second check',
  webhook: 'A webhook I registered is paused',
};

/** The settings: a row per kind, a checkbox per channel, saved as each changes. */
export function NotificationSettingsSection() {
  const [settings, setSettings] = useState<NotificationSettings | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  useEffect(() => {
    api.notificationSettings().then(setSettings, (e: unknown) => setStatus(describeError(e)));
  }, []);
  if (!settings) return status ? <p role="alert">{status}</p> : null;
  const change = (kind: NotificationKind, channel: 'app' | 'email', on: boolean) => {
    const next = { ...settings.kinds[kind], [channel]: on };
    setSettings({ ...settings, kinds: { ...settings.kinds, [kind]: next } });
    api.setNotificationSettings({ ...settings.kinds, [kind]: next }).then(
      (saved) => {
        setSettings(saved);
        setStatus('Saved.');
      },
      (e: unknown) => setStatus(describeError(e)),
    );
  };
  return (
    <section className="notification-settings" aria-labelledby="notification-settings-heading">
      <h2 id="notification-settings-heading">Settings</h2>
      {!settings.emailAvailable && (
        <p className="muted">This server sends no email (no SMTP_URL is set): notifications come only here.</p>
      )}
      <table>
        <thead>
          <tr>
            <th scope="col">Tell me when…</th>
            <th scope="col">In the app</th>
            <th scope="col">By email</th>
          </tr>
        </thead>
        <tbody>
          {NOTIFICATION_KINDS.map((kind) => (
            <tr key={kind}>
              <th scope="row">{KIND_WORDS[kind]}</th>
              {(['app', 'email'] as const).map((channel) => (
                <td key={channel}>
                  <input
                    type="checkbox"
                    aria-label={`${KIND_WORDS[kind]}: ${channel === 'app' ? 'in the app' : 'by email'}`}
                    checked={settings.kinds[kind][channel]}
                    disabled={channel === 'email' && !settings.emailAvailable}
                    onChange={(e) => change(kind, channel, e.target.checked)}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p role="status" className="muted">
        {status}
      </p>
    </section>
  );
}

/** The page of an email's unsubscribe link (`/unsubscribe?u=…&t=…`): no sign-in needed. */
export function UnsubscribePage() {
  const query = new URLSearchParams(location.search);
  const [u, t] = [query.get('u') ?? '', query.get('t') ?? ''];
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <main className="auth-page">
      <h1>Stop emails from Factmark</h1>
      {done ? (
        <p role="status">
          No more emails go to {done}. Notifications still show in the app; turn emails back on under Notifications →
          Settings.
        </p>
      ) : (
        <>
          <p>Factmark will stop emailing you notifications. You still see them in the app.</p>
          <button
            type="button"
            className="primary"
            disabled={!u || !t}
            onClick={() =>
              api.unsubscribe(u, t).then(
                ({ email }) => setDone(email),
                (e: unknown) => setError(describeError(e)),
              )
            }
          >
            Stop emails
          </button>
        </>
      )}
      {(error || !u || !t) && (
        <p role="alert" className="error">
          {error ?? 'This unsubscribe link is not complete: open the one in your latest email.'}
        </p>
      )}
    </main>
  );
}
