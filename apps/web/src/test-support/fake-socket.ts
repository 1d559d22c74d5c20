/**
 * A WebSocket for tests of what speaks on one: records what is sent, and lets the test open it, close it and
 * deliver messages to it. `FakeSocket.made` lists every one constructed, in order.
 */
export class FakeSocket extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  static made: FakeSocket[] = [];

  readyState = FakeSocket.CONNECTING;
  binaryType: BinaryType = 'blob';
  readonly sent: Uint8Array[] = [];

  constructor(readonly url: string) {
    super();
    FakeSocket.made.push(this);
  }

  send(data: Uint8Array | ArrayBuffer): void {
    if (this.readyState !== FakeSocket.OPEN) throw new Error('Sent on a socket that is not open');
    this.sent.push(new Uint8Array(data));
  }

  close(code = 1000, reason = ''): void {
    if (this.readyState >= FakeSocket.CLOSING) return;
    this.readyState = FakeSocket.CLOSED;
    this.dispatchEvent(new CloseEvent('close', { code, reason, wasClean: true }));
  }

  /** The server accepted the connection. */
  open(): void {
    this.readyState = FakeSocket.OPEN;
    this.dispatchEvent(new Event('open'));
  }

  /** A message from the server. */
  receive(message: Uint8Array): void {
    const data = message.buffer.slice(message.byteOffset, message.byteOffset + message.byteLength);
    this.dispatchEvent(new MessageEvent('message', { data }));
  }
}
