/** Who is here: the colleagues with the document open, each in their colour. */
import type { Presence } from '@factmark/collab';
import { safeColor } from '@factmark/collab';

/** Avatars of everyone in the document, self first. */
export function PresenceList({ presence }: { presence: Presence[] }) {
  return (
    <ul className="presence" aria-label="People in this document">
      {presence.map((p) => (
        <li key={p.clientId} title={p.self ? `${p.user.name} (you)` : p.user.name}>
          <span className="avatar" style={{ backgroundColor: safeColor(p.user.color) }} aria-hidden="true">
            {p.user.name.slice(0, 1).toUpperCase()}
          </span>
          <span className="presence-name">
            {p.user.name}
            {p.self ? ' (you)' : ''}
          </span>
        </li>
      ))}
    </ul>
  );
}
