import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';

/** Hocuspocus message types and the sub-types the raw client uses. */
export const MSG = { Sync: 0, Awareness: 1, Auth: 2, QueryAwareness: 3, Close: 7, SyncStatus: 8 } as const;
const AUTH_TOKEN = 0;
const AUTH_AUTHENTICATED = 2;
const AUTH_DENIED = 1;

/** Encode a message for document `name`: its type and body. */
export function message(name: string, type: number, body: (e: encoding.Encoder) => void = () => {}): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, name);
  encoding.writeVarUint(e, type);
  body(e);
  return encoding.toUint8Array(e);
}

/** A sync step 1 with an empty state vector: the server answers with a sync message, so it works as a probe. */
export function syncProbe(name: string): Uint8Array {
  return message(name, MSG.Sync, (e) => {
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint8Array(e, new Uint8Array([0]));
  });
}

/** A Yjs update wrapped as a sync "update" message. */
export function syncUpdate(name: string, update: Uint8Array): Uint8Array {
  return message(name, MSG.Sync, (e) => {
    encoding.writeVarUint(e, 2);
    encoding.writeVarUint8Array(e, update);
  });
}

/**
 * A WebSocket client that speaks the Hocuspocus protocol by hand, so tests can
 * send anything, including what no provider would send.
 */
export class RawClient {
  private readonly ws: WebSocket;
  /** Reasons of the document-level close messages received. */
  readonly closes: string[] = [];
  /** Sync messages received (among them the answer to {@link syncProbe}). */
  syncReplies = 0;
  /** Set when the socket itself closed: [code, reason]. */
  socketClosed: [number, string] | null = null;
  private waiters: (() => void)[] = [];

  private constructor(url: string, origin?: string) {
    this.ws = new WebSocket(url, origin ? { origin } : {});
    this.ws.binaryType = 'nodebuffer';
    this.ws.on('message', (data: Buffer) => this.onMessage(new Uint8Array(data)));
    this.ws.on('close', (code, reason) => {
      this.socketClosed = [code, reason.toString()];
      this.wake();
    });
    this.ws.on('error', () => {});
  }

  /** Open a socket; resolves once open, rejects if the server refuses the upgrade. */
  static open(url: string, origin?: string): Promise<RawClient> {
    const client = new RawClient(url, origin);
    return new Promise((resolve, reject) => {
      client.ws.once('open', () => resolve(client));
      client.ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
      client.ws.once('error', reject);
    });
  }

  private authenticated = false;
  private denied: string | null = null;

  private onMessage(data: Uint8Array): void {
    try {
      const d = decoding.createDecoder(data);
      decoding.readVarString(d);
      const type = decoding.readVarUint(d);
      if (type === MSG.Auth) {
        const kind = decoding.readVarUint(d);
        if (kind === AUTH_AUTHENTICATED) this.authenticated = true;
        if (kind === AUTH_DENIED) this.denied = decoding.readVarString(d);
      } else if (type === MSG.Sync) {
        this.syncReplies++;
      } else if (type === MSG.Close) {
        this.closes.push(decoding.readVarString(d));
        this.authenticated = false;
      }
    } catch {
      // Not ours to judge.
    }
    this.wake();
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  /** Wait until `predicate` holds (checked after every message), or time out. */
  async until(predicate: () => boolean, timeoutMs = 3_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (this.socketClosed || Date.now() > deadline) return predicate();
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 50);
      });
    }
    return true;
  }

  /** Authenticate for document `name` with a sync token. */
  async auth(name: string, token: string): Promise<void> {
    this.denied = null;
    this.send(
      message(name, MSG.Auth, (e) => {
        encoding.writeVarUint(e, AUTH_TOKEN);
        encoding.writeVarString(e, token);
      }),
    );
    await this.until(() => this.authenticated || this.denied !== null);
    if (!this.authenticated) throw new Error(`not authenticated: ${this.denied ?? 'no answer'}`);
  }

  get isAuthenticated(): boolean {
    return this.authenticated;
  }

  send(data: Uint8Array): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(data);
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  close(): void {
    this.ws.terminate();
  }
}
