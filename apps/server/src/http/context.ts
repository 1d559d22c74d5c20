/** What every route file is given: the Fastify app and the services routes call. */
import type { Hocuspocus } from '@hocuspocus/server';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { AccessTokens } from '../auth/access-tokens.ts';
import type { AccountStore } from '../auth/account-store.ts';
import type { Auth } from '../auth/auth.ts';
import type { Invitations } from '../auth/invitations.ts';
import type { SyncTokens } from '../auth/tokens.ts';
import type { ServerConfig } from '../config.ts';
import type { DocumentService } from '../documents/document-service.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { Metrics } from '../metrics.ts';
import type { CaptureWorker } from '../sources/capture-worker.ts';
import type { DocumentStore } from '../storage/store.ts';
import type { RouteGuard } from './guard.ts';
import type { SignInLimits } from './sign-in-limits.ts';

/** The routes' view of the server. */
export interface RouteContext {
  // biome-ignore lint/suspicious/noExplicitAny: Fastify's instance type with our logger does not narrow here.
  app: FastifyInstance<any, any, any, any>;
  config: ServerConfig;
  log: Logger;
  store: DocumentStore & AccountStore;
  auth: Auth;
  /** Personal access tokens. */
  accessTokens: AccessTokens;
  /** Invitations to documents for addresses without an account. */
  invitations: Invitations;
  guard: RouteGuard;
  documents: DocumentService;
  hocuspocus: Hocuspocus;
  tokens: SyncTokens;
  signInLimits: SignInLimits;
  metrics: Metrics;
  /** Close the connections of `userId` (null: everyone) to a document, saying why. */
  disconnect: (documentId: string, userId: string | null, reason: string) => void;
  /** Close every sync connection opened with access token `tokenId`, saying why. */
  disconnectToken: (tokenId: string, reason: string) => void;
  /** Keep a document in memory no longer than its connections (it was deleted). */
  release: (documentId: string) => Promise<void>;
  /** Load a document whose page is about to connect (the caller may read it), unless it is in memory. */
  warm: (documentId: string) => void;
  /** The source capture worker, or null when SOURCE_CAPTURE is off. */
  capture: CaptureWorker | null;
  /** The mailer, or null without SMTP_URL (then notifications stay in the app and invitation links are copied). */
  mailer: Mailer | null;
  /** The server's HMAC key (sync tokens, unsubscribe links). */
  secret: Buffer;
}
