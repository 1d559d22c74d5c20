/**
 * Email, against an SMTP server the test starts (never a real one), on SQLite and PostgreSQL: one notification
 * as one email with a working link to its card; several at once as one digest; the unsubscribe link (the page's
 * post and RFC 8058's one-click) stops the emails but not the inbox; an invitation's link arrives by email and
 * works; user words in an email's HTML stay text.
 */
import { randomBytes } from 'node:crypto';
import { annotationBodies, articleFragment, bodyToYMap, newClaimBody } from '@factmark/collab';
import { afterAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { PostgresStore } from '../storage/postgres-store.ts';
import { ApiClient, attempt, TestServer } from '../test-support/harness.ts';
import { startSmtpSink } from '../test-support/smtp-sink.ts';
import { invitationMail, notificationMail } from './mail-messages.ts';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `factmark_mail_${randomBytes(6).toString('hex')}`;
afterAll(async () => {
  const store = await PostgresStore.open(url, schema);
  await store.dropSchema(schema);
  await store.close();
});

describe('what an email says', () => {
  it('keeps user words as text in HTML', () => {
    const item = {
      id: 'n1',
      userId: 'u1',
      email: 'ben@desk.example',
      name: 'Ben',
      documentId: 'doc',
      documentTitle: '<img src=x onerror=alert(1)>',
      annotationId: 'a1',
      kind: 'assigned' as const,
      text: 'Ana assigned you the claim “<script>x</script>”',
      createdAt: '2026-12-04T10:00:00.000Z',
    };
    const one = notificationMail([item], 'https://factmark.example', 'https://factmark.example/unsubscribe?u=1');
    expect(one.html).not.toContain('<img');
    expect(one.html).not.toContain('<script>');
    expect(one.html).toContain('&#60;script&#62;');
    const digest = notificationMail(
      [item, { ...item, id: 'n2', kind: 'mention' }],
      'https://f.example',
      'https://f.example/u',
    );
    expect(digest.subject).toBe('2 notifications in Factmark on “<img src=x onerror=alert(1)>”');
    expect(digest.html).not.toContain('<img');
    const invite = invitationMail({
      invitedBy: '<b>Ana</b>',
      documentTitle: 'Drills',
      role: 'editor',
      link: 'https://f.example/invite#token=abc',
      expiresAt: '2026-12-11T10:00:00.000Z',
    });
    expect(invite.html).not.toContain('<b>');
    expect(invite.text).toContain('https://f.example/invite#token=abc');
  });
});

for (const [backend, env] of [
  ['SQLite', {}],
  ['PostgreSQL', { DATABASE_URL: url, DATABASE_SCHEMA: schema }],
] as const) {
  describe(`email on ${backend}`, () => {
    it('mails one notification, then a burst as one digest; unsubscribing stops the emails; invitations arrive', async () => {
      const sink = await startSmtpSink();
      const t = await new TestServer().start({
        ...env,
        SMTP_URL: sink.url,
        MAIL_QUIET_SECONDS: '1',
        MAIL_MAX_WAIT_SECONDS: '30',
      });
      try {
        const ana = await new ApiClient(t.base).signUp('ana@mail.example', 'Ana', t.setupToken ?? undefined);
        const ben = await new ApiClient(t.base).signUp('ben@mail.example', 'Ben');
        const id = await ana.firstDocumentId();
        await ana.request('PUT', `/api/documents/${id}/members`, { email: 'ben@mail.example', role: 'editor' });
        const conn = await t.connect(id, await ana.syncToken(id));
        const me = { id: ana.userId, name: 'Ana' };
        const him = { id: ben.userId, name: 'Ben' };
        /** Ana marks claims on the first letters of the `block`-th paragraph (one update), assigned to Ben. */
        const assign = (block: number, ids: string[], extra: Record<string, unknown> = {}) =>
          attempt(conn, (doc) => {
            const paragraphs = articleFragment(doc)
              .toArray()
              .filter((n): n is Y.XmlElement => (n as Y.XmlElement).nodeName === 'paragraph');
            const text = paragraphs[block]?.get(0) as Y.XmlText;
            ids.forEach((claimId, i) => {
              text.format(i * 3, 2, { claim: { id: claimId } });
              const body = newClaimBody({
                id: claimId,
                quote: text.toString().slice(i * 3, i * 3 + 2),
                author: me,
                at: new Date(),
                assignee: him,
              });
              annotationBodies(doc).set(claimId, bodyToYMap({ ...body, ...extra }));
            });
          });
        const toBen = () => sink.received.filter((r) => r.to.includes('ben@mail.example'));

        expect(await assign(1, ['mailclaim0000001'])).toBe('acked');
        const first = await sink.waitFor((r) => r.to.includes('ben@mail.example'));
        expect(first.mail.subject).toMatch(/^Ana assigned you the claim “.+”$/);
        const card = `${t.base}/d/${id}#annotation=mailclaim0000001`;
        expect(first.mail.text).toContain(card);
        expect(first.mail.html).toContain(card);
        expect(first.mail.headers.get('list')).toMatchObject({
          unsubscribe: { url: expect.stringContaining(`${t.base}/api/unsubscribe?u=${ben.userId}&t=`) },
          'unsubscribe-post': { name: 'List-Unsubscribe=One-Click' },
        });
        const link = /\/unsubscribe\?u=([^&\s]+)&t=([^\s]+)/.exec(first.mail.text ?? '');
        expect(link?.[1]).toBe(ben.userId);

        // Three at once: one digest, not three emails.
        expect(await assign(2, ['mailclaim0000002', 'mailclaim0000003', 'mailclaim0000004'])).toBe('acked');
        const digest = await sink.waitFor((r) => r.mail.subject?.startsWith('3 notifications') ?? false);
        expect(digest.to).toEqual(['ben@mail.example']);
        for (const c of ['mailclaim0000002', 'mailclaim0000003', 'mailclaim0000004'])
          expect(digest.mail.text).toContain(`#annotation=${c}`);
        await new Promise((r) => setTimeout(r, 1_500));
        expect(toBen()).toHaveLength(2);

        // A forged token is refused; the page's post works (the one-click form post too), and only email stops.
        const [u, token] = [link?.[1] ?? '', decodeURIComponent(link?.[2] ?? '')];
        const bad = await new ApiClient(t.base).request('POST', '/api/unsubscribe', {
          u,
          t: `${token.slice(0, -2)}xx`,
        });
        expect(bad.status).toBe(400);
        expect(bad.body.error?.message).toMatch(/not valid/);
        const oneClick = await fetch(`${t.base}/api/unsubscribe?${new URLSearchParams({ u, t: token })}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'List-Unsubscribe=One-Click',
        });
        expect(oneClick.status).toBe(200);
        expect(await oneClick.json()).toEqual({ email: 'ben@mail.example' });
        const settings = (await ben.request('GET', '/api/notifications/settings')).body as {
          kinds: Record<string, { app: boolean; email: boolean }>;
          emailAvailable: boolean;
        };
        expect(settings.emailAvailable).toBe(true);
        expect(Object.values(settings.kinds).every((k) => k.app && !k.email)).toBe(true);
        expect(await assign(3, ['mailclaim0000005'])).toBe('acked');
        await new Promise((r) => setTimeout(r, 2_500));
        expect(toBen()).toHaveLength(2);
        const inbox = (await ben.request('GET', '/api/notifications')).body as { unread: number };
        expect(inbox.unread).toBe(5);

        // An invitation goes by email; its link is the one the owner sees, and it opens the invitation.
        const shared = (
          await ana.request('PUT', `/api/documents/${id}/members`, { email: 'new@mail.example', role: 'commenter' })
        ).body as { invitation: { link: string; emailed: boolean } };
        expect(shared.invitation.emailed).toBe(true);
        const invited = await sink.waitFor((r) => r.to.includes('new@mail.example'));
        expect(invited.mail.subject).toMatch(/^Ana invited you to check “.+” in Factmark$/);
        expect(invited.mail.text).toContain(shared.invitation.link);
        const tokenOf = shared.invitation.link.split('#token=')[1];
        const summary = await new ApiClient(t.base).request('POST', '/api/invitations/summary', { token: tokenOf });
        expect(summary.body).toMatchObject({ invitation: { email: 'new@mail.example', role: 'commenter' } });
      } finally {
        await t.dispose();
        await sink.close();
      }
    }, 60_000);
  });
}
