import { fileURLToPath } from 'node:url';
import { build, defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { precompress } from './precompress.ts';
import { reactOnPreact } from './react-on-preact.ts';

/** In development (`pnpm --filter @factmark/web dev`) the API and sync go to a server on PORT (default 3000). */
const target = `http://127.0.0.1:${process.env.PORT ?? 3000}`;

/** The boot script (`src/boot/boot-entry.ts`) built on its own, as one classic script that imports nothing. */
async function buildBootScript(): Promise<string> {
  const root = fileURLToPath(new URL('.', import.meta.url));
  const output = await build({
    configFile: false,
    root,
    logLevel: 'warn',
    build: {
      write: false,
      sourcemap: false,
      lib: {
        entry: `${root}src/boot/boot-entry.ts`,
        formats: ['iife'],
        name: 'factmarkBoot',
        fileName: () => 'boot.js',
      },
    },
  });
  const [result] = Array.isArray(output) ? output : [output];
  const chunk = result && 'output' in result ? result.output.find((file) => file.type === 'chunk') : undefined;
  if (!chunk) throw new Error('The boot script did not build');
  return chunk.code;
}

/**
 * `/boot.js`, the page's first script (see src/boot/boot.ts): it shares nothing with the app's bundle, so that it
 * runs before the bundle has arrived. Emitted with the build (and so precached with the app), served in development.
 */
function bootScript(): Plugin {
  return {
    name: 'factmark-boot-script',
    async generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'boot.js', source: await buildBootScript() });
    },
    configureServer(server) {
      server.middlewares.use('/boot.js', (_request, response, next) => {
        buildBootScript().then((code) => {
          response.setHeader('content-type', 'text/javascript');
          response.end(code);
        }, next);
      });
    },
  };
}

export default defineConfig({
  esbuild: { jsx: 'automatic' },
  // React's API on Preact (see react-on-preact.ts).
  resolve: { alias: reactOnPreact },
  build: { sourcemap: true, chunkSizeWarningLimit: 1500 },
  plugins: [
    bootScript(),
    // A service worker (Workbox) so that a document page opens, and keeps its edits, without a connection:
    // the app's files are precached, and the few API answers the page needs are cached network-first.
    VitePWA({
      registerType: 'autoUpdate',
      // Registered by the app itself (`registerOfflineWorker` in src/offline.ts), once the page's document has
      // arrived: precaching several megabytes while a document opens slowed the open.
      injectRegister: false,
      manifest: false,
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg}'],
        // The claim finder's worker carries its English model (about 4 MB): precached too, so it works offline.
        maximumFileSizeToCacheInBytes: 6 * 1024 * 1024,
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//, /^\/collab/, /^\/(healthz|readyz|metrics)$/],
        runtimeCaching: [
          {
            // The API answers a page needs to open a document it has seen before. Workbox copies this
            // function's source into the service worker: it must not refer to anything outside itself.
            urlPattern: ({ url, request }) =>
              request.method === 'GET' &&
              url.origin === self.location.origin &&
              /^\/api\/(auth\/me|documents(\/[A-Za-z0-9_-]{12}(\/members)?)?)$/.test(url.pathname),
            handler: 'NetworkFirst',
            options: { cacheName: 'factmark-api', networkTimeoutSeconds: 5 },
          },
        ],
      },
    }),
    // Last: the files above, the service worker's included, compressed for the server to send (see precompress.ts).
    precompress(),
  ],
  server: {
    proxy: {
      '/api': target,
      '/collab': { target: target.replace('http', 'ws'), ws: true },
    },
  },
});
