/**
 * A server process started by a test or a benchmark ends with it, even when it ends without killing the server (an
 * error, its output closed under it): servers left behind kept running under later measurements.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const processModule = fileURLToPath(new URL('./process.ts', import.meta.url));

/** Whether a server answers on `port` (a killed one's socket is closed, even before its process is reaped). */
async function answers(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/healthz`);
    return true;
  } catch {
    return false;
  }
}

describe('a server process', () => {
  it('is killed when the process that started it ends without killing it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'factmark-orphan-'));
    // Starts a server, says its port, then fails.
    const script = `
      import { freePort, ServerProcess } from ${JSON.stringify(processModule)};
      const server = await new ServerProcess(await freePort(), { DATA_DIR: ${JSON.stringify(dataDir)} }).start();
      console.log('server', server.port);
      throw new Error('the run failed before it killed its server');
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).not.toBe(0);
    const port = Number(/server (\d+)/.exec(out)?.[1]);
    expect(port).toBeGreaterThan(0);
    // SIGKILL is sent as the starter exits; the server is gone within moments.
    const deadline = Date.now() + 5_000;
    while ((await answers(port)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await answers(port)).toBe(false);
  }, 60_000);
});
