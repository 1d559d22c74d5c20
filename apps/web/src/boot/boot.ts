/**
 * The page's boot: the first thing it runs, as a small classic script of its own (`/boot.js`, built from
 * `boot-entry.ts` by the web app's Vite config), before the browser has downloaded and evaluated the app's bundle.
 * It asks who is signed in; on a document's page it also asks for the document's sync access, opens the live
 * connection, authenticates it and, unless this browser keeps a copy of the document, asks for the whole document, so
 * that the server loads the document and sends it while the app is still starting (on a 200,000-character article
 * the bundle takes ≈ 0.15 s to arrive and run, and the socket, its authentication and the first sync took as long
 * again after it). With a copy here, the page's own first sync step, once the copy has loaded, asks only for what
 * the copy lacks: the whole document, sent again, cost a returning open at 5,000 annotations 2.6 MB and its
 * decoding. What the server answers is held until the app takes the socket
 * (`session/boot-socket.ts`); the app then speaks on it as on any connection, and its API client takes the
 * answers of the requests as its own (`takePrefetched`).
 *
 * It imports only what it needs (the addresses, lib0's encoder): it runs before anything else is loaded. It leaves
 * the page's idle time alone: on two cores, that is when the bundle is parsed on another thread (the locale's data,
 * once loaded here, made the open slower: `time-format.ts`).
 */
import { ME_PATH, syncAccessPath } from '@factmark/api/paths';
import * as encoding from 'lib0/encoding';
import { collabUrl, documentOfPage, localCopyName } from './addresses.ts';

/** Hocuspocus' message types as its provider writes them (`MessageType` of @hocuspocus/provider). */
const MESSAGE_SYNC = 0;
const MESSAGE_AUTH = 2;
/** An authentication message that carries a token (`AuthMessageType.Token` of @hocuspocus/common). */
const AUTH_TOKEN = 0;
/** The first step of a Yjs sync (`messageYjsSyncStep1` of y-protocols). */
const SYNC_STEP_1 = 0;

/** How long the boot's socket waits for the app to take it before it is closed (the app did not start). */
export const UNTAKEN_MS = 30_000;

/** The name of the global through which the boot hands its requests to the app. */
export const BOOT_GLOBAL = '__factmarkBoot';

/** The live connection the boot opened: its socket, and what it sent and received before the app took it. */
export interface BootSocket {
  readonly socket: WebSocket;
  /** The address it was opened to. */
  readonly url: string;
  /** The sync token it authenticated with. */
  readonly token: string;
  /**
   * What the boot sent on it once it opened, in order: the authentication, and the first sync step of an empty copy
   * when this browser keeps no copy of the document (see {@link copyHere}).
   */
  readonly sent: readonly Uint8Array[];
  /**
   * This browser keeps a copy of the document (its IndexedDB database exists): the boot did not ask for the whole
   * document, which the page is about to load from that copy. The provider says its first sync step once the copy
   * has loaded, so that the server sends only what the copy lacks (see `session/boot-socket.ts`).
   */
  readonly copyHere: boolean;
  /** The messages received so far; from then on the boot holds nothing more (the taker listens to the socket). */
  take(): ArrayBuffer[];
}

/** What the boot started for the app. */
export interface BootHandoff {
  /** The answers to the GET requests the boot made, by path, each for the app to take once (see `takePrefetched`). */
  readonly prefetched: Map<string, Promise<Response>>;
  /** The page's document, or null on another page. */
  readonly documentId: string | null;
  /** The document's connection, opened with the sync access the boot asked for; null when there is none. */
  readonly socket: Promise<BootSocket | null>;
}

/** The window the boot runs in: what it reads and what it opens. */
export interface BootWindow {
  location: Pick<Location, 'pathname' | 'protocol' | 'host'>;
  fetch: typeof fetch;
  WebSocket: typeof WebSocket;
  setTimeout: typeof setTimeout;
  clearTimeout: typeof clearTimeout;
  /** The browser's IndexedDB, where it has one that lists its databases. */
  indexedDB?: { databases?: () => Promise<{ name?: string }[]> };
}

/**
 * The messages Hocuspocus' provider sends on opening a connection to `documentId` for an empty copy, byte for byte:
 * its authentication with `token`, and the first step of the sync with an empty state vector. With `authOnly`, the
 * authentication alone.
 */
