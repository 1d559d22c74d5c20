/** Sharing a document: its members with their roles (changed in place), sharing with an email address, and invitations for addresses without an account — the link to pass on, and the pending ones to withdraw. */
import type { Role } from '@factmark/collab';
import { ROLES } from '@factmark/collab';
import { useEffect, useState } from 'react';
import { api, describeError, type Invitation, type Member, type NewInvitation } from './api.ts';
import { choicesOf, SelectField } from './editor/fields.tsx';
import { ROLE_IN_SENTENCE, ROLE_LABELS } from './labels.ts';

/** A new invitation's link, shown once: emailed when the server sends email, to copy and pass on otherwise. */
function InvitationLink({ invitation }: { invitation: NewInvitation }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="notice invitation-link" role="status">
      <p>
        {invitation.email} has no account yet: they are invited as {ROLE_IN_SENTENCE[invitation.role]}.{' '}
        {invitation.emailed ? 'We emailed them the link; you can also pass it on yourself' : 'Send them this link'} (it
        works once, until {invitation.expiresAt.slice(0, 10)}):
      </p>
      <input
        readOnly
        value={invitation.link}
        aria-label={`Invitation link for ${invitation.email}`}
        onFocus={(e) => e.target.select()}
      />
      <button
        type="button"
        onClick={() => void navigator.clipboard?.writeText(invitation.link).then(() => setCopied(true))}
      >
        {copied ? 'Copied' : 'Copy link'}
      </button>
    </div>
  );
}

/** The invitations not used yet, each withdrawable. */
function PendingInvitations(props: { pending: Invitation[]; onWithdraw: (id: string) => void }) {
  if (props.pending.length === 0) return null;
  return (
    <section aria-label="Pending invitations" className="pending-invitations">
      <h4>Pending invitations</h4>
      <ul>
        {props.pending.map((i) => (
          <li key={i.id}>
            {i.email} — {ROLE_LABELS[i.role]}, until {i.expiresAt.slice(0, 10)}{' '}
            <button
              type="button"
              className="quiet"
              onClick={() => props.onWithdraw(i.id)}
              aria-label={`Withdraw the invitation for ${i.email}`}
            >
              Withdraw
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A member of the document: their role (changed in place, except one's own) and the button that removes them. */
function MemberItem(props: {
  member: Member;
  self: boolean;
  documentId: string;
  onMembers: (members: Member[]) => void;
  onError: (e: unknown) => void;
}) {
  const { member: m, self, documentId, onMembers, onError } = props;
  return (
    <li>
      {m.user.name} <span className="muted">{m.user.email}</span>{' '}
      {self ? (
        ROLE_LABELS[m.role]
      ) : (
        // The role changes in place: the server sends a colleague who is working the new role at once.
        <select
          aria-label={`Role of ${m.user.name}`}
          value={m.role}
          onChange={(e) =>
            api
              .shareDocument(documentId, m.user.email, e.target.value as Role)
              .then((shared) => onMembers(shared.members), onError)
          }
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
      )}
      {!self && (
        <button
          type="button"
          className="quiet"
          aria-label={`Remove ${m.user.name}`}
          onClick={() => api.removeMember(documentId, m.user.id).then(onMembers, onError)}
        >
          Remove
        </button>
      )}
    </li>
  );
}

/** Share a document: its members and their roles, sharing with an email address, and the pending invitations. */
export function SharePanel({ documentId, userId }: { documentId: string; userId: string }) {
  const [members, setMembers] = useState<Member[] | null>(null);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('editor');
  const [error, setError] = useState<string | null>(null);
  const [invited, setInvited] = useState<NewInvitation | null>(null);
  const [pending, setPending] = useState<Invitation[]>([]);
  const refreshInvitations = () =>
    api.listInvitations(documentId).then(setPending, (e: unknown) => setError(describeError(e)));
  useEffect(() => {
    api.listMembers(documentId).then(setMembers, (e: unknown) => setError(describeError(e)));
    api.listInvitations(documentId).then(setPending, (e: unknown) => setError(describeError(e)));
  }, [documentId]);
  return (
    <section className="share-panel" aria-label="Share">
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <ul className="members">
        {members?.map((m) => (
          <MemberItem
            key={m.user.id}
            member={m}
            self={m.user.id === userId}
            documentId={documentId}
            onMembers={setMembers}
            onError={(e) => setError(describeError(e))}
          />
        ))}
      </ul>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          api.shareDocument(documentId, email, role).then(
            (shared) => {
              setEmail('');
              setMembers(shared.members);
              setInvited(shared.invitation);
              return refreshInvitations();
            },
            (e: unknown) => setError(describeError(e)),
          );
        }}
      >
        <label className="field">
          <span className="field-label">Email</span>
          <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <SelectField
          label="Role"
          value={role}
          onChange={(value) => setRole(value as Role)}
          choices={choicesOf(ROLES, ROLE_LABELS)}
        />
        <button type="submit">Share</button>
      </form>
      {invited && <InvitationLink invitation={invited} />}
      <PendingInvitations
        pending={pending}
        onWithdraw={(id) =>
          api.revokeInvitation(documentId, id).then(setPending, (e: unknown) => setError(describeError(e)))
        }
      />
    </section>
  );
}
