/** The server's entry point: configuration, the store, the demo document on first start, the secret, and listening. */
import { pino } from 'pino';
import { createServer } from './app.ts';
import { loadSecret } from './auth/secret.ts';
import { loadConfig } from './config.ts';
import { ensureDemoDocument } from './documents/demo.ts';
import { openStore } from './storage/open-store.ts';

const config = loadConfig();
const log = pino({ level: config.logLevel });
const store = await openStore(config);
const demo = await ensureDemoDocument(store, config.demoDocument);
if (demo) log.info({ documentId: demo.id }, 'created the demo document');
const server = createServer(config, store, log, { secret: await loadSecret(store, process.env.FACTMARK_SECRET) });
// Handlers first: whoever reads the banner below may signal at once.
let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}

const url = await server.listen();
log.info({ url, storage: config.databaseUrl ? 'postgres' : config.dataDir }, 'listening');
process.stdout.write(`\nFactmark is running: open ${url}\n`);
const setup = await server.auth.setupToken();
if (setup) {
  process.stdout.write(`Create the first administrator (this link works once): ${url}/setup#token=${setup}\n`);
}
process.stdout.write('\n');
