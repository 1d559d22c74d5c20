/**
 * The app's side of the boot script's connection (`boot/boot.ts`): the provider takes the socket the boot opened as
 * if it had opened it itself. The boot has already sent what the provider sends on opening (its authentication and
 * the first sync step of an empty copy), so those are not sent twice. When this browser keeps a copy of the
 * document, the boot sent the authentication alone, and the provider hears the open once that copy has loaded: its
 * first sync step then names what the page holds, and the server sends only what it lacks. What the server answered
 * is held until the page is ready for it (its editor drawn: applying the document then draws it once, where applying
 * it first and drawing the editor after does the work twice) and then reaches the provider, in the same task, as if
 * it had just arrived. Any later socket the provider opens is a new one.
 */
import { messageYjsSyncStep1 } from 'y-protocols/sync';
import type { BootSocket } from '../boot/boot.ts';
import { readSyncMessage } from './sync-messages.ts';

const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((byte, i) => byte === b[i]);

/**
 * The boot's socket as the provider's WebSocket: its state, its events (the messages held until `release`), and a
 * `send` that leaves out what the boot already sent, as long as the provider repeats it in the boot's order.
 */
class TakenSocket extends EventTarget {
  binaryType: BinaryType = 'arraybuffer';
  /** Set by the provider, which tells its sockets apart by it. */
  identifier?: number;
  private unsaid: Uint8Array[];
  private held: ArrayBuffer[] | null;
  /** The provider has heard the open and said its opening messages. */
  private said = false;
  /** The held messages are to go through once it has. */
  private wanted = false;

  constructor(
    private readonly boot: BootSocket,
    localLoaded: Promise<unknown>,
  ) {
    super();
    this.unsaid = [...boot.sent];
    this.held = boot.take();
    const { socket } = boot;
    socket.addEventListener('message', (event) => this.received(event.data as ArrayBuffer));
    socket.addEventListener('close', ({ code, reason, wasClean }) =>
      this.dispatchEvent(new CloseEvent('close', { code, reason, wasClean })),
    );
    socket.addEventListener('error', () => this.dispatchEvent(new Event('error')));
    // The provider listens once this returns: the open is told after (the boot's own listener, which sends its
    // opening messages, was there first). With a copy of the document in this browser, once it has loaded: the
    // provider's first sync step then asks the server only for what the copy lacks.
    const tell = boot.copyHere ? () => void localLoaded.then(() => this.opened()) : () => this.opened();
    if (socket.readyState === WebSocket.OPEN) queueMicrotask(tell);
    else socket.addEventListener('open', tell, { once: true });
  }

  get readyState(): number {
    return this.boot.socket.readyState;
  }

  get url(): string {
    return this.boot.url;
  }

  send(data: Uint8Array): void {
    const next = this.unsaid[0];
    if (next !== undefined && same(data, next)) {
      this.unsaid.shift();
      if (this.unsaid.length === 0) this.saidAll();
      return;
    }
    // Something the boot did not say goes out: a change the page wrote before the open (queued by the provider, and
    // sent before its opening messages), or a first sync step of its own (naming what the page holds).
    this.boot.socket.send(data);
    // With its own first sync step the provider has said its opening messages: from here on, everything goes out.
    if (readSyncMessage(data)?.syncType === messageYjsSyncStep1) {
      this.unsaid = [];
      this.saidAll();
    }
  }

  close(code?: number, reason?: string): void {
    this.boot.socket.close(code, reason);
  }

  /**
   * Let the held messages through: at once when the provider has said its opening messages, so that the document is
   * applied in the same task as the session that asked for it; else as soon as it has.
   */
  release(): void {
    this.wanted = true;
    if (this.said) this.deliver();
  }

  private opened(): void {
    // Closed while the copy loaded: the provider hears the close alone.
    if (this.boot.socket.readyState !== WebSocket.OPEN) return;
    this.dispatchEvent(new Event('open'));
    // The provider says its opening messages in the microtasks after it hears the open ({@link saidAll} hears the
    // last); a task later they are said in any case.
    setTimeout(() => this.saidAll());
  }

  /**
   * The provider has said its opening messages: the last of the boot's again, or something else. The held answers
   * go through after the microtasks in which it said them (its presence follows its first sync step), so in the
   * same task: no frame is drawn between the page's first render and the document applied in it.
   */
  private saidAll(): void {
    if (this.said) return;
    this.said = true;
    if (this.wanted) queueMicrotask(() => this.deliver());
  }

  private deliver(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const data of held) this.dispatchEvent(new MessageEvent('message', { data }));
  }

  private received(data: ArrayBuffer): void {
    if (this.held) this.held.push(data);
    else this.dispatchEvent(new MessageEvent('message', { data }));
  }
}

/**
 * The WebSocket class of a provider connecting to `url` with `token`: its first socket is `boot`'s, when that is one
 * to the same address, authenticated with the same token and still opening or open (what it received is held until
 * {@link BootSocketTaker.release}); every other socket is new.
 */
export class BootSocketTaker {
  private boot: BootSocket | null;
  private taken: TakenSocket | null = null;
  private released = false;

  /**
   * @param localLoaded settles once this browser's copy of the document has loaded (or is not coming): when the boot
   *   left the first sync step to the page (it has such a copy), the provider hears the open only then.
   */
  constructor(
    boot: BootSocket | null,
    private readonly url: string,
    private readonly token: string | null,
    private readonly localLoaded: Promise<unknown> = Promise.resolve(),
  ) {
    this.boot = boot;
    const taker = this;
    this.WebSocket = function BootOrNewSocket(address: string) {
      return taker.socketFor(address);
    };
  }

  /** For the provider's `WebSocketPolyfill`: called with `new`, so a function, not a method or an arrow. */
  readonly WebSocket: unknown;

  private socketFor(address: string): WebSocket | TakenSocket {
    const boot = this.boot;
    this.boot = null;
    if (
      boot !== null &&
      boot.url === address &&
      address === this.url &&
      boot.token === this.token &&
      boot.socket.readyState <= WebSocket.OPEN
    ) {
      this.taken = new TakenSocket(boot, this.localLoaded);
      if (this.released) this.taken.release();
      return this.taken;
    }
    // Not taken: the boot's socket is of no use to anyone.
    boot?.take();
    boot?.socket.close();
    return new WebSocket(address);
  }

  /** From now on the provider hears what the boot's socket received. */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.taken?.release();
  }
}
