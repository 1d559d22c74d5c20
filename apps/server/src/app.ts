import { timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { AnnotationValidationError, ROLES, type Role, rolesFor } from '@factmark/collab';
import { articleFromJSON, MAX_TITLE_LENGTH } from '@factmark/editor';
import {
  ImportFormatError,
  type ImportReport,
  importHypothesis,
  importW3C,
  PublishCheckError,
  type RevisionReport,
  reviseArticle,
} from '@factmark/interop';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import { Redis } from '@hocuspocus/extension-redis';
import { type Extension, Hocuspocus } from '@hocuspocus/server';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type RawServerDefault } from 'fastify';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import { z } from 'zod';
import { auditEntries } from './audit.ts';
import type { AccountStore } from './auth/account-store.ts';
import { Auth } from './auth/auth.ts';
import { SyncTokens } from './auth/tokens.ts';
import type { ServerConfig } from './config.ts';
import { createDocument, isDocumentId, renameDocument } from './documents.ts';
import { currentCheck, EXPORT_FORMATS, renderExport } from './exports.ts';
import { SignInLimits, TooManyAttempts } from './http/sign-in-limits.ts';
import { HttpError } from './http-error.ts';
import { Metrics } from './metrics.ts';
import { persistence } from './persistence.ts';
import type { DocumentStore } from './storage/store.ts';
import { CLOSE_AUTH_TIMEOUT, CLOSE_TOO_LARGE, type ConnectionContext, syncGate } from './sync/gate-extension.ts';
import { revisionVersionName, Versions } from './versions.ts';

/** Path of the Yjs sync WebSocket. */
export const COLLAB_PATH = '/collab';

/** Largest accepted JSON body (a long article as ProseMirror JSON), in bytes. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

const email = z.email().max(320);
const password = z.string().min(10, 'Use at least 10 characters').max(200);
const name = z.string().trim().min(1).max(100);
const schemas = {
  signUp: z.object({ email, name, password }),
  signIn: z.object({ email: z.string().max(320), password: z.string().max(200) }),
  setup: z.object({ token: z.string().min(1).max(200), email, name, password }),
  createDocument: z.object({
    title: z.string().max(MAX_TITLE_LENGTH).optional(),
    article: z.record(z.string(), z.unknown()),
  }),
  version: z.object({ name: z.string().trim().min(1).max(200) }),
  rename: z.object({
    title: z
      .string()
      .transform((t) => t.replace(/\s+/g, ' ').trim())
      .pipe(z.string().min(1, 'A title cannot be empty').max(MAX_TITLE_LENGTH)),
  }),
  exportQuery: z.object({
    format: z.enum(EXPORT_FORMATS),
    articleUrl: z.string().url().max(2_000).optional(),
    organization: z.string().max(200).optional(),
    claimAuthor: z.string().max(200).optional(),
    force: z.enum(['0', '1', 'true', 'false']).optional(),
  }),
  importAnnotations: z.object({ format: z.enum(['w3c', 'hypothesis']), data: z.unknown() }),
  revision: z.object({ article: z.record(z.string(), z.unknown()) }),
  auditQuery: z.object({ annotation: z.string().max(100).optional(), user: z.string().max(100).optional() }),
  member: z.object({ email: z.string().max(320), role: z.enum(ROLES as [Role, ...Role[]]) }),
};

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new HttpError(400, 'invalid_body', `${issue?.path.join('.') || 'body'}: ${issue?.message}`);
}

/** A running Factmark server: HTTP API, static web app and Yjs sync on one port. */
export interface FactmarkServer {
  app: FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, Logger>;
  hocuspocus: Hocuspocus;
  auth: Auth;
  metrics: Metrics;
  /** Start listening; resolves to the base URL. */
  listen(): Promise<string>;
  /** Close connections, flush and close the store. */
  close(): Promise<void>;
}

/** Options that are not environment settings. */
export interface ServerOptions {
  /** HMAC key for sync tokens. */
  secret: Buffer;
  /** Called with the reason code of every refused Yjs message (metrics). */
  onReject?: (code: string) => void;
}

