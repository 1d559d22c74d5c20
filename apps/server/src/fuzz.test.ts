import { articleFragment, readArticle } from '@factmark/collab';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { COLLAB_PATH } from './app.ts';
import { ApiClient, attempt, type Connection, TestServer } from './test-support/harness.ts';
import { rng } from './test-support/random.ts';
import { MSG, message, RawClient, syncProbe, syncUpdate } from './test-support/raw-client.ts';

/**
 * 10,000 malformed or mutated messages at a live server, from an
 * authenticated viewer of one document, while two editors keep working on
 * another: the server stays up, the other document keeps syncing, and the
 * targeted document is unchanged.
 */

const MESSAGES = Number(process.env.FACTMARK_FUZZ_MESSAGES ?? 10_000);

let t: TestServer;
let targetId = '';
let otherId = '';
let viewer: ApiClient;
let editors: [Connection, Connection];
let validUpdates: Uint8Array[] = [];

beforeAll(async () => {
  vi.spyOn(console, 'error').mockImplementation(() => {});
  t = await new TestServer().start({ RATE_CONNECTION_PER_SECOND: '1000000', RATE_USER_PER_SECOND: '1000000' });
  const owner = await new ApiClient(t.base).signUp('owner@desk.example', 'Owner', t.setupToken ?? undefined);
  viewer = await new ApiClient(t.base).signUp('fuzzer@desk.example', 'Fuzzer');
  targetId = await owner.firstDocumentId();
  await owner.request('PUT', `/api/documents/${targetId}/members`, { email: 'fuzzer@desk.example', role: 'viewer' });
  const created = await owner.request('POST', '/api/documents', {
    article: {
      type: 'doc',
      content: [{ type: 'title', content: [{ type: 'text', text: 'Other' }] }, { type: 'paragraph' }],
    },
  });
  otherId = (created.body as { document: { id: string } }).document.id;
  editors = [
    await t.connect(otherId, await owner.syncToken(otherId)),
    await t.connect(otherId, await owner.syncToken(otherId)),
  ];
  // Real updates to mutate: what an editor's typing looks like.
  const base = await t.connect(targetId, await owner.syncToken(targetId));
  const scratch = new Y.Doc();
  Y.applyUpdate(scratch, Y.encodeStateAsUpdate(base.doc));
  scratch.on('update', (u: Uint8Array) => validUpdates.push(u));
  for (let i = 0; i < 20; i++) {
    ((articleFragment(scratch).get(1) as Y.XmlElement).get(0) as Y.XmlText).insert(i * 3, `w${i}`);
  }
  validUpdates = validUpdates.slice(0, 20);
});

afterAll(async () => {
  vi.restoreAllMocks();
  await t?.dispose();
});

