/** The app shell: who is signed in, the route, and the page it shows (documents, a document, sign-in, sign-up, setup, an invitation). */
import type { PresenceUser } from '@factmark/collab';
import { colorFor } from '@factmark/collab';
import { useLayoutEffect, useState } from 'react';
import { AccessTokensPage } from './AccessTokensPage.tsx';
import { AccountName } from './AccountName.tsx';
import { SetupPage, SignInPage, SignUpPage } from './AuthPages.tsx';
import { type ApiError, api, describeError, type Me } from './api.ts';
import { DocumentList } from './DocumentList.tsx';
import { DocumentPage } from './editor/DocumentPage.tsx';
import { InvitePage } from './InvitePage.tsx';
import { MyWorkPage } from './MyWorkPage.tsx';
import { UnsubscribePage } from './NotificationSettings.tsx';
import { NotificationsLink, NotificationsPage } from './NotificationsPage.tsx';
import { forgetOfflineData } from './offline.ts';
import { navigate, useRoute } from './router.ts';
import { WebhooksPage } from './WebhooksPage.tsx';

/** The header: the app's name (to the documents), My work, notifications, who is signed in (their name changed in place), and signing out. */
function AppHeader(props: { user: Me; onSignedOut: () => void; onRenamed: (me: Me) => void }) {
  return (
    <header className="app-header">
      <a
        className="brand"
        href="/"
        onClick={(e) => {
          e.preventDefault();
          navigate('/');
        }}
      >
        Factmark
      </a>
      <nav className="app-nav" aria-label="Desk">
        <a
          href="/work"
          onClick={(e) => {
            e.preventDefault();
            navigate('/work');
          }}
        >
          My work
        </a>
        <NotificationsLink />
      </nav>
      <div className="account">
        <AccountName user={props.user} onRenamed={props.onRenamed} />
        <a
          href="/tokens"
          onClick={(e) => {
            e.preventDefault();
            navigate('/tokens');
          }}
        >
          Access tokens
        </a>
        {props.user.isAdmin && (
          <a
            href="/webhooks"
            onClick={(e) => {
              e.preventDefault();
              navigate('/webhooks');
            }}
          >
            Desk webhooks
          </a>
        )}
        <button
          type="button"
          onClick={() => {
            void api
              .signOut()
              .then(forgetOfflineData)
              .then(() => {
                props.onSignedOut();
                navigate('/signin');
              });
          }}
        >
          Sign out
        </button>
      </div>
    </header>
  );
}

/** The whole app: who is signed in, a header, and the current page. */
export function App() {
  const route = useRoute();
  const [user, setUser] = useState<Me | null | undefined>(undefined);
  const [loadError, setLoadError] = useState<string | null>(null);

  // A layout effect, not an effect: Preact runs effects only after the next frame is painted, and the page has
  // nothing to paint before it knows who is here (the boot script's answer is usually in by now).
  useLayoutEffect(() => {
    api.me().then(setUser, (e: ApiError) => {
      if (e.status === 401) setUser(null);
      else setLoadError(describeError(e));
    });
  }, []);

  const signedIn = (u: Me) => {
    setUser(u);
    navigate('/');
  };

  if (loadError)
    return (
      <p role="alert" className="error">
        {loadError}
      </p>
    );
  if (user === undefined) return <p className="loading">Loading…</p>;
  if (route.page === 'setup') return <SetupPage onSignedIn={signedIn} />;
  if (route.page === 'unsubscribe') return <UnsubscribePage />;
  if (route.page === 'invite')
    return (
      <InvitePage
        user={user}
        onJoined={(me, documentId) => {
          setUser(me);
          navigate(`/d/${documentId}`);
        }}
      />
    );
  if (!user)
    return route.page === 'signup' ? <SignUpPage onSignedIn={signedIn} /> : <SignInPage onSignedIn={signedIn} />;

  const presence: PresenceUser = { id: user.id, name: user.name, color: colorFor(user.id) };
  return (
    <div className="app">
      <AppHeader user={user} onSignedOut={() => setUser(null)} onRenamed={setUser} />
      {route.page === 'document' ? (
        <DocumentPage key={route.id} id={route.id} user={presence} />
      ) : route.page === 'work' ? (
        <MyWorkPage />
      ) : route.page === 'notifications' ? (
        <NotificationsPage />
      ) : route.page === 'tokens' ? (
        <AccessTokensPage />
      ) : route.page === 'webhooks' ? (
        <WebhooksPage key={route.documentId ?? 'desk'} documentId={route.documentId} />
      ) : (
        <DocumentList userId={user.id} />
      )}
    </div>
  );
}
