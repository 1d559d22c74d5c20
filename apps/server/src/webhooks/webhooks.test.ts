/**
 * Webhooks over a real server, on SQLite and PostgreSQL, against a receiver on 127.0.0.1: every event of a check's
 * course delivered once per change to the endpoints that asked for it, each signed as the Standard Webhooks
 * specification says (checked with its own library); a receiver that keeps failing gets the retries, then its
 * endpoint is paused and its owner told; who may register what.
 */
import { randomBytes } from 'node:crypto';
import type { WebhookDelivery, WebhookEventType } from '@factmark/api';
import { WEBHOOK_EVENTS } from '@factmark/api';
import {
  annotationBodies,
  articleFragment,
  bodyToYMap,
  correctionsLog,
  messageToYMap,
  newClaimBody,
} from '@factmark/collab';
import { articleFromText } from '@factmark/editor';
import { readCheck } from '@factmark/interop';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { afterAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { PostgresStore } from '../storage/postgres-store.ts';
import { ApiClient, attempt, type Connection, TestServer } from '../test-support/harness.ts';
import { WebhookReceiver } from '../test-support/webhook-receiver.ts';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `factmark_hooks_${randomBytes(6).toString('hex')}`;
/** Each test's PostgreSQL schema, dropped at the end. */
const schemas = [`${schema}_a`, `${schema}_b`];
afterAll(async () => {
  for (const name of schemas) {
    const store = await PostgresStore.open(url, name);
    await store.dropSchema(name);
    await store.close();
  }
});

const SETTINGS = { SOURCE_FETCH_ALLOW: '127.0.0.1', WEBHOOK_RETRY_MS: '100', WEBHOOK_ATTEMPTS: '3' };
type Body = { type: WebhookEventType; timestamp: string; data: Record<string, Record<string, unknown>> };

/** The paragraphs' texts of a connected document. */
const paragraph = (doc: Y.Doc, i: number) =>
  articleFragment(doc)
    .toArray()
    .filter((n): n is Y.XmlElement => (n as Y.XmlElement).nodeName === 'paragraph')
    [i]?.get(0) as Y.XmlText;

/** Change body `id` in one transaction through `conn`, expecting the gate to accept it. */
async function change(conn: Connection, id: string, fields: Record<string, unknown>, extra?: (doc: Y.Doc) => void) {
  expect(
    await attempt(conn, (doc) => {
      const map = annotationBodies(doc).get(id) as Y.Map<unknown>;
      for (const [k, v] of Object.entries(fields)) map.set(k, v);
      extra?.(doc);
    }),
  ).toBe('acked');
}

/** The receiver's bodies at `path`, each checked with the Standard Webhooks library under `secret`. */
function verified(receiver: WebhookReceiver, path: string, secret: string): Body[] {
  const checker = new StandardWebhook(secret);
  return receiver.at(path).map((r) => checker.verify(r.body, r.headers) as Body);
}

for (const [backend, env] of [
  ['SQLite', {}],
  ['PostgreSQL', { DATABASE_URL: url }],
] as const) {
  /** The settings of test `n` (its own schema on PostgreSQL). */
  const envOf = (n: number) => ({
    ...env,
    ...SETTINGS,
    ...(backend === 'PostgreSQL' ? { DATABASE_SCHEMA: schemas[n]! } : {}),
  });
  describe(`webhooks, on ${backend}`, () => {
    it('deliver each event of a check once per change, signed, to the endpoints that asked for it', async () => {
      const receiver = await new WebhookReceiver().start();
      const t = await new TestServer().start(envOf(0));
      try {
        const ana = await new ApiClient(t.base).signUp('ana@hooks.example', 'Ana', t.setupToken ?? undefined);
        const ben = await new ApiClient(t.base).signUp('ben@hooks.example', 'Ben');
        const id = await ana.firstDocumentId();
        await ana.request('PUT', `/api/documents/${id}/members`, { email: 'ben@hooks.example', role: 'editor' });

        // Who may register: the document's owner; the desk's, an administrator; an editor neither.
        const everything = { url: `${receiver.base}/doc`, events: [...WEBHOOK_EVENTS] };
        expect((await ben.request('POST', `/api/documents/${id}/webhooks`, everything)).status).toBe(403);
        expect((await ben.request('POST', '/api/webhooks', everything)).status).toBe(403);
        // Addresses the server may never post to are refused at once, in words (names are judged at each delivery).
        for (const [bad, words] of [
          ['http://10.0.0.5/hook', 'private or local address'],
          ['http://[::1]:9/hook', 'private or local address'],
          ['http://localhost:8080/hook', 'private or local address'],
          ['http://169.254.169.254/latest', 'private or local address'],
          ['ftp://cms.example.org/hook', 'http or https'],
          ['javascript:alert(1)', 'http or https'],
        ]) {
          const refused = await ana.request('POST', `/api/documents/${id}/webhooks`, { ...everything, url: bad });
          expect(refused.status, bad).toBe(400);
          expect(refused.body.error?.message, bad).toContain(words);
        }
        const noEvents = await ana.request('POST', `/api/documents/${id}/webhooks`, { ...everything, events: [] });
        expect(noEvents.body.error?.message).toContain('at least one event');
        const made = await ana.request('POST', `/api/documents/${id}/webhooks`, everything);
        expect(made.status).toBe(201);
        const { secret, webhook } = made.body as { secret: string; webhook: { id: string } };
        expect(secret).toMatch(/^whsec_/);
        expect(JSON.stringify((await ana.request('GET', `/api/documents/${id}/webhooks`)).body)).not.toContain(secret);
        const desk = await ana.request('POST', '/api/webhooks', {
          url: `${receiver.base}/desk`,
          events: ['claim.published'],
        });
        expect(desk.status).toBe(201);
        const deskSecret = (desk.body as { secret: string }).secret;

        const anaId = { id: ana.userId, name: 'Ana' };
        const benId = { id: ben.userId, name: 'Ben' };
        const at = () => new Date().toISOString();
        const a = await t.connect(id, await ana.syncToken(id));
        const b = await t.connect(id, await ben.syncToken(id));
        expect(
          await attempt(a, (doc) => {
            paragraph(doc, 0).format(0, 4, { claim: { id: 'hookclaim0000001' } });
            const quote = paragraph(doc, 0).toString().slice(0, 4);
            const claim = newClaimBody({ id: 'hookclaim0000001', quote, author: anaId, at: new Date() });
            annotationBodies(doc).set('hookclaim0000001', bodyToYMap(claim));
          }),
        ).toBe('acked');
        await change(a, 'hookclaim0000001', {
          verdict: 'false',
          verdictBy: anaId,
          verdictAt: at(),
          status: 'in_review',
        });
        // A rationale alone is no event.
        await change(a, 'hookclaim0000001', { rationale: 'The ministry’s own figure is 35,000.' });
        await change(b, 'hookclaim0000001', {
          status: 'checked',
          checkedBy: { ...benId, at: at(), verdict: 'false' },
        });
        await change(b, 'hookclaim0000001', { status: 'published' });
        expect(
          await attempt(b, (doc) => {
            const thread = (annotationBodies(doc).get('hookclaim0000001') as Y.Map<unknown>).get(
              'thread',
            ) as Y.Array<unknown>;
            thread.push([
              messageToYMap({ id: 'm1', author: benId, text: `<@${ana.userId}> published.`, createdAt: at() }),
            ]);
          }),
        ).toBe('acked');
        // Two proposals of Ben's; Ana rejects one and accepts the other.
        expect(
          await attempt(b, (doc) => {
            for (const [i, fix] of ['hookfix000000001', 'hookfix000000002'].entries()) {
              paragraph(doc, i + 1).format(0, 4, { correction: { id: fix } });
              const quote = paragraph(doc, i + 1)
                .toString()
                .slice(0, 4);
              const time = at();
              annotationBodies(doc).set(
                fix,
                bodyToYMap({
                  id: fix,
                  kind: 'correction',
                  quote,
                  original: quote,
                  proposed: 'Some',
                  category: 'typo',
                  rationale: '',
                  state: 'proposed',
                  decidedBy: null,
                  decidedAt: null,
                  author: benId,
                  createdAt: time,
                  updatedAt: time,
                  updatedBy: benId,
                  thread: [],
                } as never),
              );
            }
          }),
        ).toBe('acked');
        /** Ana's decision on `fix`, with its entry in the corrections log (what the app writes). */
        const decide = (doc: Y.Doc, fix: string, state: 'accepted' | 'rejected') => {
          const map = annotationBodies(doc).get(fix) as Y.Map<unknown>;
          const time = at();
          for (const [k, v] of Object.entries({
            state,
            decidedBy: anaId,
            decidedAt: time,
            updatedAt: time,
            updatedBy: anaId,
          }))
            map.set(k, v);
          correctionsLog(doc).push([
            {
              correctionId: fix,
              decision: state,
              original: String(map.get('original')),
              proposed: String(map.get('proposed')),
              category: String(map.get('category')),
              decidedBy: anaId,
              decidedAt: time,
            },
          ]);
        };
        expect(await attempt(a, (doc) => decide(doc, 'hookfix000000001', 'rejected'))).toBe('acked');
        expect(
          await attempt(a, (doc) => {
            const text = paragraph(doc, 2);
            text.delete(0, 4);
            text.insert(0, 'Some', { correction: { id: 'hookfix000000002' } });
            decide(doc, 'hookfix000000002', 'accepted');
          }),
        ).toBe('acked');
        const revised = readCheck(a.doc).text.text.replace(/\d+/, '35,000');
        const revision = await ana.request('POST', `/api/documents/${id}/revisions`, {
          article: articleFromText(revised.replace(/\n/g, '\n\n')).toJSON(),
        });
        expect(revision.status).toBe(201);

        await receiver.until(() => receiver.at('/doc').length >= 7 && receiver.at('/desk').length >= 1);
        // Anything more would have come by now: the queue is empty once each is delivered.
        await new Promise((r) => setTimeout(r, 500));
        const bodies = verified(receiver, '/doc', secret);
        expect(bodies.map((x) => x.type).sort()).toEqual(
          [
            'claim.created',
            'claim.verdict_changed',
            'claim.published',
            'comment.added',
            'correction.rejected',
            'correction.accepted',
            'document.revised',
          ].sort(),
        );
        const published = bodies.find((x) => x.type === 'claim.published') as Body;
        expect(published.data).toMatchObject({
          document: { id, url: `${t.base}/d/${id}` },
          annotation: { id: 'hookclaim0000001', kind: 'claim', verdict: 'false', status: 'published' },
          by: benId,
        });
        expect(published.data.annotation?.url).toBe(`${t.base}/d/${id}#annotation=hookclaim0000001`);
        expect(bodies.find((x) => x.type === 'comment.added')?.data.message).toMatchObject({
          text: `<@${ana.userId}> published.`,
          mentions: [ana.userId],
        });
        expect(bodies.find((x) => x.type === 'document.revised')?.data).toMatchObject({
          revision: { how: 'revision' },
          by: anaId,
        });
        // One id per delivery, never reused for another.
        expect(new Set(receiver.at('/doc').map((r) => r.headers['webhook-id'])).size).toBe(7);
        expect(verified(receiver, '/desk', deskSecret).map((x) => x.type)).toEqual(['claim.published']);
        // A body signed for one endpoint does not pass under another's secret.
        const [first] = receiver.at('/desk');
        expect(() => new StandardWebhook(secret).verify(first!.body, first!.headers)).toThrow();

        const listed = await ana.request('GET', `/api/webhooks/${webhook.id}/deliveries`);
        const deliveries = (listed.body as { deliveries: WebhookDelivery[] }).deliveries;
        expect(deliveries).toHaveLength(7);
        for (const d of deliveries)
          expect(d).toMatchObject({ state: 'delivered', statusCode: 200, attempts: 1, error: null });
        expect((await ben.request('GET', `/api/webhooks/${webhook.id}/deliveries`)).status).toBe(403);
      } finally {
        await t.dispose();
        await receiver.stop();
      }
    }, 60_000);

    it('retry a failing receiver with growing waits, then pause it and tell its owner; resumed, a failed delivery goes again', async () => {
      const receiver = await new WebhookReceiver().start();
      receiver.answers.set('/flaky', 503);
      const t = await new TestServer().start(envOf(1));
      try {
        const ana = await new ApiClient(t.base).signUp('ana@hooks.example', 'Ana', t.setupToken ?? undefined);
        const id = await ana.firstDocumentId();
        const made = await ana.request('POST', `/api/documents/${id}/webhooks`, {
          url: `${receiver.base}/flaky`,
          events: ['claim.created'],
        });
        const { webhook, secret } = made.body as { webhook: { id: string }; secret: string };
        const anaId = { id: ana.userId, name: 'Ana' };
        const a = await t.connect(id, await ana.syncToken(id));
        const mark = (n: number) =>
          attempt(a, (doc) => {
            const claimId = `flakyclaim00000${n}`;
            paragraph(doc, n).format(0, 4, { claim: { id: claimId } });
            const quote = paragraph(doc, n).toString().slice(0, 4);
            annotationBodies(doc).set(
              claimId,
              bodyToYMap(newClaimBody({ id: claimId, quote, author: anaId, at: new Date() })),
            );
          });
        // Every delivery of this test is made after this moment, however slowly the machine runs it.
        const beforeAll = new Date(Date.now() - 1).toISOString();
        expect(await mark(1)).toBe('acked');
        await receiver.until(() => receiver.at('/flaky').length >= 3, 10_000, 'three tries');
        const paused = async () => {
          const listed = (await ana.request('GET', `/api/documents/${id}/webhooks`)).body as {
            webhooks: { pausedAt: string | null; pauseReason: string | null }[];
          };
          return listed.webhooks[0];
        };
        await expect.poll(async () => (await paused())?.pausedAt, { timeout: 5_000 }).not.toBeNull();
        const tries = receiver.at('/flaky');
        expect(tries).toHaveLength(3);
        // The same delivery each time, signed afresh; the waits grow (100 ms, then 200 ms).
        expect(new Set(tries.map((r) => r.headers['webhook-id'])).size).toBe(1);
        expect(verified(receiver, '/flaky', secret).map((x) => x.type)).toEqual(Array(3).fill('claim.created'));
        expect(tries[1]!.at - tries[0]!.at).toBeGreaterThanOrEqual(100);
        expect(tries[2]!.at - tries[1]!.at).toBeGreaterThanOrEqual(200);
        expect((await paused())?.pauseReason).toMatch(/tried 3 times.*answered 503/);
        const deliveries = (
          (await ana.request('GET', `/api/webhooks/${webhook.id}/deliveries`)).body as { deliveries: WebhookDelivery[] }
        ).deliveries;
        expect(deliveries).toMatchObject([{ state: 'failed', attempts: 3, statusCode: 503 }]);
        // Its owner is told, in the inbox.
        const inbox = (await ana.request('GET', '/api/notifications')).body as {
          notifications: { kind: string; text: string }[];
        };
        expect(inbox.notifications[0]).toMatchObject({ kind: 'webhook' });
        expect(inbox.notifications[0]?.text).toContain('was paused');

        // Paused: a new event is not sent.
        expect(await mark(2)).toBe('acked');
        await new Promise((r) => setTimeout(r, 600));
        expect(receiver.at('/flaky')).toHaveLength(3);
        // The receiver is mended; resumed and the failed delivery sent again, it arrives once.
        receiver.answers.set('/flaky', 200);
        expect((await ana.request('PATCH', `/api/webhooks/${webhook.id}`, { paused: false })).status).toBe(200);
        const again = await ana.request(
          'POST',
          `/api/webhooks/${webhook.id}/deliveries/${encodeURIComponent(deliveries[0]!.id)}/redeliver`,
        );
        expect(again.status).toBe(200);
        await receiver.until(() => receiver.at('/flaky').length >= 4);
        await expect
          .poll(async () => {
            const { deliveries: now } = (await ana.request('GET', `/api/webhooks/${webhook.id}/deliveries`)).body as {
              deliveries: WebhookDelivery[];
            };
            return now.map((d) => d.state);
          })
          .toEqual(['delivered']);
        // A month and a day later the finished delivery is forgotten (the worker prunes hourly).
        const store = await t.openStore(envOf(1));
        try {
          expect(await store.webhooks.prune(beforeAll)).toBe(0);
          expect(await store.webhooks.prune(new Date(Date.now() + 31 * 86_400_000).toISOString())).toBe(1);
          expect(await store.webhooks.deliveries(webhook.id, 5)).toEqual([]);
        } finally {
          await store.close();
        }
      } finally {
        await t.dispose();
        await receiver.stop();
      }
    }, 60_000);
  });
}
