/**
 * The web app and the answers around it: security headers on every response
 * (a CSP that allows no inline script), the built files, the app shell for
 * client-side routes, and a typed 404 for everything else.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
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
export function webApp({ app, config }: RouteContext): void {
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
    // A document's page loads nothing: the app's files come from this thread next, and a load started now would
    // hold them back (hundreds of milliseconds at 5,000 annotations); the page's sync access, asked as soon as the
    // app starts, loads the document (see `sync/warm-documents.ts`).
    return reply.type('text/html').sendFile('index.html');
  });
}
