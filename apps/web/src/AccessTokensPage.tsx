/**
 * Access tokens (`/tokens`): the tokens one made for other systems (a CMS, a tipline, a script) — each named, with
 * its scopes and expiry — making one (its secret shown this once, to copy) and revoking one.
 */
import type { AccessToken } from '@factmark/api';
import { ACCESS_SCOPES, type AccessScope } from '@factmark/collab';
import { useEffect, useState } from 'react';
import { api, describeError } from './api.ts';
import { ShownOnce } from './ShownOnce.tsx';

/** Each scope in words. */
const SCOPE_WORDS: Record<AccessScope, string> = {
  read: 'Read — documents, My work, notifications',
  annotate: 'Annotate — also claims, comments, corrections (as a commenter at most)',
  edit: 'Edit — also the article, imports, new documents (as an editor at most)',
  admin: 'Admin — also sharing and renaming (as an owner at most)',
};

/** The form that makes a token. */
function NewToken({ onMade }: { onMade: (token: string, tokens: AccessToken[]) => void }) {
  const [name, setName] = useState('');
  const [scope, setScope] = useState<AccessScope>('read');
  const [days, setDays] = useState('90');
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="new-token"
      onSubmit={(e) => {
        e.preventDefault();
        const expiresAt = days === 'never' ? null : new Date(Date.now() + Number(days) * 86_400_000).toISOString();
        api
          .createAccessToken({ name, scopes: [scope], expiresAt })
          .then(async ({ token }) => onMade(token, await api.accessTokens()))
          .then(
            () => {
              setName('');
              setError(null);
            },
            (failure: unknown) => setError(describeError(failure)),
          );
      }}
    >
      <h2>New token</h2>
      <label className="field">
        <span className="field-label">What will use it</span>
        <input value={name} maxLength={100} onChange={(e) => setName(e.target.value)} placeholder="The CMS" />
      </label>
      <fieldset>
        <legend>It may</legend>
        {ACCESS_SCOPES.map((s) => (
          <label key={s}>
            <input type="radio" name="scope" checked={scope === s} onChange={() => setScope(s)} /> {SCOPE_WORDS[s]}
          </label>
        ))}
      </fieldset>
      <label className="field">
        <span className="field-label">Expires</span>
        <select value={days} onChange={(e) => setDays(e.target.value)}>
          <option value="30">in 30 days</option>
          <option value="90">in 90 days</option>
          <option value="365">in a year</option>
          <option value="never">never</option>
        </select>
      </label>
      <button type="submit" className="primary">
        Make the token
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}

/** The page. */
export function AccessTokensPage() {
  const [tokens, setTokens] = useState<AccessToken[] | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.accessTokens().then(setTokens, (e: unknown) => setError(describeError(e)));
  }, []);
  return (
    <main className="my-work access-tokens">
      <h1>Access tokens</h1>
      <p className="muted">
        A token lets another system use Factmark's API as you — never with more than your own role on a document, and
        only what its scope allows. Send it as <code>Authorization: Bearer …</code>, or give it to the command line as{' '}
        <code>--token</code>.
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {secret && <ShownOnce words="Copy the token now: it is not shown again." label="The new token" value={secret} />}
      <ul className="work-list" aria-label="Your access tokens">
        {tokens?.length === 0 && <li className="muted">No tokens yet.</li>}
        {tokens?.map((t) => (
          <li key={t.id}>
            <strong>{t.name}</strong> <span className="muted">{t.scopes.join(', ')}</span>{' '}
            <span className="muted">
              made {t.createdAt.slice(0, 10)}, {t.expiresAt ? `expires ${t.expiresAt.slice(0, 10)}` : 'never expires'}
            </span>{' '}
            <button
              type="button"
              className="danger"
              aria-label={`Revoke ${t.name}`}
              onClick={() => api.revokeAccessToken(t.id).then(setTokens, (e: unknown) => setError(describeError(e)))}
            >
              Revoke
            </button>
          </li>
        ))}
      </ul>
      <NewToken
        onMade={(token, next) => {
          setSecret(token);
          setTokens(next);
        }}
      />
    </main>
  );
}
