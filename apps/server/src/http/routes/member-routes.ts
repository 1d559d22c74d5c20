/** Routes of a document's members: who has which role, and sharing or taking access away (owners). */
import { FactmarkError } from '@factmark/editor';
import { normalizeEmail } from '../../auth/account-store.ts';
import type { RouteContext } from '../context.ts';
import { parse, schemas } from '../schemas.ts';

/** Register the /api/documents/:id/members routes. */
export function memberRoutes({ app, guard, store, disconnect }: RouteContext): void {
  app.get('/api/documents/:id/members', async (request) => {
    const { id } = await guard.document(request, 'read');
    return { members: await store.listMembers(id) };
  });

  app.put('/api/documents/:id/members', async (request) => {
    const { caller, id } = await guard.document(request, 'share');
    const input = parse(schemas.member, request.body);
    const member = await store.findUserByEmail(normalizeEmail(input.email));
    if (!member) throw new FactmarkError('no_such_user', `Nobody has an account with the email ${input.email}`);
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
}
