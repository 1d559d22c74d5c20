/**
 * The web app and the answers around it: security headers on every response
 * (a CSP that allows no inline script), the built files, the app shell for
 * client-side routes, and a typed 404 for everything else.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { documentOfPage } from '@factmark/api/paths';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
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

/**
 * On a document's page, for a person signed in who may read it, the document is loaded while the browser downloads
 * and starts the app (see `sync/warm-documents.ts`); anyone else is answered the same page with nothing loaded. The
 * load starts once the page has gone out, not as it is answered: a load is mostly work on this thread (applying
 * the document's log, tens to hundreds of milliseconds), which the page's bytes would otherwise wait behind, and
 * with them everything the browser does next.
 */
function warmForPage({ auth, warm }: RouteContext, request: FastifyRequest, reply: FastifyReply, pathname: string) {
  const documentId = documentOfPage(pathname);
  if (documentId === null || !isDocumentId(documentId)) return;
  reply.raw.once('finish', () => {
    auth
      .require(request)
      .then((caller) => auth.requireAccess(documentId, caller, 'read'))
      .then(
        () => warm(documentId),
        () => {},
      );
  });
}

/** The build's files named by their content (Vite's `assets/`): a name never holds other bytes, so kept for a year. */
const HASHED_FILE = /[\\/]assets[\\/][^\\/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+(\.(br|gz))?$/;

/**
 * How a built file may be cached: a file named by its content for a year, without asking again; anything else (the
 * app's page, the boot script, the service worker) asked again each time, so a new build reaches every browser.
 * Each varies with the encodings the browser accepts (the build compressed the text files, see `webApp`).
 */
function webFileHeaders(response: { setHeader(name: string, value: string): unknown }, path: string): void {
  response.setHeader('cache-control', HASHED_FILE.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
  response.setHeader('vary', 'accept-encoding');
}

/** Serve the built web app, the app shell for client-side routes, and a typed 404 for the rest. */
export function webApp(context: RouteContext): void {
  const { app, config } = context;
  const webBuilt = existsSync(join(config.webDist, 'index.html'));
  // The build writes a Brotli and a gzip copy of each text file (apps/web/precompress.ts), sent to browsers that
  // take them; without them (a build from before), the file as it is.
  if (webBuilt)
    app.register(fastifyStatic, {
      root: config.webDist,
      wildcard: false,
      preCompressed: true,
      cacheControl: false,
      setHeaders: webFileHeaders,
    });
  app.setNotFoundHandler((request, reply) => {
    // Only client-side routes (no file extension) fall back to the app shell.
    const { pathname } = new URL(request.url, 'http://localhost');
    if (request.method !== 'GET' || pathname.startsWith('/api/') || /\.[a-z0-9]+$/i.test(pathname)) {
      return sendError(reply, 'not_found', `No route ${request.method} ${request.url}`);
    }
    if (!webBuilt) {
      return sendError(reply, 'web_not_built', `The web app is not built in ${config.webDist}: run "pnpm build"`);
    }
    warmForPage(context, request, reply, pathname);
    return reply.type('text/html').sendFile('index.html');
  });
}
