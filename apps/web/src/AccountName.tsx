/** The signed-in person's name in the header, and changing it in place (mentions of them follow: they hold the id). */
import { useState } from 'react';
import { api, describeError, type Me } from './api.ts';

/** The name, a button that opens a small form to change it. */
export function AccountName({ user, onRenamed }: { user: Me; onRenamed: (me: Me) => void }) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(user.name);
  const [error, setError] = useState<string | null>(null);
  if (!editing)
    return (
      <button
        type="button"
        className="quiet account-name"
        aria-label={`${user.name}: change your name`}
        onClick={() => {
          setName(user.name);
          setEditing(true);
        }}
      >
        {user.name}
      </button>
    );
  return (
    <form
      className="account-rename"
      onSubmit={(e) => {
        e.preventDefault();
        api.rename(name).then(
          (me) => {
            onRenamed(me);
            setEditing(false);
            setError(null);
          },
          (failure: unknown) => setError(describeError(failure)),
        );
      }}
    >
      <label>
        Your name{' '}
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          onKeyDown={(e) => e.key === 'Escape' && setEditing(false)}
        />
      </label>
      <button type="submit" className="primary">
        Save
      </button>
      <button type="button" onClick={() => setEditing(false)}>
        Cancel
      </button>
      {error && (
        <span role="alert" className="error">
          {error}
        </span>
      )}
    </form>
  );
}
