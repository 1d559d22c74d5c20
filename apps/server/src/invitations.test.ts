/**
 * Invitations over HTTP, on SQLite and on PostgreSQL: sharing with an address that has no account makes a pending
 * invitation whose link makes the account and the membership once; the owner lists and withdraws them; an expired,
 * withdrawn or used link is refused in words; only owners invite.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { Invitations } from './auth/invitations.ts';
import { PostgresStore } from './storage/postgres-store.ts';
import { ApiClient, TestServer } from './test-support/harness.ts';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schemas: string[] = [];
/** A schema of its own for each test (each starts with a first administrator to make). */
function freshSchema(): Record<string, string> {
  const schema = `factmark_invites_${randomBytes(6).toString('hex')}`;
  schemas.push(schema);
  return { DATABASE_URL: url, DATABASE_SCHEMA: schema };
}

afterAll(async () => {
  for (const schema of schemas) {
    const store = await PostgresStore.open(url, schema);
    await store.dropSchema(schema);
    await store.close();
  }
});

type Shared = { invitation?: { id: string; email: string; role: string; link: string; expiresAt: string } };

const tokenOf = (link: string) => new URLSearchParams(new URL(link).hash.slice(1)).get('token') ?? '';

for (const [backend, envOf] of [
  ['SQLite', () => ({})],
  ['PostgreSQL', freshSchema],
] as const) {
  describe(`invitations, on ${backend}`, () => {
    it('invites, accepts once with a new account and the role given, lists, withdraws and refuses stale links', async () => {
      const env = envOf();
      const t = await new TestServer().start(env);
      try {
        const owner = await new ApiClient(t.base).signUp('owner@desk.example', 'Owner', t.setupToken ?? undefined);
        const id = await owner.firstDocumentId();
        const shared = await owner.request('PUT', `/api/documents/${id}/members`, {
          email: 'Nadia@Desk.example',
          role: 'commenter',
        });
        expect(shared.status).toBe(200);
        const invitation = (shared.body as Shared).invitation!;
        expect(invitation).toMatchObject({ email: 'nadia@desk.example', role: 'commenter' });
        expect(invitation.link).toMatch(new RegExp(`^${t.base}/invite#token=[A-Za-z0-9_-]{40,}$`));
        const listed = await owner.request('GET', `/api/documents/${id}/invitations`);
        expect((listed.body as { invitations: unknown[] }).invitations).toEqual([
          expect.objectContaining({ id: invitation.id, email: 'nadia@desk.example', acceptedAt: null }),
        ]);
        expect(JSON.stringify(listed.body)).not.toContain(tokenOf(invitation.link));

        // The link's page says what it is for; accepting makes the account, signs in, and gives the role.
        const nadia = new ApiClient(t.base);
        const token = tokenOf(invitation.link);
        const summary = await nadia.request('POST', '/api/invitations/summary', { token });
        expect(summary.body).toMatchObject({
          invitation: { email: 'nadia@desk.example', role: 'commenter', invitedByName: 'Owner', accountExists: false },
        });
        const accepted = await nadia.request('POST', '/api/invitations/accept', {
          token,
          name: 'Nadia',
          password: 'correct horse battery',
        });
        expect(accepted.status).toBe(200);
        expect(accepted.body).toMatchObject({ user: { email: 'nadia@desk.example', name: 'Nadia' }, documentId: id });
        const mine = (await nadia.request('GET', '/api/documents')).body as {
          documents: { id: string; role: string }[];
        };
        expect(mine.documents).toEqual([expect.objectContaining({ id, role: 'commenter' })]);
        // Used once: the link no longer works, and the invitation is no longer pending.
        const again = await new ApiClient(t.base).request('POST', '/api/invitations/accept', {
          token,
          name: 'Mallory',
          password: 'correct horse battery',
        });
        expect(again.status).toBe(403);
        expect(again.body.error?.message).toBe('This invitation was used already: sign in instead');
        expect(
          ((await owner.request('GET', `/api/documents/${id}/invitations`)).body as { invitations: [] }).invitations,
        ).toEqual([]);

        // Withdrawn: the link stops working.
        const second = (
          (await owner.request('PUT', `/api/documents/${id}/members`, { email: 'omar@desk.example', role: 'viewer' }))
            .body as Shared
        ).invitation!;
        expect((await owner.request('DELETE', `/api/documents/${id}/invitations/${second.id}`)).status).toBe(200);
        const withdrawn = await new ApiClient(t.base).request('POST', '/api/invitations/summary', {
          token: tokenOf(second.link),
        });
        expect(withdrawn.status).toBe(404);
        expect(withdrawn.body.error?.message).toBe('This invitation link is not valid, or it was withdrawn');

        // Only an owner invites; a made-up link is refused.
        const peer = await new ApiClient(t.base).signUp('peer@desk.example', 'Peer');
        await owner.request('PUT', `/api/documents/${id}/members`, { email: 'peer@desk.example', role: 'editor' });
        expect(
          (await peer.request('PUT', `/api/documents/${id}/members`, { email: 'x@desk.example', role: 'owner' }))
            .status,
        ).toBe(403);
        expect((await peer.request('GET', `/api/documents/${id}/invitations`)).status).toBe(403);
        expect(
          (await new ApiClient(t.base).request('POST', '/api/invitations/summary', { token: 'made-up' })).status,
        ).toBe(404);
      } finally {
        await t.dispose();
      }
    }, 60_000);

    it('refuses an expired link in words, and lets someone who signed up meanwhile accept while signed in', async () => {
      const env = envOf();
      const t = await new TestServer().start(env);
      try {
        const owner = await new ApiClient(t.base).signUp('owner@desk.example', 'Owner', t.setupToken ?? undefined);
        const id = await owner.firstDocumentId();
        const store = await t.openStore(env);
        const ownerUser = (await store.findUserByEmail('owner@desk.example'))!;
        // An invitation made eight days ago (the store's own clock is what the server compares with).
        const old = new Invitations(store, () => new Date(Date.now() - 8 * 86_400_000));
        const { token: expired } = await old.invite(id, 'late@desk.example', 'editor', ownerUser);
        const late = await new ApiClient(t.base).request('POST', '/api/invitations/summary', { token: expired });
        expect(late.status).toBe(403);
        expect(late.body.error?.message).toMatch(/^This invitation expired on \d{4}-\d\d-\d\d: ask for a new one$/);

        const { token } = await new Invitations(store).invite(id, 'quick@desk.example', 'editor', ownerUser);
        const quick = await new ApiClient(t.base).signUp('quick@desk.example', 'Quick');
        const other = await new ApiClient(t.base).signUp('other@desk.example', 'Other');
        expect((await other.request('POST', '/api/invitations/accept', { token })).body.error?.message).toBe(
          'This invitation is for quick@desk.example: sign in with that address',
        );
        expect((await quick.request('POST', '/api/invitations/accept', { token })).body).toMatchObject({
          documentId: id,
        });
        const roles = (await quick.request('GET', '/api/documents')).body as { documents: { role: string }[] };
        expect(roles.documents.map((d) => d.role)).toEqual(['editor']);
      } finally {
        await t.dispose();
      }
    }, 60_000);
  });
}
