import { useState } from 'react';
import { DocumentList } from './DocumentList.tsx';
import { DocumentPage } from './editor/DocumentPage.tsx';
import { localUser, renameLocalUser } from './identity.ts';
import { navigate, useRoute } from './router.ts';

/** The whole app: a header with the user's name, and the current page. */
export function App() {
  const route = useRoute();
  const [user, setUser] = useState(localUser);
  return (
    <div className="app">
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
        <label className="user-name">
          <span>Your name</span>
          <input
            defaultValue={user.name}
            maxLength={60}
            onBlur={(e) => setUser(renameLocalUser(e.currentTarget.value))}
            onKeyDown={(e) => {
              if (e.key === 'Enter') e.currentTarget.blur();
            }}
          />
        </label>
      </header>
      {route.page === 'document' ? <DocumentPage key={route.id} id={route.id} user={user} /> : <DocumentList />}
    </div>
  );
}