describe('fuzzing the sync endpoint', () => {
  it(`survives ${MESSAGES} malformed or mutated messages; other documents keep syncing; the target is unchanged`, async () => {
    const before = await t.connect(targetId, await viewer.syncToken(targetId));
    const stateBefore = Y.encodeStateAsUpdate(before.doc);
    const textBefore = readArticle(before.doc).textContent;

    const random = rng(20261126);
    const int = (n: number) => Math.floor(random() * n);
    const bytes = (n: number) => Uint8Array.from({ length: n }, () => int(256));
    const pick = <T>(xs: T[]) => xs[int(xs.length)] as T;
    const generators: (() => Uint8Array)[] = [
      () => bytes(int(200)),
      () => {
        const e = encoding.createEncoder();
        encoding.writeVarString(e, targetId);
        encoding.writeUint8Array(e, bytes(1 + int(100)));
        return encoding.toUint8Array(e);
      },
      () => {
        const u = pick(validUpdates);
        return syncUpdate(targetId, u.slice(0, int(u.length)));
      },
      () => {
        const u = Uint8Array.from(pick(validUpdates));
        for (let k = 0; k < 1 + int(4); k++) {
          const at = int(u.length);
          u[at] = (u[at] as number) ^ (1 << int(8));
        }
        return syncUpdate(targetId, u);
      },
      () =>
        message(targetId, MSG.Sync, (e) => {
          encoding.writeVarUint(e, int(3));
          encoding.writeVarUint(e, 2 ** 31 + int(2 ** 20));
          encoding.writeUint8Array(e, bytes(int(20)));
        }),
      () => message(targetId, 9 + int(240), (e) => encoding.writeUint8Array(e, bytes(int(30)))),
      () => message(targetId, MSG.Awareness, (e) => encoding.writeVarUint8Array(e, bytes(int(300)))),
      () =>
        message(targetId, MSG.Sync, (e) => {
          encoding.writeVarUint(e, 0);
          encoding.writeVarUint8Array(e, bytes(int(40)));
        }),
      () => syncUpdate(targetId, pick(validUpdates)),
    ];

    const url = `${t.base.replace('http', 'ws')}${COLLAB_PATH}`;
    // Sync tokens live five minutes: fetch one, not one per re-authentication.
    const token = await viewer.syncToken(targetId);
    let sent = 0;
    let closes = 0;
    let silent = 0;
    let socketsClosed = 0;
    const WORKERS = 4;

    /** One fuzzing socket: send a message, then a probe, and wait for the probe's answer or a refusal. */
    async function worker(count: number): Promise<void> {
      let client: RawClient | null = null;
      for (let i = 0; i < count; i++) {
        if (!client?.open) {
          client = await RawClient.open(url);
        }
        if (!client.isAuthenticated) await client.auth(targetId, token);
        const c = client;
        const closesBefore = c.closes.length;
        const repliesBefore = c.syncReplies;
        c.send(pick(generators)());
        c.send(syncProbe(targetId));
        sent++;
        const answered = await c.until(() => c.closes.length > closesBefore || c.syncReplies > repliesBefore, 250);
        if (c.closes.length > closesBefore) closes++;
        if (!answered && c.socketClosed) socketsClosed++;
        else if (!answered) {
          // No answer in time: start afresh on a new socket.
          silent++;
          c.close();
        }
      }
      client?.close();
    }

    async function otherDocumentKeepsSyncing(): Promise<number> {
      let rounds = 0;
      const [a, b] = editors;
      while (sent < MESSAGES) {
        const marker = `edit ${rounds}`;
        const seen = new Promise<void>((resolve) => {
          const check = () => {
            if (readArticle(b.doc).textContent.includes(marker)) resolve();
          };
          b.doc.on('update', check);
        });
        expect(
          await attempt(a, (doc) =>
            ((articleFragment(doc).get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, `${marker} `),
          ),
        ).toBe('acked');
        await seen;
        rounds++;
        await new Promise((r) => setTimeout(r, 200));
      }
      return rounds;
    }

    const [rounds] = await Promise.all([
      otherDocumentKeepsSyncing(),
      ...Array.from({ length: WORKERS }, () => worker(MESSAGES / WORKERS)),
    ]);
    console.info(
      `fuzz: ${sent} messages, ${closes} refused with a reason, ${socketsClosed} sockets closed by the server, ${silent} unanswered, ${rounds} edits synced on the other document`,
    );
    expect(rounds).toBeGreaterThan(3);
    expect(sent).toBe(MESSAGES);
    expect(closes).toBeGreaterThan(MESSAGES / 4);

    // The server is up and the targeted document is exactly as it was.
    expect((await fetch(`${t.base}/healthz`)).status).toBe(200);
    const after = await t.connect(targetId, await viewer.syncToken(targetId));
    expect(readArticle(after.doc).textContent).toBe(textBefore);
    expect(Y.encodeStateVector(after.doc)).toEqual(Y.encodeStateVectorFromUpdate(stateBefore));
  }, 300_000);
});
