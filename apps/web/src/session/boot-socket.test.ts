// @vitest-environment happy-dom
/**
 * The boot's socket taken by Hocuspocus' own provider: the opening messages are not sent twice, what the server
 * answered reaches the provider only once released and then in order, and a socket that does not fit (another
 * token, another address, closed) is not taken: the provider opens its own.
 */
import { HocuspocusProvider, type HocuspocusProviderWebsocketConfiguration } from '@hocuspocus/provider';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { writeSyncStep2 } from 'y-protocols/sync';
import * as Y from 'yjs';
import { type BootSocket, openingMessages } from '../boot/boot.ts';
import { FakeSocket } from '../test-support/fake-socket.ts';
import { BootSocketTaker } from './boot-socket.ts';
import { readSyncMessage } from './sync-messages.ts';

const URL = 'ws://desk.example/collab';
const NAME = 'doc-1';
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A message's Hocuspocus type (0 sync, 1 awareness, 2 auth…) and, for sync, its step. */
function kind(message: Uint8Array): string {
  const decoder = decoding.createDecoder(message);
  decoding.readVarString(decoder);
  const type = decoding.readVarUint(decoder);
  return type === 0 ? `sync ${decoding.readVarUint(decoder)}` : type === 1 ? 'awareness' : `type ${type}`;
}

/** The server's "authenticated" answer (Hocuspocus: message Auth, then Authenticated and the scope). */
function authenticated(): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, NAME);
  encoding.writeVarUint(encoder, 2);
  encoding.writeVarUint(encoder, 2);
  encoding.writeVarString(encoder, 'read-write');
  return encoding.toUint8Array(encoder);
}

/** The server's copy of `doc` for a page that has nothing (the second step of the sync). */
function wholeCopy(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, NAME);
  encoding.writeVarUint(encoder, 0);
  writeSyncStep2(encoder, doc);
  return encoding.toUint8Array(encoder);
}

/**
 * A socket the boot opened with `token`, open, having sent its opening messages (the authentication alone when this
 * browser keeps a copy: `copyHere`); the server's answers delivered.
 */
function bootSocket(token: string, answers: Uint8Array[] = [], copyHere = false): BootSocket & { fake: FakeSocket } {
  const fake = new FakeSocket(URL);
  const sent = openingMessages(NAME, token, copyHere);
  fake.open();
  for (const message of sent) fake.send(message);
  const held: ArrayBuffer[] = [];
  const hold = (event: Event) => held.push((event as MessageEvent).data as ArrayBuffer);
  fake.addEventListener('message', hold);
  for (const answer of answers) fake.receive(answer);
  return {
    fake,
    socket: fake as unknown as WebSocket,
    url: URL,
    token,
    sent,
    copyHere,
    take: () => {
      fake.removeEventListener('message', hold);
      return held.splice(0);
    },
  };
}

/** A provider of NAME with `token` whose first socket is `boot`'s when it fits. */
function provider(taker: BootSocketTaker, token: string, doc = new Y.Doc()) {
  const socket: Pick<HocuspocusProviderWebsocketConfiguration, 'WebSocketPolyfill'> = {
    WebSocketPolyfill: taker.WebSocket,
  };
  return new HocuspocusProvider({ ...socket, url: URL, name: NAME, document: doc, token });
}

let server = new Y.Doc();

