/**
 * The server's set-up: one Fastify app with the HTTP API and the web app, and
 * Hocuspocus for the Yjs sync on the same port. Each room does its part —
 * http/ (routes by resource, the guard, the error map), sync/ (the assembly,
 * the gate, the upgrade), auth/, storage/, documents/ — and this file only
 * wires them together.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, LookupFunction } from 'node:net';
import type { Hocuspocus } from '@hocuspocus/server';
import Fastify, { type FastifyInstance, type RawServerDefault } from 'fastify';
import type { Logger } from 'pino';
import { AccessTokens } from './auth/access-tokens.ts';
import type { AccountStore } from './auth/account-store.ts';
import { Auth } from './auth/auth.ts';
import { Invitations } from './auth/invitations.ts';
import { SyncTokens } from './auth/tokens.ts';
import type { ServerConfig } from './config.ts';
import { LiveDocuments } from './documents/document-access.ts';
import { DocumentService } from './documents/document-service.ts';
import { PdfPrinter } from './documents/pdf.ts';
import type { RouteContext } from './http/context.ts';
import { installErrorHandler } from './http/errors.ts';
import { RouteGuard } from './http/guard.ts';
import { authRoutes } from './http/routes/auth-routes.ts';
import { documentRoutes } from './http/routes/document-routes.ts';
import { interopRoutes } from './http/routes/interop-routes.ts';
import { memberRoutes } from './http/routes/member-routes.ts';
import { notificationRoutes } from './http/routes/notification-routes.ts';
import { operationsRoutes } from './http/routes/operations-routes.ts';
import { sourceRoutes } from './http/routes/source-routes.ts';
import { tokenRoutes } from './http/routes/token-routes.ts';
import { versionRoutes } from './http/routes/version-routes.ts';
import { webhookRoutes } from './http/routes/webhook-routes.ts';
import { SignInLimits } from './http/sign-in-limits.ts';
import { securityHeaders, webApp } from './http/web-app.ts';
import { Mailer } from './mail/mailer.ts';
import { Metrics } from './metrics.ts';
import type { DocumentStore } from './storage/store.ts';
import { createSync, type Sync } from './sync/assembly.ts';
import { acceptSyncUpgrades } from './sync/upgrade.ts';
import { WEBHOOK_USER_AGENT, WebhookWorker } from './webhooks/webhook-worker.ts';

export { COLLAB_PATH } from './sync/upgrade.ts';

/** Largest accepted JSON body (a long article as ProseMirror JSON), in bytes. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;
/** How long a stopping server waits for accepted updates to be stored. */
const CLOSE_FLUSH_MS = 10_000;

/** A running Factmark server: HTTP API, static web app and Yjs sync on one port. */
export interface FactmarkServer {
  app: FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, Logger>;
  hocuspocus: Hocuspocus;
  auth: Auth;
  metrics: Metrics;
  /** The document use cases, on the live documents. */
  documents: DocumentService;
  /** Every route registered (method and Fastify path), to compare with the API's description. */
  routes: readonly { method: string; url: string }[];
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
  /** How webhook deliveries resolve names (tests inject one; default: the system's). */
  lookup?: LookupFunction;
}

/** The route files, each registering its resource's routes. */
const ROUTES = [
  operationsRoutes,
  authRoutes,
  documentRoutes,
  notificationRoutes,
  tokenRoutes,
  memberRoutes,
  versionRoutes,
  interopRoutes,
  sourceRoutes,
  webhookRoutes,
];

/** The routes `app` registers from now on, as they are registered (the API description's test reads them). */
function registeredRoutes(app: FactmarkServer['app']): { method: string; url: string }[] {
  const routes: { method: string; url: string }[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
  });
  return routes;
}

/** The document service on the live documents of `sync`, with the PDF printer it publishes with. */
function documentService(config: ServerConfig, store: DocumentStore & AccountStore, sync: Sync) {
  const printer = new PdfPrinter(config.chromiumPath);
  const live = new LiveDocuments(store, sync.hocuspocus, sync.persist);
  return { documents: new DocumentService(store, live, { defaults: config.publication, printer }), printer };
}

/** The webhook worker of `config`: deliveries under source capture's egress rules (and a test's resolver). */
function webhookWorker(
  config: ServerConfig,
  store: DocumentStore,
  log: Logger,
  lookup: LookupFunction | undefined,
): WebhookWorker {
  return new WebhookWorker({
    store: store.webhooks,
    notifications: store.notifications,
    limits: {
      maxBytes: 64 * 1024,
      timeoutMs: config.webhooks.timeoutMs,
      maxRedirects: 0,
      allow: config.sources.allow,
      userAgent: WEBHOOK_USER_AGENT,
      ...(lookup ? { lookup } : {}),
    },
    attempts: config.webhooks.attempts,
    retryMs: config.webhooks.retryMs,
    keepDays: config.webhooks.keepDays,
    publicUrl: config.publicUrl,
    log,
  });
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
  const metrics = new Metrics(() => sync.hocuspocus);
  const onReject = (reason: string) => {
    metrics.rejected.inc({ reason });
    options.onReject?.(reason);
  };
  const sync = createSync({ config, store, log, tokens, metrics, onReject });
  const wss = acceptSyncUpgrades(app.server, sync, config, log);
  const { documents, printer } = documentService(config, store, sync);
  const mailer = config.mail ? new Mailer(config.mail, store.notifications, options.secret, log) : null;
  const webhooks = webhookWorker(config, store, log, options.lookup);
  const signInLimits = new SignInLimits(config.authLimits);
  const accessTokens = new AccessTokens(store);
  const context: RouteContext = {
    app,
    config,
    log,
    store,
    auth,
    invitations: new Invitations(store),
    documents,
    tokens,
    metrics,
    guard: new RouteGuard(auth, accessTokens, signInLimits),
    accessTokens,
    hocuspocus: sync.hocuspocus,
    signInLimits,
    disconnect: sync.disconnect,
    disconnectToken: sync.disconnectToken,
    release: sync.release,
    warm: sync.warm,
    capture: sync.capture?.worker ?? null,
    mailer,
    secret: options.secret,
  };
  const routes = registeredRoutes(app);
  securityHeaders(context);
  installErrorHandler(app, log);
  for (const routes of ROUTES) routes(context);
  webApp(context);

  return {
    app,
    hocuspocus: sync.hocuspocus,
    auth,
    metrics,
    documents,
    routes,
    async listen() {
      await app.listen({ port: config.port, host: config.host });
      sync.capture?.worker.start();
      const { port } = app.server.address() as AddressInfo;
      const base = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
      mailer?.start(base);
      webhooks.start(base);
      return base;
    },
    async close() {
      await sync.capture?.worker.stop();
      await Promise.all([webhooks.stop(), mailer?.stop()]);
      sync.hocuspocus.closeConnections();
      for (const client of wss.clients) client.terminate();
      await sync.flush(CLOSE_FLUSH_MS); // accepted updates are stored before the store closes
      await app.close();
      await printer.close();
      await store.close();
    },
  };
}