export function openingMessages(documentId: string, token: string, authOnly = false): Uint8Array[] {
  const auth = encoding.createEncoder();
  encoding.writeVarString(auth, documentId);
  encoding.writeVarUint(auth, MESSAGE_AUTH);
  encoding.writeVarUint(auth, AUTH_TOKEN);
  encoding.writeVarString(auth, token);
  if (authOnly) return [encoding.toUint8Array(auth)];
  const step1 = encoding.createEncoder();
  encoding.writeVarString(step1, documentId);
  encoding.writeVarUint(step1, MESSAGE_SYNC);
  encoding.writeVarUint(step1, SYNC_STEP_1);
  // The state vector of an empty document: no clients.
  encoding.writeVarUint8Array(step1, new Uint8Array([0]));
  return [encoding.toUint8Array(auth), encoding.toUint8Array(step1)];
}

/** True when this browser keeps a copy of `documentId` (its database is listed); false when it cannot tell. */
function hasLocalCopy(win: BootWindow, documentId: string): Promise<boolean> {
  const list = win.indexedDB?.databases;
  if (!list) return Promise.resolve(false);
  const name = localCopyName(documentId);
  return list
    .call(win.indexedDB)
    .then((databases) => databases.some((d) => d.name === name))
    .catch(() => false);
}

/**
 * Open the connection of `documentId` with `token`, send the opening messages once it opens (without the first sync
 * step when this browser keeps a copy: `copyHere`), and hold what comes.
 */
function openSocket(win: BootWindow, documentId: string, token: string, copyHere: boolean): BootSocket {
  const url = collabUrl(win.location);
  const socket = new win.WebSocket(url);
  socket.binaryType = 'arraybuffer';
  const sent = openingMessages(documentId, token, copyHere);
  socket.addEventListener(
    'open',
    () => {
      for (const message of sent) socket.send(message);
    },
    { once: true },
  );
  let held: ArrayBuffer[] | null = [];
  const hold = (event: MessageEvent) => held?.push(event.data as ArrayBuffer);
  socket.addEventListener('message', hold);
  const timer = win.setTimeout(() => {
    if (held !== null) socket.close();
  }, UNTAKEN_MS);
  return {
    socket,
    url,
    token,
    sent,
    copyHere,
    take: () => {
      const taken = held ?? [];
      held = null;
      win.clearTimeout(timer);
      socket.removeEventListener('message', hold);
      return taken;
    },
  };
}

/**
 * Start the page's first requests (call once, first thing): who is signed in, and on a document's page its sync
 * access and then its connection.
 */
export function startBoot(win: BootWindow): BootHandoff {
  const prefetched = new Map<string, Promise<Response>>();
  const get = (path: string) => {
    const answer = win.fetch(path, { credentials: 'same-origin' });
    prefetched.set(path, answer);
    return answer;
  };
  get(ME_PATH);
  const documentId = documentOfPage(win.location.pathname);
  // Asked while the sync access is: the answer is there long before the access is.
  const copyHere = documentId === null ? Promise.resolve(false) : hasLocalCopy(win, documentId);
  const socket =
    documentId === null
      ? Promise.resolve(null)
      : get(syncAccessPath(documentId))
          .then(async (response) => {
            if (!response.ok) return null;
            // A copy: the answer itself is the app's to read.
            const { token } = (await response.clone().json()) as { token?: unknown };
            return typeof token === 'string' ? openSocket(win, documentId, token, await copyHere) : null;
          })
          .catch(() => null);
  return { prefetched, documentId, socket };
}

/** What the boot started on this page, if it ran (a page served without it, or a test, has none). */
export function bootHandoff(): BootHandoff | null {
  return ((globalThis as Record<string, unknown>)[BOOT_GLOBAL] as BootHandoff | undefined) ?? null;
}

/**
 * The boot's answer to `GET path`, once (null when it made no such request or it was taken): a request the app was
 * about to make, already under way or answered.
 */
export function takePrefetched(boot: BootHandoff | null, path: string): Promise<Response> | null {
  const answer = boot?.prefetched.get(path) ?? null;
  boot?.prefetched.delete(path);
  return answer;
}
