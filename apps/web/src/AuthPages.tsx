/** The sign-in, sign-up and first-administrator setup pages. */
import { type FormEvent, useState } from 'react';
import { api, describeError, type Me } from './api.ts';
import { navigate } from './router.ts';

function Field(props: { label: string; name: string; type?: string; autoComplete?: string }) {
  return (
    <label>
      {props.label}
      <input name={props.name} type={props.type ?? 'text'} autoComplete={props.autoComplete} required />
    </label>
  );
}

function useSubmit(run: (data: FormData) => Promise<Me>, onDone: (me: Me) => void) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onDone(await run(new FormData(e.currentTarget)));
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  };
  return { error, busy, submit };
}

const text = (data: FormData, key: string) => String(data.get(key) ?? '');

/** Sign-in form. */
export function SignInPage({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const { error, busy, submit } = useSubmit((d) => api.signIn(text(d, 'email'), text(d, 'password')), onSignedIn);
  return (
    <main className="auth-page">
      <h1>Sign in</h1>
      <form onSubmit={submit} className="auth-form">
        <Field label="Email" name="email" type="email" autoComplete="email" />
        <Field label="Password" name="password" type="password" autoComplete="current-password" />
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
      <p>
        No account yet?{' '}
        <a
          href="/signup"
          onClick={(e) => {
            e.preventDefault();
            navigate('/signup');
          }}
        >
          Create one
        </a>
      </p>
    </main>
  );
}

/** The name, email and password form that both sign-up and the first setup use. */
function AccountForm(props: {
  submitLabel: string;
  run: (d: FormData) => Promise<Me>;
  onDone: (me: Me) => void;
  blocked?: string;
}) {
  const { error, busy, submit } = useSubmit(props.run, props.onDone);
  return (
    <form onSubmit={submit} className="auth-form">
      <Field label="Name" name="name" autoComplete="name" />
      <Field label="Email" name="email" type="email" autoComplete="email" />
      <Field label="Password (at least 10 characters)" name="password" type="password" autoComplete="new-password" />
      {props.blocked && (
        <p role="alert" className="error">
          {props.blocked}
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy || Boolean(props.blocked)}>
        {props.submitLabel}
      </button>
    </form>
  );
}

const account = (d: FormData) => ({ name: text(d, 'name'), email: text(d, 'email'), password: text(d, 'password') });

/** Sign-up form. */
export function SignUpPage({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  return (
    <main className="auth-page">
      <h1>Create your account</h1>
      <AccountForm submitLabel="Create account" run={(d) => api.signUp(account(d))} onDone={onSignedIn} />
    </main>
  );
}

/** First start: create the administrator with the one-time token from the server's console (in the URL's fragment). */
export function SetupPage({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? '';
  return (
    <main className="auth-page">
      <h1>Set up Factmark</h1>
      <p>Create the first administrator. The demo document will be yours.</p>
      <AccountForm
        submitLabel="Create administrator"
        run={(d) => api.completeSetup({ token, ...account(d) })}
        onDone={onSignedIn}
        blocked={token ? undefined : 'This page needs the setup link the server printed when it started.'}
      />
    </main>
  );
}
