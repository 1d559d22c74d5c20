import { type ChildProcess, spawn } from 'node:child_process';
import { createServer as createNetServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const serverDir = fileURLToPath(new URL('../..', import.meta.url));

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createNetServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** A server running as its own process (`node --import tsx src/main.ts`), so it can be killed for real. */
export class ServerProcess {
  private child: ChildProcess | null = null;
  /** What the last start printed (the banner, with the setup link on first start). */
  banner = '';

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  /** The process id while running (to read its memory). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    // TEST_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/profiles" passes options to the server's Node (Node
    // refuses some of them in NODE_OPTIONS); a server stopped with SIGTERM exits cleanly and writes its profile.
    const nodeArgs = process.env.TEST_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
    const proc = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/main.ts'], {
      cwd: serverDir,
      env: {
        ...process.env,
        LOG_LEVEL: 'warn',
        DEMO_DOCUMENT: 'article',
        SOURCE_CAPTURE: 'off',
        ...this.env,
        PORT: String(this.port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = proc;
    // A test or benchmark that ends without killing its server (an error, its output closed under it) takes the
    // server with it: a server left running would go on using the machine the next measurements run on.
    const orphaned = () => proc.kill('SIGKILL');
    process.once('exit', orphaned);
    proc.once('exit', () => process.off('exit', orphaned));
    let out = '';
    await new Promise<void>((ready, fail) => {
      const onData = (chunk: Buffer) => {
        out += chunk.toString();
        if (/Factmark is running[\s\S]*\n\n/.test(out)) ready();
      };
      proc.stdout?.on('data', onData);
      // TEST_SERVER_OUTPUT=1 shows the server's own output while a test runs (for debugging one).
      if (process.env.TEST_SERVER_OUTPUT) {
        for (const stream of [proc.stdout, proc.stderr]) stream?.on('data', (c: Buffer) => process.stderr.write(c));
      }
      proc.stderr?.on('data', onData);
      proc.once('exit', (code) => fail(new Error(`server exited with ${code}: ${out}`)));
    });
    this.banner = out;
    return this;
  }

  /** The setup token printed on first start, if any. */
  get setupToken(): string | undefined {
    return /setup#token=([\w-]+)/.exec(this.banner)?.[1];
  }

  /** Kill the process with `signal` and wait for it to exit. */
  kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const proc = this.child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill(signal);
    });
  }
}
