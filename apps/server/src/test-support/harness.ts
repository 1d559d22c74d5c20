import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FactmarkClient } from '@factmark/api';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { pino } from 'pino';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { COLLAB_PATH, createServer, type FactmarkServer } from '../app.ts';
import type { AccountStore } from '../auth/account-store.ts';
import { loadSecret } from '../auth/secret.ts';
import { loadConfig } from '../config.ts';
import { ensureDemoDocument } from '../documents/demo.ts';
import { openStore } from '../storage/open-store.ts';
import type { DocumentStore } from '../storage/store.ts';

/** A server on a free port with its own data directory; `restart` keeps the directory. */
export class TestServer {
  server!: FactmarkServer;
  base = '';
  setupToken: string | null = null;
  readonly rejected: string[] = [];
  private readonly providers: HocuspocusProvider[] = [];

  constructor(readonly dataDir = mkdtempSync(join(tmpdir(), 'factmark-server-'))) {}

  /**
   * Start the server on this data directory with `env` over the test defaults;
   * `wrapStore` may wrap the store the server runs on (to inject latency or failures).
   */
  async start(
    env: Record<string, string> = {},
    wrapStore: (store: DocumentStore & AccountStore) => DocumentStore & AccountStore = (store) => store,
  ): Promise<this> {
    const port = this.base ? new URL(this.base).port : '0';
    // The plain demo article: tests mark it themselves (the finished example has tests of its own).
    const config = loadConfig({
      PORT: port,
      DATA_DIR: this.dataDir,
      WEB_DIST: join(this.dataDir, 'no-web'),
      DEMO_DOCUMENT: 'article',
      // Nothing is fetched unless a test asks (capture tests turn it on, with their fixture site allowed).
      SOURCE_CAPTURE: 'off',
      ...env,
    });
    const store = await openStore(config);
    await ensureDemoDocument(store, config.demoDocument);
    // TEST_LOG_LEVEL=debug shows the server's log while a test runs.
    this.server = createServer(config, wrapStore(store), pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }), {
      secret: await loadSecret(store, undefined),
      onReject: (code) => this.rejected.push(code),
    });
    this.base = await this.server.listen();
    this.setupToken = await this.server.auth.setupToken();
    return this;
  }

  /** A fresh store on the same data, to read what was durably stored. */
  openStore(env: Record<string, string> = {}): Promise<DocumentStore & AccountStore> {
    return openStore(loadConfig({ DATA_DIR: this.dataDir, ...env }));
  }

  async stop(): Promise<void> {
    for (const p of this.providers.splice(0)) {
      p.destroy();
      p.configuration.websocketProvider.destroy();
    }
    await this.server.close();
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** Connect a Yjs client with `token`; resolves once synced, rejects if the server closes first. */
  connect(name: string, token: string, doc = new Y.Doc()): Promise<Connection> {
    const websocketProvider = new HocuspocusProviderWebsocket({
      url: `${this.base.replace('http', 'ws')}${COLLAB_PATH}`,
      WebSocketPolyfill: WebSocket,
      maxAttempts: 1,
    });
    return new Promise((resolve, reject) => {
      const closes: { code: number; reason: string }[] = [];
      const provider: HocuspocusProvider = new HocuspocusProvider({
        websocketProvider,
        name,
        document: doc,
        token,
        onSynced: () => resolve({ doc, provider, closes }),
        onAuthenticationFailed: ({ reason }) => reject(new Error(reason)),
        onClose: ({ event }) => {
          closes.push({ code: event.code, reason: event.reason });
          reject(new Error(`closed: ${event.code} ${event.reason}`));
        },
      });
      this.providers.push(provider);
      provider.attach();
    });
  }
}

/** A connected Yjs client. */
export interface Connection {
  doc: Y.Doc;
  provider: HocuspocusProvider;
  /** Close events received so far. */
  closes: { code: number; reason: string }[];
}

/**
 * Apply `change` to a connected client's doc and wait for the server's answer:
 * 'acked' when it acknowledged the update, or `refused: <reason>` when it closed
 * the connection instead (Hocuspocus sends the reason in its close message).
 */
export function attempt(conn: Connection, change: (doc: Y.Doc) => void, timeoutMs = 5_000): Promise<'acked' | string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no answer from the server')), timeoutMs);
    const done = (result: string) => {
      clearTimeout(timer);
      conn.provider.off('unsyncedChanges', onUnsynced);
      conn.provider.off('close', onClose);
      resolve(result);
    };
    const onUnsynced = () => {
      if (conn.provider.unsyncedChanges === 0) done('acked');
    };
    const onClose = ({ event }: { event: { reason: string } }) => done(`refused: ${event.reason}`);
    conn.provider.on('unsyncedChanges', onUnsynced);
    conn.provider.on('close', onClose);
    conn.doc.transact(() => change(conn.doc));
  });
}

/**
 * Poll `read` until it gives a truthy value, and return it; throw, naming `what`, once `ms` have passed without one.
 */
export async function until<T>(what: string, read: () => T | null | undefined | false, ms = 5_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** An HTTP client with a cookie jar and the session's CSRF token, like a browser tab of the web app. */
export class ApiClient {
  /** The typed client this wraps (tests that want the typed calls use it). */
  readonly client: FactmarkClient;
  userId = '';

  constructor(readonly base: string) {
    this.client = new FactmarkClient({ base, keepCookie: true });
  }

  /** The session's CSRF token. */
  get csrf(): string {
    return this.client.csrfToken;
  }

  set csrf(token: string) {
    this.client.csrfToken = token;
  }

  /** Any request; its status and JSON body, whatever the status. */
  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const answer = await this.client.request(method, path, body, headers);
    const user = (answer.body as { user?: { id?: string } }).user;
    if (user?.id && !this.userId) this.userId = user.id;
    return {
      status: answer.status,
      body: answer.body as Record<string, unknown> & { error?: { code: string; message: string } },
    };
  }

  /** The id of the first document this person's list shows: on a fresh server, the demo document. */
  async firstDocumentId(): Promise<string> {
    const { documents } = (await this.request('GET', '/api/documents')).body as { documents?: { id: string }[] };
    const id = documents?.[0]?.id;
    if (id === undefined) throw new Error('This person has no document');
    return id;
  }

  /** A GET whose answer is not JSON (an export): its status, content type and text. */
  async text(path: string): Promise<{ status: number; contentType: string; text: string }> {
    const { status, contentType, text } = await this.client.request('GET', path);
    return { status, contentType, text };
  }

  /** Sign up (or, with `setupToken`, create the first administrator). */
  async signUp(email: string, name: string, setupToken?: string): Promise<this> {
    const res = setupToken
      ? await this.request('POST', '/api/auth/setup', {
          token: setupToken,
          email,
          name,
          password: 'correct horse battery',
        })
      : await this.request('POST', '/api/auth/signup', { email, name, password: 'correct horse battery' });
    if (res.status !== 201) throw new Error(`sign-up failed: ${res.status} ${JSON.stringify(res.body)}`);
    return this;
  }

  async syncToken(documentId: string): Promise<string> {
    const res = await this.request('GET', `/api/documents/${documentId}/sync-token`);
    if (res.status !== 200) throw new Error(`no token: ${res.status} ${JSON.stringify(res.body)}`);
    return (res.body as { token: string }).token;
  }
}
