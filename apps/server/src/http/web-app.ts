/**
 * The web app and the answers around it: security headers on every response
 * (a CSP that allows no inline script), the built files, the app shell for
 * client-side routes (a document's page warms its document), and a typed 404
 * for everything else.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import type { FastifyRequest } from 'fastify';
import { isDocumentId } from '../documents/ids.ts';
import type { RouteContext } from './context.ts';
import { sendError } from './errors.ts';

/** Register the security headers (before any route answers). */
export function securityHeaders({ app, config }: RouteContext): void {
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
}

/** A document's page: `/d/<id>`, as the web app's router reads it. */
const DOCUMENT_PAGE = /^\/d\/([A-Za-z0-9_-]+)\/?$/;

/**
 * When a signed-in reader asks for a document's page, load the document while the page's scripts download (see
 * `DocumentWarmer`); anyone else, or a document they may not read, warms nothing. Never delays the page.
 */
async function warmDocumentPage({ auth, warm, log }: RouteContext, request: FastifyRequest, pathname: string) {
  const id = DOCUMENT_PAGE.exec(pathname)?.[1];
  if (id === undefined || !isDocumentId(id)) return;
  try {
    const caller = await auth.caller(request);
    if (!caller) return;
    await auth.requireAccess(id, caller, 'read');
    warm(id);
  } catch (error) {
    log.debug({ err: error, documentId: id }, 'document page not warmed');
  }
}

/** Serve the built web app, the app shell for client-side routes, and a typed 404 for the rest. */
export function webApp(context: RouteContext): void {
  const { app, config } = context;
  const webBuilt = existsSync(join(config.webDist, 'index.html'));
  if (webBuilt) app.register(fastifyStatic, { root: config.webDist, wildcard: false });
  app.setNotFoundHandler((request, reply) => {
    // Only client-side routes (no file extension) fall back to the app shell.
    const { pathname } = new URL(request.url, 'http://localhost');
    if (request.method !== 'GET' || pathname.startsWith('/api/') || /\.[a-z0-9]+$/i.test(pathname)) {
      return sendError(reply, 'not_found', `No route ${request.method} ${request.url}`);
    }
    void warmDocumentPage(context, request, pathname);
    if (!webBuilt) {
      return sendError(reply, 'web_not_built', `The web app is not built in ${config.webDist}: run "pnpm build"`);
    }
    return reply.type('text/html').sendFile('index.html');
  });
}
