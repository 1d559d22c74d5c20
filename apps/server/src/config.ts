/** The server's configuration, read from the environment once, with every default in one place. */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isHttpUrl, type Publication, publicationSchema } from '@factmark/collab';
import ipaddr from 'ipaddr.js';
import { findChromium } from './documents/pdf.ts';
import type { ArchiveSettings } from './sources/archives.ts';
import type { KeepSettings } from './sync/kept-documents.ts';

/** Server settings, each from an environment variable (see docs/operations.md). */
export interface ServerConfig {
  /** PORT: TCP port for HTTP and WebSocket (default 3000). */
  port: number;
  /** HOST: interface to bind (default 127.0.0.1). */
  host: string;
  /** DATA_DIR: directory of the SQLite file (default ./data, relative to the working directory). */
  dataDir: string;
  /** WEB_DIST: directory of the built web app (default apps/web/dist). */
  webDist: string;
  /** LOG_LEVEL: pino level (default info). */
  logLevel: string;
  /** COOKIE_SECURE: mark cookies Secure (default: on unless HOST is a loopback address). */
  secureCookies: boolean;
  /** MAX_MESSAGE_BYTES: largest WebSocket message accepted (default 2 MiB). */
  maxMessageBytes: number;
  /** Limits the sync gate enforces. */
  limits: SyncLimits;
  /** DATABASE_URL: when set, documents and accounts live in PostgreSQL instead of SQLite. */
  databaseUrl: string | null;
  /** DATABASE_SCHEMA: the PostgreSQL schema to use (default: the connection's search_path). */
  databaseSchema: string | null;
  /** COMPACT_EVERY_UPDATES: merge a document's stored updates into one after this many (default 500). */
  compactEvery: number;
  /** REDIS_URL: when set, server processes share documents and presence through Redis (several instances). */
  redisUrl: string | null;
  /** REDIS_PREFIX: key and channel prefix in Redis (default factmark). */
  redisPrefix: string;
  /**
   * KEEP_DOCUMENT_SECONDS (default 60; 0: none), KEEP_DOCUMENTS_MAX (default 10) and KEEP_DOCUMENTS_MAX_BYTES (default
   * 32 MiB of encoded state): how long a document stays in memory after its last connection closed, how many at most,
   * and how large together. None with REDIS_URL: a copy kept with nobody here connected would be as current as Redis'
   * delivery of every other process's change, not as the database.
   */
  keepDocuments: KeepSettings;
  /** AUTH_TIMEOUT_MS: a sync socket that has not authenticated by then is closed (default 10 s). */
  authTimeoutMs: number;
  /** MAX_UNAUTHENTICATED_BYTES: what a sync socket may send before it authenticates (default 64 KiB). */
  maxUnauthenticatedBytes: number;
  /** METRICS_TOKEN: when set, /metrics answers only requests with `Authorization: Bearer <token>`. */
  metricsToken: string | null;
  /** Limits on signing in and up. */
  authLimits: AuthLimits;
  /**
   * DEMO_DOCUMENT: what a store with no documents starts with — `example` (default: the demo article with a
   * finished example check), `article` (the demo article, nothing marked yet) or `none`.
   */
  demoDocument: DemoDocument;
  /**
   * The publication defaults every document starts from (its own details win): FACTCHECK_ORGANIZATION,
   * FACTCHECK_ORGANIZATION_URL, FACTCHECK_ORGANIZATION_LOGO (http(s) only).
   */
  publication: Publication;
  /** CHROMIUM_PATH: the Chromium that prints PDF exports (default: Debian's /usr/bin/chromium when installed). */
  chromiumPath: string | null;
  /** Fetching cited sources (see {@link SourceSettings}). */
  sources: SourceSettings;
  /** Email (see {@link MailSettings}); null without SMTP_URL: notifications stay in the app. */
  mail: MailSettings | null;
  /** PUBLIC_URL: the address people open the app at, for links in emails and webhook events (default: where it listens). */
  publicUrl: string | null;
  /** Webhook deliveries (see {@link WebhookSettings}). */
  webhooks: WebhookSettings;
}

/**
 * How webhook deliveries are tried (docs/operations.md, "Webhooks"). They follow source capture's egress rules:
 * SOURCE_FETCH_ALLOW is the one list of private addresses the server may reach.
 */
