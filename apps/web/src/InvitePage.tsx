/**
 * The page an invitation link opens (`/invite#token=…`): what the invitation is for, then — for an address without
 * an account — a name and a password to make it; for someone signed in as the invited address, a button to join.
 * Either way the person lands in the document with the role they were invited with.
 */
import { API_LIMITS, type InvitationSummary } from '@factmark/api';
import { type FormEvent, useEffect, useState } from 'react';
import { api, describeError, type Me } from './api.ts';
import { ROLE_IN_SENTENCE } from './labels.ts';
import { navigate } from './router.ts';

/** The secret of the link (after '#', so it never reaches a server's log or another site's Referer). */
function tokenFromAddress(): string {
  return new URLSearchParams(location.hash.slice(1)).get('token') ?? '';
}

/** The form that makes the invited person's account: the address fixed, a name and a password. */
function NewAccountForm(props: {
  email: string;
  busy: boolean;
  onSubmit: (account: { name: string; password: string }) => void;
}) {
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    props.onSubmit({ name: String(data.get('name') ?? ''), password: String(data.get('password') ?? '') });
  };
  return (
    <form onSubmit={submit} className="auth-form">
      <label>
        Email
        <input type="email" value={props.email} readOnly />
      </label>
      <label>
        Name
        <input name="name" autoComplete="name" required />
      </label>
      <label>
        Password (at least {API_LIMITS.passwordMin} characters)
        <input
          name="password"
          type="password"
          autoComplete="new-password"
          minLength={API_LIMITS.passwordMin}
          required
        />
      </label>
      <button type="submit" disabled={props.busy}>
        Make my account and join
      </button>
    </form>
  );
}

/** The invitation page; `user` is who is signed in (null: nobody). */
export function InvitePage(props: { user: Me | null; onJoined: (me: Me, documentId: string) => void }) {
  const [token] = useState(tokenFromAddress);
  const [summary, setSummary] = useState<InvitationSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    api.invitationSummary(token).then(setSummary, (e: unknown) => setError(describeError(e)));
  }, [token]);
  const accept = async (account?: { name: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      const { user, documentId } = await api.acceptInvitation(token, account);
      props.onJoined(user, documentId);
    } catch (e) {
      setError(describeError(e));
      setBusy(false);
    }
  };
  const signedInAsOther = props.user && summary && props.user.email !== summary.email;
  return (
    <main className="auth-page">
      <h1>Invitation</h1>
      {summary && (
        <p>
          {summary.invitedByName} invites {summary.email} to “{summary.documentTitle}” as{' '}
          {ROLE_IN_SENTENCE[summary.role]} (until {summary.expiresAt.slice(0, 10)}).
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {summary && props.user && !signedInAsOther && (
        <button type="button" disabled={busy} onClick={() => void accept()}>
          Join the document
        </button>
      )}
      {summary && signedInAsOther && (
        <p>
          You are signed in as {props.user?.email}: sign out, then open the link again as {summary.email}.
        </p>
      )}
      {summary && !props.user && summary.accountExists && (
        <p>
          An account with {summary.email} exists:{' '}
          <a
            href="/signin"
            onClick={(e) => {
              e.preventDefault();
              navigate('/signin');
            }}
          >
            sign in
          </a>
          , then open the link again.
        </p>
      )}
      {summary && !props.user && !summary.accountExists && (
        <NewAccountForm email={summary.email} busy={busy} onSubmit={(account) => void accept(account)} />
      )}
    </main>
  );
}
