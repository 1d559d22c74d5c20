/**
 * A webhook receiver on 127.0.0.1 for tests: keeps every request (its path, headers, body and when it came) and
 * answers with what the test says for its path (200 by default); `hang` leaves a path's requests unanswered.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the receiver got. */
export interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
  at: number;
}

/** A running receiver. */
export class WebhookReceiver {
  readonly received: Received[] = [];
  /** The status each path answers (absent: 200); 'hang' never answers. */
  readonly answers = new Map<string, number | 'hang'>();
  private server!: Server;
  base = '';

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      this.read(request).then((body) => {
        const path = request.url ?? '/';
        const headers = Object.fromEntries(
          Object.entries(request.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]),
        );
        this.received.push({ path, headers, body, at: Date.now() });
        const answer = this.answers.get(path) ?? 200;
        if (answer === 'hang') return;
        response.writeHead(answer, { 'content-type': 'text/plain' }).end(answer === 200 ? 'ok' : 'not today');
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** The requests to `path`. */
  at(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  /** Wait until `done` holds (checked every 20 ms), or fail after `timeoutMs`. */
  async until(done: () => boolean, timeoutMs = 10_000, what = 'the deliveries'): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > end)
        throw new Error(
          `Timed out waiting for ${what}; received ${JSON.stringify(this.received.map((r) => [r.path, r.body.slice(0, 60)]))}`,
        );
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async read(request: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
}
