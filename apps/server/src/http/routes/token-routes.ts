/**
 * Routes of personal access tokens: make one (its secret shown once), list one's own, revoke one (its open sync
 * connections closed at once). Only signed in in a browser: a token never makes or lists tokens.
 */
import type { RouteContext } from '../context.ts';
import { parse, schemas } from '../schemas.ts';

/** Register /api/tokens. */
export function tokenRoutes({ app, guard, accessTokens, disconnectToken, signInLimits }: RouteContext): void {
  app.get('/api/tokens', async (request) => {
    const caller = await guard.person(request);
    return { tokens: await accessTokens.list(caller.user.id) };
  });

  app.post('/api/tokens', async (request, reply) => {
    const caller = await guard.person(request);
    // Making tokens is limited like signing in: a stolen session cannot mint them by the thousand.
    await signInLimits.attempt(request.ip);
    const input = parse(schemas.accessToken, request.body);
    const { token, record } = await accessTokens.create(caller.user, input);
    reply.header('cache-control', 'no-store');
    return reply.code(201).send({ token, accessToken: record });
  });

  app.delete('/api/tokens/:tokenId', async (request) => {
    const caller = await guard.person(request);
    const { tokenId } = request.params as { tokenId: string };
    await accessTokens.revoke(caller.user.id, tokenId);
    disconnectToken(tokenId, 'This access token was revoked');
    return { tokens: await accessTokens.list(caller.user.id) };
  });
}
