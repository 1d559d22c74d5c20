import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { articleFromJSON, MAX_TITLE_LENGTH } from '@factmark/editor';
import fastifyStatic from '@fastify/static';
import { Hocuspocus } from '@hocuspocus/server';
import Fastify, { type FastifyInstance, type FastifyReply, type RawServerDefault } from 'fastify';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import { z } from 'zod';
import type { ServerConfig } from './config.ts';
import { createDocument, isDocumentId } from './documents.ts';
import { persistence } from './persistence.ts';
import type { DocumentStore } from './storage/store.ts';

/** Path of the Yjs sync WebSocket. */
export const COLLAB_PATH = '/collab';

/** Largest accepted JSON body (a long article as ProseMirror JSON), in bytes. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

const createDocumentBody = z.object({
  title: z.string().max(MAX_TITLE_LENGTH).optional(),
  article: z.record(z.string(), z.unknown()),
});

/** A typed JSON error: `{ error: { code, message } }`. */
function sendError(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.code(status).send({ error: { code, message } });
}

/** A running Factmark server: HTTP API, static web app and Yjs sync on one port. */
export interface FactmarkServer {
  app: FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, Logger>;
  hocuspocus: Hocuspocus;
  /** Start listening; resolves to the base URL. */
  listen(): Promise<string>;
  /** Close connections, flush and close the store. */
  close(): Promise<void>;
}

/** Build the server around `store`. Nothing listens until {@link FactmarkServer.listen}. */
export function createServer(config: ServerConfig, store: DocumentStore, log: Logger): FactmarkServer {
  const app = Fastify({ loggerInstance: log, bodyLimit: MAX_BODY_BYTES });
  const hocuspocus = new Hocuspocus({ quiet: true, extensions: [persistence(store, log)] });
  const wss = new WebSocketServer({ noServer: true });

  app.server.on('upgrade', (request, socket, head) => {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    if (pathname !== COLLAB_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => hocuspocus.handleConnection(ws, request));
  });

  app.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, _request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) log.error({ err: error }, 'request failed');
    return sendError(reply, status, error.code ?? 'internal', status >= 500 ? 'Internal server error' : error.message);
  });

  app.get('/api/documents', async () => ({ documents: await store.listDocuments() }));

  app.get<{ Params: { id: string } }>('/api/documents/:id', async (request, reply) => {
    const meta = isDocumentId(request.params.id) ? await store.getDocument(request.params.id) : null;
    if (!meta) return sendError(reply, 404, 'not_found', `There is no document "${request.params.id}"`);
    return { document: meta };
  });

  app.post('/api/documents', async (request, reply) => {
    const parsed = createDocumentBody.safeParse(request.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return sendError(reply, 400, 'invalid_body', `${issue?.path.join('.') || 'body'}: ${issue?.message}`);
    }
    let article: ReturnType<typeof articleFromJSON>;
    try {
      article = articleFromJSON(parsed.data.article);
    } catch (error) {
      return sendError(
        reply,
        400,
        'invalid_article',
        `The article does not fit the schema: ${(error as Error).message}`,
      );
    }
    const meta = await createDocument(store, article);
    log.info({ documentId: meta.id }, 'document created');
    return reply.code(201).send({ document: meta });
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
    // Client-side routes (/d/:id) get the app shell.
    return reply.type('text/html').sendFile('index.html');
  });

  return {
    app,
    hocuspocus,
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
