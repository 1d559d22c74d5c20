/**
 * The webhook worker's egress: an endpoint whose name resolves to a private, link-local or metadata address is
 * refused before any socket opens (an injected resolver stands for DNS; every connection attempt of the process is
 * recorded), the delivery fails at once — no retry can cure it — and the endpoint is paused with its owner told.
 * The same worker does deliver where the allow list lets it (the receiver on 127.0.0.1).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { LookupFunction } from 'node:net';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as Y from 'yjs';
import { loadConfig } from '../config.ts';
import { openStore } from '../storage/open-store.ts';
import { WebhookReceiver } from '../test-support/webhook-receiver.ts';
import { WebhookWorker } from './webhook-worker.ts';

const attempts: string[] = [];
const originalConnect = net.Socket.prototype.connect;
beforeAll(() => {
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    this.on('connectionAttempt', (ip: string) => attempts.push(ip));
    return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof net.Socket.prototype.connect;
});
afterAll(() => {
  net.Socket.prototype.connect = originalConnect;
});

/** Names that point inside, and one that points at the test's receiver. */
const names: Record<string, [string, 4 | 6]> = {
  'cms.intranet.test': ['10.20.0.7', 4],
  'metadata.cloud.test': ['169.254.169.254', 4],
  'ula.intranet.test': ['fd12::5', 6],
  'receiver.test': ['127.0.0.1', 4],
};
const resolver = ((hostname: string, options: { all?: boolean }, callback: (...a: unknown[]) => void) => {
  const found = names[hostname];
  if (!found) return callback(Object.assign(new Error(`no such name ${hostname}`), { code: 'ENOTFOUND' }));
  if (options.all) return callback(null, [{ address: found[0], family: found[1] }]);
  return callback(null, found[0], found[1]);
}) as unknown as LookupFunction;

it('refuses private, link-local and metadata endpoints without connecting, pauses them and tells their owner', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'factmark-hooks-'));
  const store = await openStore(loadConfig({ DATA_DIR: dataDir }));
  const receiver = await new WebhookReceiver().start();
  const worker = new WebhookWorker({
    store: store.webhooks,
    notifications: store.notifications,
    limits: {
      maxBytes: 64 * 1024,
      timeoutMs: 2_000,
      maxRedirects: 0,
      allow: ['127.0.0.1/32'],
      userAgent: 'test',
      lookup: resolver,
    },
    attempts: 5,
    retryMs: 10,
    keepDays: 30,
    publicUrl: 'https://factmark.desk.example',
    log: pino({ level: 'silent' }),
  });
  try {
    const now = new Date().toISOString();
    await store.createUser(
      { id: 'u-ana', email: 'ana@desk.example', name: 'Ana', isAdmin: false, createdAt: now },
      'x',
    );
    await store.createDocument(
      { id: 'doc-hooks', title: 'Hooks', createdAt: now, updatedAt: now },
      Y.encodeStateAsUpdate(new Y.Doc()),
    );
    await store.setRole('doc-hooks', 'u-ana', 'owner');
    const port = new URL(receiver.base).port;
    const targets = {
      private: 'http://cms.intranet.test/factmark',
      metadata: 'http://metadata.cloud.test/latest/meta-data/',
      ula: `https://ula.intranet.test:${port}/hook`,
      allowed: `http://receiver.test:${port}/hook`,
    };
    for (const [id, url] of Object.entries(targets))
      await store.webhooks.create({
        id,
        documentId: 'doc-hooks',
        ownerId: 'u-ana',
        url,
        events: ['claim.created'],
        createdAt: now,
        pausedAt: null,
        pauseReason: null,
        secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      });
    const data = JSON.stringify({
      document: { id: 'doc-hooks', title: 'Hooks' },
      annotation: { id: 'c1', kind: 'claim' },
    });
    await store.appendUpdate('doc-hooks', Y.encodeStateAsUpdate(new Y.Doc()), {
      webhookEvents: [{ id: 'e1', documentId: 'doc-hooks', type: 'claim.created', createdAt: now, data }],
    });
    worker.start('http://127.0.0.1:1');
    await receiver.until(() => receiver.received.length === 1);
    const states = async () =>
      Object.fromEntries(
        await Promise.all(
          Object.keys(targets).map(async (id) => [id, (await store.webhooks.deliveries(id, 5))[0]] as const),
        ),
      );
    await expect
      .poll(async () => Object.values(await states()).map((d) => d?.state), { timeout: 5_000 })
      .toEqual(['failed', 'failed', 'failed', 'delivered']);
    const found = await states();
    for (const id of ['private', 'metadata', 'ula']) {
      // Refused once, not retried: no later try can make the address public.
      expect(found[id]).toMatchObject({ attempts: 1, statusCode: null });
      expect(found[id]?.error).toMatch(/private or local address/);
      const hook = await store.webhooks.get(id);
      expect(hook?.pausedAt).not.toBeNull();
      expect(hook?.pauseReason).toMatch(/tried once.*private or local address/);
    }
    expect((await store.webhooks.get('allowed'))?.pausedAt).toBeNull();
    // Not one socket went to an inside address: the only connection was the allowed one, to the receiver.
    expect(attempts.filter((ip) => ip !== '127.0.0.1')).toEqual([]);
    expect(attempts).toContain('127.0.0.1');
    const inbox = await store.notifications.inbox('u-ana', 10);
    expect(inbox.notifications.map((n) => n.kind)).toEqual(['webhook', 'webhook', 'webhook']);
    expect(inbox.notifications.map((n) => n.text).join('\n')).toContain('cms.intranet.test');

    // Finished deliveries are forgotten after keepDays; one still waiting never is.
    await worker.stop();
    await store.webhooks.create({
      id: 'later',
      documentId: 'doc-hooks',
      ownerId: 'u-ana',
      url: targets.allowed,
      events: ['claim.created'],
      createdAt: now,
      pausedAt: null,
      pauseReason: null,
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    });
    await store.webhooks.resume('private', Date.now());
    await store.appendUpdate('doc-hooks', Y.encodeStateAsUpdate(new Y.Doc()), {
      webhookEvents: [{ id: 'e2', documentId: 'doc-hooks', type: 'claim.created', createdAt: now, data }],
    });
    expect(await worker.prune(Date.now())).toBe(0);
    expect(await worker.prune(Date.now() + 31 * 86_400_000)).toBe(4);
    expect((await store.webhooks.deliveries('allowed', 5)).map((d) => d.state)).toEqual(['pending']);
    expect((await store.webhooks.deliveries('later', 5)).map((d) => d.state)).toEqual(['pending']);
    expect(await store.webhooks.deliveries('metadata', 5)).toEqual([]);
  } finally {
    await worker.stop();
    await receiver.stop();
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