export interface WebhookSettings {
  /** WEBHOOK_ATTEMPTS: tries of one delivery; when the last fails, its endpoint is paused and its owner told (default 8). */
  attempts: number;
  /** WEBHOOK_RETRY_MS: the wait before the first retry, doubled for each next one, at most an hour (default 30 000). */
  retryMs: number;
  /** WEBHOOK_TIMEOUT_MS: how long an endpoint may take to answer a delivery (default 10 000). */
  timeoutMs: number;
  /** WEBHOOK_KEEP_DAYS: days a finished delivery stays listed before it is forgotten (default 30). */
  keepDays: number;
}

/** How the server sends email (docs/operations.md, "Email"). */
export interface MailSettings {
  /** SMTP_URL: the server to send through, `smtp://` or `smtps://` with user and password if it needs them. */
  smtpUrl: string;
  /** MAIL_FROM: the sender (default `Factmark <factmark@localhost>`, or PUBLIC_URL's host). */
  from: string;
  /** PUBLIC_URL: the address people open the app at, for the links in emails (default: the address it listens on). */
  publicUrl: string | null;
  /** MAIL_QUIET_SECONDS: notifications are mailed once none came for this long, together (default 30). */
  quietSeconds: number;
  /** MAIL_MAX_WAIT_SECONDS: …or once the oldest has waited this long (default 300). */
  maxWaitSeconds: number;
}

/** How the server fetches cited sources (docs/operations.md, "Source capture"). */
export interface SourceSettings {
  /** SOURCE_CAPTURE: `on` (default) or `off`. */
  capture: boolean;
  /** SOURCE_MAX_BYTES: the most bytes of a page read (default 10 MiB). */
  maxBytes: number;
  /** SOURCE_TIMEOUT_MS: the most time one fetch takes, redirects included (default 15 s). */
  timeoutMs: number;
  /** SOURCE_MAX_REDIRECTS: the most redirects followed (default 5). */
  maxRedirects: number;
  /** SOURCE_FETCH_ALLOW: comma-separated CIDRs or addresses fetched although private or loopback (default none). */
  allow: string[];
  /** SOURCE_RECHECK_HOURS: how often a captured source is fetched again to check its health (default 24; 0: never). */
  recheckHours: number;
  /** ARCHIVE_PROVIDERS (`wayback`, `perma`, comma-separated; default none) and their keys. */
  archives: ArchiveSettings;
}

