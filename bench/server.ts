import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiClient } from '../apps/server/src/test-support/harness.ts';
import { freePort, ServerProcess } from '../apps/server/src/test-support/process.ts';

/**
 * Factmark's server as its own process (as `pnpm serve` runs it) on a fresh data directory, rate limits
 * lifted so that one user can drive every client, with its first administrator signed in.
 */
export async function startBenchServer(name: string): Promise<{ server: ServerProcess; admin: ApiClient }> {
  const server = await new ServerProcess(await freePort(), {
    DATA_DIR: mkdtempSync(join(tmpdir(), `factmark-${name}-`)),
    RATE_USER_PER_SECOND: '10000000',
    RATE_CONNECTION_PER_SECOND: '10000000',
    RATE_AUTH_PER_ADDRESS_PER_MINUTE: '100000',
    LOG_LEVEL: 'error',
  }).start();
  const admin = await new ApiClient(server.url).signUp('bench@desk.example', 'Bench', server.setupToken);
  return { server, admin };
}
