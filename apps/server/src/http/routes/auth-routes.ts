/** Routes of accounts and sessions: who is signed in (and their name), the first administrator's setup, sign-up, sign-in, sign-out. */
import { FactmarkError } from '@factmark/editor';
import type { RouteContext } from '../context.ts';
import { parse, schemas } from '../schemas.ts';

/** Register the /api/auth routes. */
export function authRoutes({ app, auth, guard, store, signInLimits }: RouteContext): void {
  app.get('/api/auth/me', async (request) => {
    const caller = await auth.caller(request);
    if (!caller) throw new FactmarkError('unauthenticated', 'Sign in first');
    return { user: caller.user, csrfToken: caller.session.csrfToken };
  });

  // One's own name: mentions and member lists show it from now on (they refer to the id, not the name).
  app.patch('/api/auth/me', async (request) => {
    const caller = await guard.person(request);
    const { name } = parse(schemas.profile, request.body);
    await store.renameUser(caller.user.id, name);
    return { user: { ...caller.user, name }, csrfToken: caller.session.csrfToken };
  });

  app.post('/api/auth/setup', async (request, reply) => {
    guard.sameOrigin(request);
    await signInLimits.attempt(request.ip);
    const input = parse(schemas.setup, request.body);
    const user = await auth.completeSetup(input.token, input);
    // The first administrator owns the documents nobody owns yet (the demo document).
    for (const doc of await store.listDocuments()) {
      if ((await store.listMembers(doc.id)).length === 0) await store.setRole(doc.id, user.id, 'owner');
    }
    return reply.code(201).send({ user, csrfToken: await auth.startSession(reply, user) });
  });

  app.post('/api/auth/signup', async (request, reply) => {
    guard.sameOrigin(request);
    await signInLimits.attempt(request.ip);
    const user = await auth.signUp(parse(schemas.signUp, request.body));
    return reply.code(201).send({ user, csrfToken: await auth.startSession(reply, user) });
  });

  app.post('/api/auth/signin', async (request, reply) => {
    guard.sameOrigin(request);
    await signInLimits.attempt(request.ip);
    const input = parse(schemas.signIn, request.body);
    await signInLimits.checkAccount(input.email);
    const user = await auth.signIn(input.email, input.password).catch(async (error: unknown) => {
      await signInLimits.failed(input.email);
      throw error;
    });
    return { user, csrfToken: await auth.startSession(reply, user) };
  });

  app.post('/api/auth/signout', async (request, reply) => {
    const caller = await guard.person(request);
    await auth.endSession(reply, caller);
    return reply.code(204).send();
  });
}
