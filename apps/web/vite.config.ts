import { defineConfig } from 'vite';

/** In development (`pnpm --filter @factmark/web dev`) the API and sync go to a server on PORT (default 3000). */
const target = `http://127.0.0.1:${process.env.PORT ?? 3000}`;

export default defineConfig({
  esbuild: { jsx: 'automatic' },
  build: { sourcemap: true, chunkSizeWarningLimit: 1500 },
  server: {
    proxy: {
      '/api': target,
      '/collab': { target: target.replace('http', 'ws'), ws: true },
    },
  },
});