/** ARCHIVE_PROVIDERS and the settings of each archive named. */
function archiveSettings(env: NodeJS.ProcessEnv): ArchiveSettings {
  const names = (env.ARCHIVE_PROVIDERS ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  for (const name of names) {
    if (name !== 'wayback' && name !== 'perma')
      throw new Error(`ARCHIVE_PROVIDERS takes wayback and perma, got "${name}"`);
  }
  const required = (name: string, why: string) => {
    const value = env[name];
    if (!value) throw new Error(`${name} is needed ${why}`);
    return value;
  };
  const endpoint = (name: string, fallback: string) => {
    const value = env[name] || fallback;
    if (!/^https?:\/\//.test(value)) throw new Error(`${name} must be an http(s) URL, got "${value}"`);
    return value.replace(/\/$/, '');
  };
  return {
    wayback: names.includes('wayback')
      ? {
          endpoint: endpoint('WAYBACK_URL', 'https://web.archive.org'),
          accessKey: required('WAYBACK_ACCESS_KEY', 'to save to the Internet Archive (archive.org/account/s3.php)'),
          secret: required('WAYBACK_SECRET_KEY', 'to save to the Internet Archive (archive.org/account/s3.php)'),
          pollMs: intSetting(env, 'WAYBACK_POLL_MS', 5_000),
          maxPolls: intSetting(env, 'WAYBACK_MAX_POLLS', 24),
        }
      : null,
    perma: names.includes('perma')
      ? {
          endpoint: endpoint('PERMA_API_URL', 'https://api.perma.cc'),
          apiKey: required('PERMA_API_KEY', 'to save to Perma.cc (your Perma.cc settings, "API key")'),
          folder: env.PERMA_FOLDER || null,
        }
      : null,
  };
}

function sourceSettings(env: NodeJS.ProcessEnv): SourceSettings {
  const capture = env.SOURCE_CAPTURE ?? 'on';
  if (capture !== 'on' && capture !== 'off') throw new Error(`SOURCE_CAPTURE must be on or off, got "${capture}"`);
  const allow = (env.SOURCE_FETCH_ALLOW ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const entry of allow) {
    if (!ipaddr.isValidCIDR(entry) && !ipaddr.isValid(entry))
      throw new Error(`SOURCE_FETCH_ALLOW takes addresses or CIDRs such as 10.1.0.0/16, got "${entry}"`);
  }
  return {
    capture: capture === 'on',
    maxBytes: intSetting(env, 'SOURCE_MAX_BYTES', 10 * 1024 * 1024),
    timeoutMs: intSetting(env, 'SOURCE_TIMEOUT_MS', 15_000),
    maxRedirects: intSetting(env, 'SOURCE_MAX_REDIRECTS', 5),
    allow,
    recheckHours: env.SOURCE_RECHECK_HOURS === '0' ? 0 : intSetting(env, 'SOURCE_RECHECK_HOURS', 24),
    archives: archiveSettings(env),
  };
}

/** What a fresh install's store starts with (see {@link ServerConfig.demoDocument}). */
export type DemoDocument = 'example' | 'article' | 'none';
const DEMO_DOCUMENTS: readonly DemoDocument[] = ['example', 'article', 'none'];

function demoSetting(raw: string | undefined): DemoDocument {
  if (raw === undefined || raw === '') return 'example';
  const found = DEMO_DOCUMENTS.find((d) => d === raw);
  if (!found) throw new Error(`DEMO_DOCUMENT must be one of ${DEMO_DOCUMENTS.join(', ')}, got "${raw}"`);
  return found;
}

/** Limits on signing in and up (see docs/operations.md). */
export interface AuthLimits {
  /** RATE_AUTH_PER_ADDRESS_PER_MINUTE: sign-in, sign-up and setup attempts per address and minute (default 30). */
  perAddressPerMinute: number;
  /** RATE_SIGNIN_FAILURES_PER_ACCOUNT: failed sign-ins per account in 15 minutes before it is refused (default 10). */
  failuresPerAccount: number;
}

/** Limits on what one connection or user may send (see docs/operations.md). */
export interface SyncLimits {
  /** MAX_DOCUMENT_BYTES: a document may not grow past this many bytes of Yjs state (default 20 MiB). */
  maxDocumentBytes: number;
  /** MAX_AWARENESS_BYTES: largest awareness (presence) message (default 64 KiB). */
  maxAwarenessBytes: number;
  /** RATE_CONNECTION_PER_SECOND: sustained messages per second per connection (burst: 5 seconds' worth; default 60). */
  connectionRate: number;
  /** RATE_USER_PER_SECOND: sustained messages per second per user over all their connections (default 150). */
  userRate: number;
  /**
   * ORPHANS_WAIT_MS: how long an update that holds a colleague's items the server lost (it stopped between relaying and
   * storing them) waits for the colleague's copy to bring them back before it is refused (default 15 s).
   */
  orphansWaitMs: number;
}

function intSetting(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

/** True for addresses that only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** The organisation's defaults from the environment, each URL checked (a bad one stops the start, in words). */
function publicationSettings(env: NodeJS.ProcessEnv): Publication {
  const given = {
    organizationName: env.FACTCHECK_ORGANIZATION || undefined,
    organizationUrl: env.FACTCHECK_ORGANIZATION_URL || undefined,
    organizationLogo: env.FACTCHECK_ORGANIZATION_LOGO || undefined,
  };
  const parsed = publicationSchema.safeParse(given);
  if (!parsed.success)
    throw new Error(`FACTCHECK_ORGANIZATION_URL and FACTCHECK_ORGANIZATION_LOGO must be http(s) addresses`);
  return Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined)) as Publication;
}

/** PUBLIC_URL, checked (an http(s) address, without a trailing slash); null when unset. */
function publicUrlSetting(env: NodeJS.ProcessEnv): string | null {
  const publicUrl = env.PUBLIC_URL ? env.PUBLIC_URL.replace(/\/+$/, '') : null;
  if (publicUrl !== null && !isHttpUrl(publicUrl))
    throw new Error(`PUBLIC_URL must be an http(s) address, got "${env.PUBLIC_URL}"`);
  return publicUrl;
}

/** SMTP_URL and what goes with it, checked; null without SMTP_URL. */
function mailSettings(env: NodeJS.ProcessEnv): MailSettings | null {
  if (!env.SMTP_URL) return null;
  if (!/^smtps?:\/\/[^/\s]+/.test(env.SMTP_URL))
    throw new Error(
      'SMTP_URL must be an smtp:// or smtps:// address, for example smtp://user:password@mail.example:587',
    );
  const publicUrl = publicUrlSetting(env);
  return {
    smtpUrl: env.SMTP_URL,
    from: env.MAIL_FROM || `Factmark <factmark@${publicUrl ? new URL(publicUrl).hostname : 'localhost'}>`,
    publicUrl,
    quietSeconds: intSetting(env, 'MAIL_QUIET_SECONDS', 30),
    maxWaitSeconds: intSetting(env, 'MAIL_MAX_WAIT_SECONDS', 300),
  };
}

/** Read the configuration from `env`, failing with a clear message on a bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be an integer from 0 to 65535, got "${env.PORT}"`);
  }
  const host = env.HOST ?? '127.0.0.1';
  return {
    port,
    host,
    dataDir: resolve(env.DATA_DIR ?? 'data'),
    webDist: resolve(env.WEB_DIST ?? DEFAULT_WEB_DIST),
    logLevel: env.LOG_LEVEL ?? 'info',
    secureCookies: env.COOKIE_SECURE ? env.COOKIE_SECURE === 'true' : !isLoopback(host),
    maxMessageBytes: intSetting(env, 'MAX_MESSAGE_BYTES', 2 * 1024 * 1024),
    databaseUrl: env.DATABASE_URL || null,
    databaseSchema: env.DATABASE_SCHEMA || null,
    compactEvery: intSetting(env, 'COMPACT_EVERY_UPDATES', 500),
    redisUrl: env.REDIS_URL || null,
    redisPrefix: env.REDIS_PREFIX || 'factmark',
    keepDocuments: {
      seconds: env.REDIS_URL || env.KEEP_DOCUMENT_SECONDS === '0' ? 0 : intSetting(env, 'KEEP_DOCUMENT_SECONDS', 60),
      max: intSetting(env, 'KEEP_DOCUMENTS_MAX', 10),
      maxBytes: intSetting(env, 'KEEP_DOCUMENTS_MAX_BYTES', 32 * 1024 * 1024),
    },
    authTimeoutMs: intSetting(env, 'AUTH_TIMEOUT_MS', 10_000),
    maxUnauthenticatedBytes: intSetting(env, 'MAX_UNAUTHENTICATED_BYTES', 64 * 1024),
    metricsToken: env.METRICS_TOKEN || null,
    demoDocument: demoSetting(env.DEMO_DOCUMENT),
    sources: sourceSettings(env),
    publication: publicationSettings(env),
    mail: mailSettings(env),
    publicUrl: publicUrlSetting(env),
    webhooks: {
      attempts: intSetting(env, 'WEBHOOK_ATTEMPTS', 8),
      retryMs: intSetting(env, 'WEBHOOK_RETRY_MS', 30_000),
      timeoutMs: intSetting(env, 'WEBHOOK_TIMEOUT_MS', 10_000),
      keepDays: intSetting(env, 'WEBHOOK_KEEP_DAYS', 30),
    },
    chromiumPath: findChromium(env.CHROMIUM_PATH),
    authLimits: {
      perAddressPerMinute: intSetting(env, 'RATE_AUTH_PER_ADDRESS_PER_MINUTE', 30),
      failuresPerAccount: intSetting(env, 'RATE_SIGNIN_FAILURES_PER_ACCOUNT', 10),
    },
    limits: {
      maxDocumentBytes: intSetting(env, 'MAX_DOCUMENT_BYTES', 20 * 1024 * 1024),
      maxAwarenessBytes: intSetting(env, 'MAX_AWARENESS_BYTES', 64 * 1024),
      connectionRate: intSetting(env, 'RATE_CONNECTION_PER_SECOND', 60),
      userRate: intSetting(env, 'RATE_USER_PER_SECOND', 150),
      orphansWaitMs: intSetting(env, 'ORPHANS_WAIT_MS', 15_000),
    },
  };
}