beforeEach(() => {
  server = new Y.Doc();
  server.getText('t').insert(0, 'more than 50,000 soldiers and 140 aircraft');
  FakeSocket.made = [];
  vi.stubGlobal('WebSocket', FakeSocket);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the boot socket, taken by the provider', () => {
  it('is not told again what the boot said, and hears the held answers once released, in order', async () => {
    const boot = bootSocket('token-1', [authenticated(), wholeCopy(server)]);
    const taker = new BootSocketTaker(boot, URL, 'token-1');
    const doc = new Y.Doc();
    const page = provider(taker, 'token-1', doc);
    await tick();
    await tick();
    // No new socket; the provider's authentication and first sync step were the boot's: only its presence went out.
    expect(FakeSocket.made).toEqual([boot.fake]);
    expect(boot.fake.sent.slice(0, 2)).toEqual(boot.sent);
    expect(boot.fake.sent.slice(2).map(kind)).toEqual(['awareness']);
    // Held: the copy is not applied before the page is ready for it.
    expect(doc.getText('t').toString()).toBe('');
    expect(page.synced).toBe(false);
    // Released, the answers go through at once (the session applies the copy in the task that drew its editor).
    taker.release();
    expect(doc.getText('t').toString()).toBe('more than 50,000 soldiers and 140 aircraft');
    expect(page.isAuthenticated).toBe(true);
    expect(page.synced).toBe(true);
    // What arrives after goes straight through; what the page writes goes out.
    server.getText('t').insert(0, 'Officials said ');
    boot.fake.receive(wholeCopy(server));
    expect(doc.getText('t').toString()).toBe('Officials said more than 50,000 soldiers and 140 aircraft');
    doc.getText('t').insert(0, '>');
    expect(boot.fake.sent.length).toBeGreaterThan(boot.sent.length);
    page.destroy();
  });

  it('released before the provider takes it, hears the answers in the task it took the socket in (no frame between)', async () => {
    const boot = bootSocket('token-1', [authenticated(), wholeCopy(server)]);
    const taker = new BootSocketTaker(boot, URL, 'token-1');
    taker.release();
    const doc = new Y.Doc();
    let tasks = 0;
    setTimeout(() => tasks++);
    const page = provider(taker, 'token-1', doc);
    // Microtasks only: the provider hears the open, says its opening messages, and the copy is applied.
    for (let i = 0; i < 50 && doc.getText('t').length === 0; i++) await Promise.resolve();
    expect(tasks).toBe(0);
    expect(doc.getText('t').toString()).toBe('more than 50,000 soldiers and 140 aircraft');
    // After its presence, which it says right after its first sync step.
    expect(boot.fake.sent.slice(2).map(kind)).toEqual(['awareness']);
    expect(page.synced).toBe(true);
    page.destroy();
  });

  it('sends what the provider says differently from the boot (its copy was not empty)', async () => {
    const boot = bootSocket('token-1');
    const taker = new BootSocketTaker(boot, URL, 'token-1');
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'kept in this browser');
    const page = provider(taker, 'token-1', doc);
    await tick();
    await tick();
    // The authentication was the boot's; the first sync step names what the page holds: it goes out.
    expect(boot.fake.sent.slice(2).map(kind)).toEqual(['sync 0', 'awareness']);
    expect(boot.fake.sent[2]).not.toEqual(boot.sent[1]);
    page.destroy();
  });

  it('is not taken with another token, or once closed: the provider opens its own socket and the boot’s closes', async () => {
    const other = bootSocket('token-1');
    const page = provider(new BootSocketTaker(other, URL, 'token-2'), 'token-2');
    await tick();
    expect(FakeSocket.made).toHaveLength(2);
    expect(other.fake.readyState).toBe(FakeSocket.CLOSED);
    page.destroy();

    FakeSocket.made = [];
    const closed = bootSocket('token-1');
    closed.fake.close(1006, 'gone');
    const again = provider(new BootSocketTaker(closed, URL, 'token-1'), 'token-1');
    await tick();
    expect(FakeSocket.made).toHaveLength(2);
    expect(FakeSocket.made[1]).not.toBe(closed.fake);
    again.destroy();
  });

  it('with a copy in this browser, tells the provider of the open once it has loaded: it asks only for what it lacks', async () => {
    const boot = bootSocket('token-1', [authenticated()], true);
    expect(boot.sent).toHaveLength(1);
    let loaded!: () => void;
    const taker = new BootSocketTaker(boot, URL, 'token-1', new Promise<void>((resolve) => (loaded = resolve)));
    taker.release();
    const doc = new Y.Doc();
    const page = provider(taker, 'token-1', doc);
    await tick();
    await tick();
    // Not yet: nothing said but the boot's authentication, and the page not authenticated.
    expect(boot.fake.sent).toEqual(boot.sent);
    expect(page.isAuthenticated).toBe(false);
    // The copy loads (here as a change of the page's, which the provider queues: the session's own copy is held back
    // from it, see local-load.ts), then the provider hears the open.
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
    loaded();
    await tick();
    await tick();
    // The queued change goes out first; the authentication was the boot's (not said again); the first sync step names
    // what the copy holds.
    const said = boot.fake.sent.slice(1);
    expect(said.map(kind)).toEqual(['sync 2', 'sync 0', 'awareness']);
    expect(readSyncMessage(said[1])?.bytes).toEqual(Y.encodeStateVector(server));
    expect(page.isAuthenticated).toBe(true);
    page.destroy();
  });

  it('with a copy in this browser, tells the provider nothing of an open when the socket closed while it loaded', async () => {
    const boot = bootSocket('token-1', [], true);
    let loaded!: () => void;
    const taker = new BootSocketTaker(boot, URL, 'token-1', new Promise<void>((resolve) => (loaded = resolve)));
    const page = provider(taker, 'token-1');
    const heard: string[] = [];
    page.on('open', () => heard.push('open'));
    page.on('close', () => heard.push('close'));
    await tick();
    boot.fake.close(1006, 'gone');
    loaded();
    await tick();
    expect(heard).toEqual(['close']);
    page.destroy();
  });

  it('tells the provider when the boot’s socket closes', async () => {
    const boot = bootSocket('token-1', [authenticated(), wholeCopy(server)]);
    const taker = new BootSocketTaker(boot, URL, 'token-1');
    const page = provider(taker, 'token-1');
    const closes: number[] = [];
    page.on('close', ({ event }: { event: CloseEvent }) => closes.push(event.code));
    taker.release();
    await tick();
    boot.fake.close(4403, 'refused');
    expect(closes).toEqual([4403]);
    page.destroy();
  });
});