/** Build the server around `store`. Nothing listens until {@link FactmarkServer.listen}. */
export function createServer(
  config: ServerConfig,
  store: DocumentStore & AccountStore,
  log: Logger,
  options: ServerOptions,
): FactmarkServer {
  const app = Fastify({ loggerInstance: log, bodyLimit: MAX_BODY_BYTES, forceCloseConnections: true });
  const auth = new Auth(store, config.secureCookies);
  const tokens = new SyncTokens(options.secret);
  const metrics = new Metrics(() => hocuspocus);
  const onReject = (reason: string) => {
    metrics.rejected.inc({ reason });
    options.onReject?.(reason);
  };
  const storage = persistence(
    store,
    log,
    (seconds) => {
      metrics.updates.inc();
      metrics.storageWrite.observe(seconds);
    },
    config.compactEvery,
  );
  const signInLimits = new SignInLimits(config.authLimits);
  const hocuspocus: Hocuspocus = new Hocuspocus({
    quiet: true,
    extensions: [
      syncGate({
        accounts: store,
        store,
        tokens,
        log,
        limits: config.limits,
        onReject,
        onJudged: (seconds) => metrics.gate.observe(seconds),
        persist: storage.storeIncoming,
        audit: async (documentId, userId, at, changes) => {
          await store.appendAudit(
            documentId,
            changes.flatMap((change) => auditEntries(change, userId, at)),
          );
        },
      }),
      {
        // A socket counts as signed in once one of its documents has authenticated.
        async connected({ connection }) {
          authenticated.add(connection.webSocket);
        },
      },
      storage,
      ...redisExtension(config),
    ],
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxMessageBytes });
  const authenticated = new WeakSet<object>();

  app.server.on('upgrade', (request, socket, head) => {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    if (pathname !== COLLAB_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    if (!originAllowed(request.headers.origin, request.headers.host)) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      // ws closes the socket itself (1009 for an oversized message); the error must not go unhandled.
      ws.on('error', (error) => log.warn({ err: error }, 'sync socket error'));
      // A socket must authenticate in time, and may send only a little before it does.
      const timer = setTimeout(() => {
        if (!authenticated.has(ws)) ws.close(CLOSE_AUTH_TIMEOUT, 'Signing in to the document took too long');
      }, config.authTimeoutMs);
      ws.on('close', () => clearTimeout(timer));
      let unauthenticatedBytes = 0;
      ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
        if (authenticated.has(ws)) return;
        unauthenticatedBytes += Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data.byteLength;
        if (unauthenticatedBytes > config.maxUnauthenticatedBytes)
          ws.close(CLOSE_TOO_LARGE, 'Too much data before signing in');
      });
      hocuspocus.handleConnection(ws, request);
    });
  });

  /** Close every connection of `userId` to `documentId` (their role changed: they reconnect with the new one). */
  function disconnect(documentId: string, userId: string | null, reason: string) {
    const doc = hocuspocus.documents.get(documentId);
    if (!doc) return;
    doc.connections.forEach(({ connection }) => {
      if (userId === null || (connection.context as ConnectionContext).userId === userId) {
        connection.close({ code: 4403, reason });
      }
    });
  }

  // Security headers on every response; the CSP allows no inline script (the build emits none).
  app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // ProseMirror decorations (remote selections) set style attributes.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    strictTransportSecurity: config.secureCookies,
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    try {
      await store.countUsers();
      return { status: 'ready' };
    } catch (error) {
      log.error({ err: error }, 'not ready: storage');
      return reply.code(503).send({ status: 'unavailable', reason: 'storage' });
    }
  });
  app.get('/metrics', async (request, reply) => {
    if (config.metricsToken && !bearerMatches(request.headers.authorization, config.metricsToken)) {
      return sendError(
        reply.header('www-authenticate', 'Bearer'),
        401,
        'unauthenticated',
        'A metrics token is required',
      );
    }
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  app.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, _request, reply) => {
    const status = error.statusCode ?? 500;
    if (error instanceof TooManyAttempts) reply.header('retry-after', String(error.retryAfter));
    if (status >= 500) log.error({ err: error }, 'request failed');
    return sendError(reply, status, error.code ?? 'internal', status >= 500 ? 'Internal server error' : error.message);
  });

  // Requests that change something without a session (sign-up, sign-in, setup) must come from our own pages.
  const sameOrigin = (request: FastifyRequest) => {
    if (!originAllowed(request.headers.origin, request.headers.host)) {
      throw new HttpError(403, 'bad_origin', 'Cross-site request refused');
    }
  };

  app.get('/api/auth/me', async (request) => {
    const caller = await auth.caller(request);
    if (!caller) throw new HttpError(401, 'unauthenticated', 'Sign in first');
    return { user: caller.user, csrfToken: caller.session.csrfToken };
  });

  app.post('/api/auth/setup', async (request, reply) => {
    sameOrigin(request);
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
    sameOrigin(request);
    await signInLimits.attempt(request.ip);
    const user = await auth.signUp(parse(schemas.signUp, request.body));
    return reply.code(201).send({ user, csrfToken: await auth.startSession(reply, user) });
  });

  app.post('/api/auth/signin', async (request, reply) => {
    sameOrigin(request);
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
    const caller = await auth.require(request);
    await auth.endSession(reply, caller);
    return reply.code(204).send();
  });

  app.get('/api/documents', async (request) => {
    const caller = await auth.require(request);
    const mine = await store.documentsOf(caller.user.id);
    return { documents: (await store.listDocuments()).filter((d) => mine.has(d.id)) };
  });

  const documentId = (request: FastifyRequest) => {
    const { id } = request.params as { id: string };
    if (!isDocumentId(id)) throw new HttpError(404, 'not_found', `There is no document "${id}"`);
    return id;
  };

  app.get('/api/documents/:id', async (request) => {
    const caller = await auth.require(request);
    const id = documentId(request);
    const role = await auth.requireRole(id, caller, rolesFor('read'));
    const meta = await store.getDocument(id);
    if (!meta) throw new HttpError(404, 'not_found', `There is no document "${id}"`);
    return { document: meta, role };
  });

  app.post('/api/documents', async (request, reply) => {
    const caller = await auth.require(request);
    const input = parse(schemas.createDocument, request.body);
    let article: ReturnType<typeof articleFromJSON>;
    try {
      article = articleFromJSON(input.article);
    } catch (error) {
      throw new HttpError(400, 'invalid_article', `The article does not fit the schema: ${(error as Error).message}`);
    }
    const meta = await createDocument(store, article);
    await store.setRole(meta.id, caller.user.id, 'owner');
    log.info({ documentId: meta.id, userId: caller.user.id }, 'document created');
    return reply.code(201).send({ document: meta, role: 'owner' });
  });

  app.patch('/api/documents/:id', async (request) => {
    const caller = await auth.require(request);
    const id = documentId(request);
    await auth.requireRole(id, caller, rolesFor('rename'));
    const { title } = parse(schemas.rename, request.body);
    const meta = await renameDocument(hocuspocus, store, id, title);
    if (!meta) throw new HttpError(404, 'not_found', `There is no document "${id}"`);
    return { document: meta };
  });

  app.delete('/api/documents/:id', async (request, reply) => {
    const caller = await auth.require(request);
    const id = documentId(request);
    await auth.requireRole(id, caller, rolesFor('delete'));
    disconnect(id, null, 'The document was deleted');
    await store.deleteDocument(id);
    return reply.code(204).send();
  });

  app.get('/api/documents/:id/members', async (request) => {
    const caller = await auth.require(request);
    const id = documentId(request);
    await auth.requireRole(id, caller, rolesFor('read'));
    return { members: await store.listMembers(id) };
  });

  app.put('/api/documents/:id/members', async (request) => {
    const caller = await auth.require(request);
    const id = documentId(request);
    await auth.requireRole(id, caller, rolesFor('share'));
    const input = parse(schemas.member, request.body);
    const member = await store.findUserByEmail(input.email.trim().toLowerCase());
    if (!member) throw new HttpError(404, 'no_such_user', `Nobody has an account with the email ${input.email}`);
    if (member.id === caller.user.id) throw new HttpError(409, 'own_role', 'You cannot change your own role');
    await store.setRole(id, member.id, input.role);
    disconnect(id, member.id, 'Your role changed');
    return { members: await store.listMembers(id) };
  });

  app.delete('/api/documents/:id/members/:userId', async (request) => {
    const caller = await auth.require(request);
    const id = documentId(request);
    await auth.requireRole(id, caller, rolesFor('share'));
    const { userId } = request.params as { userId: string };
    if (userId === caller.user.id) throw new HttpError(409, 'own_role', 'You cannot remove yourself');
    await store.setRole(id, userId, null);
    disconnect(id, userId, 'Your access was removed');
    return { members: await store.listMembers(id) };
  });

  const versions = new Versions(store, hocuspocus);
  const versionOf = async (request: FastifyRequest, roles: readonly Role[]) => {
    const caller = await auth.require(request);
    const id = documentId(request);
    await auth.requireRole(id, caller, roles);
    return { caller, id, versionId: (request.params as { versionId?: string }).versionId ?? '' };
  };
  const noVersion = (versionId: string) => new HttpError(404, 'not_found', `There is no version "${versionId}"`);

  app.post('/api/documents/:id/versions', async (request, reply) => {
    const { caller, id } = await versionOf(request, rolesFor('manageVersions'));
    const { name } = parse(schemas.version, request.body);
    return reply.code(201).send({ version: await versions.take(id, name, caller.user.id) });
  });

  app.get('/api/documents/:id/versions', async (request) => {
    const { id } = await versionOf(request, rolesFor('read'));
    return { versions: await store.listVersions(id) };
  });

  app.get('/api/documents/:id/versions/:versionId', async (request) => {
    const { id, versionId } = await versionOf(request, rolesFor('read'));
    const version = await versions.open(id, versionId);
    if (!version) throw noVersion(versionId);
    return { version: version.meta, article: version.article.toJSON() };
  });

  app.get('/api/documents/:id/versions/:versionId/compare', async (request) => {
    const { id, versionId } = await versionOf(request, rolesFor('read'));
    const result = await versions.compare(id, versionId);
    if (!result) throw noVersion(versionId);
    return result;
  });

  app.post('/api/documents/:id/versions/:versionId/restore', async (request) => {
    const { id, versionId } = await versionOf(request, rolesFor('manageVersions'));
    if (!(await versions.restore(id, versionId))) throw noVersion(versionId);
    return { restored: versionId };
  });

  app.get('/api/documents/:id/export', async (request, reply) => {
    const caller = await auth.require(request);
    const id = documentId(request);
    await auth.requireRole(id, caller, rolesFor('read'));
    const query = parse(schemas.exportQuery, request.query);
    const origin = `${request.protocol}://${request.host}`;
    try {
      const result = renderExport(await currentCheck(store, id, hocuspocus), query.format, {
        documentUrl: `${origin}/d/${id}`,
        ...(query.articleUrl ? { articleUrl: query.articleUrl } : {}),
        ...(query.organization ? { organization: query.organization } : {}),
        ...(query.claimAuthor ? { claimAuthor: query.claimAuthor } : {}),
        force: query.force === '1' || query.force === 'true',
      });
      return reply.type(result.contentType).send(result.body);
    } catch (error) {
      if (error instanceof PublishCheckError) {
        return reply.code(409).send({ error: { code: 'not_ready', message: error.message, problems: error.problems } });
      }
      throw error;
    }
  });

  app.post('/api/documents/:id/annotations/import', async (request) => {
    const caller = await auth.require(request);
    const id = documentId(request);
    await auth.requireRole(id, caller, rolesFor('import'));
    const input = parse(schemas.importAnnotations, request.body);
    const actor = { id: caller.user.id, name: caller.user.name };
    const connection = await hocuspocus.openDirectConnection(id, { import: input.format });
    try {
      let report: ImportReport | undefined;
      await connection.transact((doc) => {
        report = input.format === 'w3c' ? importW3C(doc, input.data, actor) : importHypothesis(doc, input.data, actor);
      });
      return { report };
    } catch (error) {
      if (error instanceof ImportFormatError || error instanceof AnnotationValidationError)
        throw new HttpError(400, 'invalid_annotations', error.message);
      throw error;
    } finally {
      await connection.disconnect();
    }
  });

  app.post('/api/documents/:id/revisions', async (request, reply) => {
    const { caller, id } = await versionOf(request, rolesFor('revise'));
    const input = parse(schemas.revision, request.body);
    let article: ReturnType<typeof articleFromJSON>;
    try {
      article = articleFromJSON(input.article);
    } catch (error) {
      throw new HttpError(400, 'invalid_article', `The article does not fit the schema: ${(error as Error).message}`);
    }
    // The text as it was stays available as a version.
    const version = await versions.take(id, revisionVersionName(), caller.user.id);
    const connection = await hocuspocus.openDirectConnection(id, { revision: true });
    let report: RevisionReport | undefined;
    try {
      await connection.transact((doc) => {
        report = reviseArticle(doc, article);
      });
    } finally {
      await connection.disconnect();
    }
    return reply.code(201).send({ report, previousVersion: version });
  });

  app.get('/api/documents/:id/audit', async (request) => {
    const caller = await auth.require(request);
    const id = documentId(request);
    await auth.requireRole(id, caller, rolesFor('read'));
    const query = parse(schemas.auditQuery, request.query);
    return { entries: await store.listAudit(id, { annotationId: query.annotation, userId: query.user }) };
  });

  app.post('/api/documents/:id/sync-token', async (request) => {
    const caller = await auth.require(request);
    const id = documentId(request);
    const role = await auth.requireRole(id, caller, rolesFor('read'));
    return { token: tokens.issue(caller.user.id, id), role };
  });

  const webBuilt = existsSync(join(config.webDist, 'index.html'));
  if (webBuilt) {
    app.register(fastifyStatic, { root: config.webDist, wildcard: false });
  }
  app.setNotFoundHandler((request, reply) => {
    // Only client-side routes (no file extension) fall back to the app shell.
    const { pathname } = new URL(request.url, 'http://localhost');
    if (request.method !== 'GET' || pathname.startsWith('/api/') || /\.[a-z0-9]+$/i.test(pathname)) {
      return sendError(reply, 404, 'not_found', `No route ${request.method} ${request.url}`);
    }
    if (!webBuilt) {
      return sendError(reply, 503, 'web_not_built', `The web app is not built in ${config.webDist}: run "pnpm build"`);
    }
    return reply.type('text/html').sendFile('index.html');
  });

  return {
    app,
    hocuspocus,
    auth,
    metrics,
    async listen() {
      await app.listen({ port: config.port, host: config.host });
      const { port } = app.server.address() as AddressInfo;
      return `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    },
    async close() {
      hocuspocus.closeConnections();
      for (const client of wss.clients) client.terminate();
      await app.close();
      await store.close();
    },
  };
}

/** With REDIS_URL, the Hocuspocus Redis extension: instances relay documents and presence to each other. */
function redisExtension(config: ServerConfig): Extension[] {
  if (!config.redisUrl) return [];
  const url = new URL(config.redisUrl);
  return [
    new Redis({
      host: url.hostname,
      port: Number(url.port || 6379),
      prefix: config.redisPrefix,
      options: {
        ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
        ...(url.pathname.length > 1 ? { db: Number(url.pathname.slice(1)) } : {}),
      },
    }),
  ];
}

/** True when `header` is `Bearer <token>` with exactly `token` (compared in constant time). */
function bearerMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/.exec(header ?? '')?.[1] ?? '');
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/** A typed JSON error: `{ error: { code, message } }`. */
function sendError(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.code(status).send({ error: { code, message } });
}

/** Browsers send Origin on WebSocket upgrades and cross-site POSTs; it must name this host. Non-browser clients send none. */
function originAllowed(origin: string | undefined, host: string | undefined): boolean {
  if (!origin) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
