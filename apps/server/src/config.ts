import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

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
}

const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** Read the configuration from `env`, failing with a clear message on a bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be an integer from 0 to 65535, got "${env.PORT}"`);
  }
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir: resolve(env.DATA_DIR ?? 'data'),
    webDist: resolve(env.WEB_DIST ?? DEFAULT_WEB_DIST),
    logLevel: env.LOG_LEVEL ?? 'info',
  };
}
