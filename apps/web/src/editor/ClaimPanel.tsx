import { useSyncExternalStore } from 'react';
import type { DocumentSession } from './session.ts';

/** The side panel: one card per claim, in document order. */
export function ClaimPanel({ session }: { session: DocumentSession }) {
  const { claims, activeId } = useSyncExternalStore(session.subscribe, session.getSnapshot);
  return (
    <aside className="side-panel" aria-labelledby="claims-heading">
      <h2 id="claims-heading">
        Claims <span className="count">{claims.length}</span>
      </h2>
      {claims.length === 0 && <p className="muted">Select a passage of the article and mark it as a claim.</p>}
      <ol className="cards">
        {claims.map((claim) => (
          <li key={claim.id}>
            <button
              type="button"
              className={`card claim-card${claim.id === activeId ? ' active' : ''}`}
              data-claim-card={claim.id}
              aria-pressed={claim.id === activeId}
              onClick={() => session.setActive(claim.id, true)}
            >
              <q className="card-quote">{claim.text}</q>
              <span className="card-meta">
                {claim.body
                  ? `${claim.body.author.name} · ${new Date(claim.body.createdAt).toLocaleString()}`
                  : 'Details not received yet'}
              </span>
            </button>
          </li>
        ))}
      </ol>
    </aside>
  );
}
