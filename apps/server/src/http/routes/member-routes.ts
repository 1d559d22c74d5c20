/** Routes of a document's members: who has which role, sharing or taking access away (owners), and invitations for addresses without an account. */
import type { NewInvitation } from '@factmark/api';
import type { Role } from '@factmark/collab';
import { FactmarkError } from '@factmark/editor';
import type { FastifyRequest } from 'fastify';
import type { User } from '../../auth/account-store.ts';
import { normalizeEmail } from '../../auth/account-store.ts';
import type { RouteContext } from '../context.ts';
import { parse, schemas } from '../schemas.ts';

/**
 * Invite `input.email` (no account yet) to document `id`: the invitation with its link — emailed when the server
 * sends email (`emailed` says whether that worked), for the owner to pass on otherwise.
 */
async function invite(
  { invitations, store, mailer, log, config }: RouteContext,
  request: FastifyRequest,
  by: User,
  id: string,
  input: { email: string; role: Role },
): Promise<NewInvitation> {
  const { invitation, token } = await invitations.invite(id, input.email, input.role, by);
  const link = `${config.mail?.publicUrl ?? `${request.protocol}://${request.host}`}/invite#token=${token}`;
  if (!mailer) return { ...invitation, link, emailed: false };
  const document = await store.getDocument(id);
  const mail = { invitedBy: by.name, documentTitle: document?.title ?? '', role: input.role, link };
  const emailed = await mailer.sendInvitation(invitation.email, { ...mail, expiresAt: invitation.expiresAt }).then(
    () => true,
    (error) => {
      log.warn({ err: error }, 'could not email an invitation');
      return false;
    },
  );
  return { ...invitation, link, emailed };
}

/** Register the /api/documents/:id/members routes. */
export function memberRoutes(context: RouteContext): void {
  const { app, guard, store, disconnect, invitations, auth, signInLimits } = context;
  app.get('/api/documents/:id/members', async (request) => {
    const { id } = await guard.document(request, 'read');
    return { members: await store.listMembers(id) };
  });

  app.put('/api/documents/:id/members', async (request) => {
    const { caller, id } = await guard.document(request, 'share');
    const input = parse(schemas.member, request.body);
    const member = await store.findUserByEmail(normalizeEmail(input.email));
    if (!member) {
      // No account yet: an invitation, its link shown once (the secret travels after '#', never to a server log).
      parse(schemas.inviteEmail, input.email);
      return {
        members: await store.listMembers(id),
        invitation: await invite(context, request, caller.user, id, input),
      };
    }
    if (member.id === caller.user.id) throw new FactmarkError('own_role', 'You cannot change your own role');
    await store.setRole(id, member.id, input.role);
    disconnect(id, member.id, 'Your role changed');
    return { members: await store.listMembers(id) };
  });

  app.delete('/api/documents/:id/members/:userId', async (request) => {
    const { caller, id } = await guard.document(request, 'share');
    const { userId } = request.params as { userId: string };
    if (userId === caller.user.id) throw new FactmarkError('own_role', 'You cannot remove yourself');
    await store.setRole(id, userId, null);
    disconnect(id, userId, 'Your access was removed');
    return { members: await store.listMembers(id) };
  });

  app.get('/api/documents/:id/invitations', async (request) => {
    const { id } = await guard.document(request, 'share');
    return { invitations: await invitations.pending(id) };
  });

  app.delete('/api/documents/:id/invitations/:invitationId', async (request) => {
    const { id } = await guard.document(request, 'share');
    await invitations.revoke(id, (request.params as { invitationId: string }).invitationId);
    return { invitations: await invitations.pending(id) };
  });

  // The link's page: what the invitation is for (the secret in the body, not in an address a log keeps).
  app.post('/api/invitations/summary', async (request) => {
    guard.sameOrigin(request);
    await signInLimits.attempt(request.ip);
    return { invitation: await invitations.summary(parse(schemas.invitationToken, request.body).token) };
  });

  // Accept: signed in as the invited address, or signing up with it (name and password).
  app.post('/api/invitations/accept', async (request, reply) => {
    guard.sameOrigin(request);
    await signInLimits.attempt(request.ip);
    const input = parse(schemas.acceptInvitation, request.body);
    const signedIn = (await auth.caller(request)) ? await auth.require(request) : null;
    const { user, documentId } = await invitations.accept(
      input.token,
      signedIn
        ? { signedIn: signedIn.user }
        : {
            signUp: (email) => {
              if (!input.name || !input.password)
                throw new FactmarkError('invalid_body', 'Give your name and a password to make your account');
              return auth.signUp({ email, name: input.name, password: input.password });
            },
          },
    );
    const csrfToken = signedIn ? signedIn.session.csrfToken : await auth.startSession(reply, user);
    return { user, csrfToken, documentId };
  });
}
