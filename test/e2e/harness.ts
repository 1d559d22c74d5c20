import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { launchBrowser } from './browser.ts';

/** The repository root: where the README's commands run. */
export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
/** Where tests save screenshots (the README shows them). */
export const SCREENSHOTS = join(ROOT, 'test/e2e/screenshots');

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolvePort(port));
    });
  });
}

/** A server process started as the README starts it (`pnpm serve`, after `pnpm build`). */
export interface ServerProcess {
  url: string;
  dataDir: string;
  /** The one-time token of the setup link printed on first start (null once an administrator exists). */
  setupToken: string | null;
  /** Everything the process printed so far. */
  output(): string;
  /** Kill the process group with `signal` and wait for it to exit; resolves to the exit code (null if killed). */
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

/**
 * Start `pnpm serve` on `port` with `dataDir`, resolving once it prints its URL. With `direct`, run the command
 * `pnpm serve` runs (node with tsx on apps/server/src/main.ts) without pnpm in between, to see its own exit code.
 */
export async function startServer(
  options: { port?: number; dataDir?: string; direct?: boolean; env?: Record<string, string> } = {},
): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'factmark-e2e-'));
  const [command, args] = options.direct
    ? [process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts']]
    : ['pnpm', ['--silent', 'serve']];
  const child: ChildProcess = spawn(command, args, {
    cwd: ROOT,
    // Many colleagues sign up from one address within a minute here: the sign-in limit is tested by the server's own tests.
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      RATE_AUTH_PER_ADDRESS_PER_MINUTE: '1000',
      // The plain demo article: tests mark it themselves (demo-example.test.ts opens the finished example).
      DEMO_DOCUMENT: 'article',
      // Nothing is fetched unless a test asks (sources.test.ts turns capture on with its fixture site allowed).
      SOURCE_CAPTURE: 'off',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`The server did not start in 30 s:\n${out}`)), 30_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      // The banner ends with a blank line, after the setup link when there is one.
      if (/Factmark is running[\s\S]*\n\n/.test(out)) {
        clearTimeout(timer);
        ready();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`The server exited with ${code}:\n${out}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    dataDir,
    setupToken: /\/setup#token=([\w-]+)/.exec(out)?.[1] ?? null,
    output: () => out,
    async kill(signal) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      // The whole process group: pnpm and the node server under it.
      process.kill(-(child.pid as number), signal);
      return exited;
    },
  };
}

export { launchBrowser } from './browser.ts';

/** Select the first occurrence of `text` inside the editor, as a person dragging over it would. */
export async function selectText(page: Page, text: string): Promise<void> {
  // ProseMirror reads a new selection on selectionchange, a task later; and for a moment after it redraws
  // (a colleague's change arriving) it puts its own selection back. So select, let it read, and check
  // that the selection held; select again if it did not.
  for (let attempt = 0; attempt < 5; attempt++) {
    const found = await page.evaluate((needle) => {
      const root = document.querySelector('.ProseMirror');
      if (!root) return false;
      // The needle may run across text nodes (marks and the claim finder's underlines split the text).
      const nodes: Text[] = [];
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        // Not the text of widgets inside the editor (a colleague's caret); a read-only editor's own text is text.
        if (!node.parentElement?.closest('.ProseMirror-yjs-cursor, .ProseMirror [contenteditable="false"]'))
          nodes.push(node as Text);
      }
      const starts: number[] = [];
      let all = '';
      for (const node of nodes) {
        starts.push(all.length);
        all += node.data;
      }
      const i = all.indexOf(needle);
      if (i < 0) return false;
      const at = (offset: number, end: boolean) => {
        let n = 0;
        while (n + 1 < nodes.length && (starts[n + 1] as number) < offset + (end ? 0 : 1)) n++;
        return { node: nodes[n] as Text, offset: offset - (starts[n] as number) };
      };
      const from = at(i, false);
      const to = at(i + needle.length, true);
      (root as HTMLElement).focus();
      // As a person does, look at what is selected: a selection at the very edge of the window can be
      // scrolled by the next key before the editor has read it.
      from.node.parentElement?.scrollIntoView({ block: 'center' });
      const range = document.createRange();
      range.setStart(from.node, from.offset);
      range.setEnd(to.node, to.offset);
      const sel = getSelection();
      sel?.removeAllRanges();
      sel?.addRange(range);
      return true;
    }, text);
    if (!found) throw new Error(`"${text}" is not in the editor`);
    const held = await page.evaluate(
      (needle) =>
        new Promise<boolean>((r) =>
          requestAnimationFrame(() => setTimeout(() => r(getSelection()?.toString() === needle), 80)),
        ),
      text,
    );
    if (held) return;
  }
  throw new Error(`the editor did not keep the selection of "${text}"`);
}

/**
 * Put the caret just before the first occurrence of `text`, as a person
 * clicking there would, and wait until the editor has read it (the selection
 * toolbar is gone): a key pressed before that would act on the old selection.
 */
export async function caretBefore(page: Page, text: string): Promise<void> {
  await caretAtEdge(page, text, 'ArrowLeft');
}

/** Put the caret just after the first occurrence of `text`, as {@link caretBefore} does before it. */
export async function caretAfter(page: Page, text: string): Promise<void> {
  await caretAtEdge(page, text, 'ArrowRight');
}

async function caretAtEdge(page: Page, text: string, key: 'ArrowLeft' | 'ArrowRight'): Promise<void> {
  await selectText(page, text);
  await page.getByRole('toolbar', { name: 'Annotate the selection' }).waitFor();
  await page.keyboard.press(key);
  await page.getByRole('toolbar', { name: 'Annotate the selection' }).waitFor({ state: 'detached' });
}

/** Open a document and wait until it is synced and online. */
export async function openDocument(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator('.connection', { hasText: 'Online' }).waitFor({ timeout: 15_000 });
  await page.locator('.ProseMirror h1').waitFor();
}

/** Create the first administrator through the setup page the printed link opens. */
export async function setUpAdministrator(page: Page, server: ServerProcess, name: string): Promise<void> {
  if (!server.setupToken) throw new Error('The server printed no setup link');
  await page.goto(`${server.url}/setup#token=${server.setupToken}`);
  await fillAccountForm(page, name, 'Create administrator');
}

/** Create an account through the sign-up page. */
export async function signUp(page: Page, url: string, name: string): Promise<void> {
  await page.goto(`${url}/signup`);
  await fillAccountForm(page, name, 'Create account');
}

/** The email the tests give someone called `name`. */
export function emailOf(name: string): string {
  return `${name.toLowerCase()}@desk.example`;
}

async function fillAccountForm(page: Page, name: string, submit: string): Promise<void> {
  await page.getByLabel('Name').fill(name);
  await submitCredentials(page, name, submit);
}

/** Fill the email and password the tests give `name`, press `submit`, and wait for the documents. */
async function submitCredentials(page: Page, name: string, submit: string): Promise<void> {
  await page.getByLabel('Email').fill(emailOf(name));
  await page.getByLabel(/^Password/).fill('correct horse battery');
  await page.getByRole('button', { name: submit }).click();
  await page.getByRole('heading', { name: 'Documents' }).waitFor();
}

/** Sign `name` (an account made by {@link signUp} or {@link setUpAdministrator}) in through the sign-in page. */
export async function signIn(page: Page, url: string, name: string): Promise<void> {
  await page.goto(`${url}/signin`);
  await submitCredentials(page, name, 'Sign in');
}

/** Call the API as the page's signed-in user (cookies of its context, CSRF token from /api/auth/me). */
export async function api(page: Page, url: string, method: string, path: string, body?: unknown) {
  const me = await page.request.get(`${url}/api/auth/me`);
  const { csrfToken } = (await me.json()) as { csrfToken: string };
  const res = await page.request.fetch(`${url}${path}`, {
    method,
    headers: { 'x-csrf-token': csrfToken, ...(body ? { 'content-type': 'application/json' } : {}) },
    data: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status(), body: (await res.json().catch(() => null)) as Record<string, unknown> | null };
}

/** A test file's browser and server: started before its tests, stopped after. `server` may be replaced (restarts). */
export interface Session {
  browser: Browser;
  server: ServerProcess;
}

/** Register hooks that give the calling test file a browser and a server of its own (started with `env`). */
export function useBrowserAndServer(env: Record<string, string> = {}): Session {
  const session = {} as Session;
  beforeAll(async () => {
    session.browser = await launchBrowser();
    session.server = await startServer({ env });
  });
  afterAll(async () => {
    await session.browser?.close();
    await session.server?.kill('SIGTERM');
  });
  return session;
}

/** The id of the only document the page's user has (the demo document, for the administrator). */
export async function onlyDocument(page: Page, url: string): Promise<string> {
  const { documents } = (await api(page, url, 'GET', '/api/documents')).body as { documents: { id: string }[] };
  if (documents.length !== 1) throw new Error(`expected one document, found ${documents.length}`);
  return (documents[0] as { id: string }).id;
}

/** As the page's user (an owner), give the person called `name` a role on document `id`. */
export async function share(page: Page, url: string, id: string, name: string, role: string): Promise<void> {
  const res = await api(page, url, 'PUT', `/api/documents/${id}/members`, { email: emailOf(name), role });
  if (res.status !== 200) throw new Error(`sharing with ${name} failed: ${res.status} ${JSON.stringify(res.body)}`);
}

/** `count` pages, each in a browser context of its own (a person of its own), with `timeout` as their default. */
export async function pagesFor(
  browser: Browser,
  count: number,
  options: { width?: number; height?: number; timeout?: number } = {},
): Promise<Page[]> {
  const pages: Page[] = [];
  for (let i = 0; i < count; i++) {
    const viewport = { width: options.width ?? 1280, height: options.height ?? 800 };
    const page = await (await browser.newContext({ viewport })).newPage();
    page.setDefaultTimeout(options.timeout ?? 10_000);
    pages.push(page);
  }
  return pages;
}

/**
 * A desk on the demo document: `owner` becomes the first administrator, each
 * colleague signs up and is given their role on the demo document, and every
 * page opens it. Returns the document's URL.
 */
export async function openSharedDemo(
  server: ServerProcess,
  owner: { page: Page; name: string },
  colleagues: readonly { page: Page; name: string; role: string }[],
): Promise<string> {
  await setUpAdministrator(owner.page, server, owner.name);
  for (const c of colleagues) await signUp(c.page, server.url, c.name);
  const id = await onlyDocument(owner.page, server.url);
  for (const c of colleagues) await share(owner.page, server.url, id, c.name, c.role);
  const url = `${server.url}/d/${id}`;
  for (const page of [owner.page, ...colleagues.map((c) => c.page)]) await openDocument(page, url);
  return url;
}

/** Paste `html` (with `text` as its plain-text flavour) into the article box, as a browser paste does. */
export async function paste(page: Page, html: string, text: string): Promise<void> {
  await page.locator('textarea[name="article"]').focus();
  await page.evaluate(
    ([h, t]) => {
      const data = new DataTransfer();
      data.setData('text/html', h as string);
      data.setData('text/plain', t as string);
      const target = document.querySelector('textarea[name="article"]') as HTMLTextAreaElement;
      target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      // A real paste also inserts the plain text.
      target.setRangeText(t as string);
      target.dispatchEvent(new InputEvent('input', { bubbles: true }));
    },
    [html, text],
  );
}

/** The margin card of the annotation whose span's text contains `quote` (of `kind` when given). */
export function card(page: Page, quote: string, kind?: 'claim' | 'citation' | 'correction' | 'comment') {
  return page.locator(kind ? `.card-${kind}` : '[data-card]', { has: page.locator('.card-quote', { hasText: quote }) });
}

/** Select `text` in the article and press a toolbar button (its label's start, e.g. "Claim", "Comment"). */
export async function annotate(page: Page, text: string, button: string): Promise<void> {
  await selectText(page, text);
  // The toolbar follows the editor's own selection: under load the editor reads the new one a little later, and a
  // click before that would act on the previous selection. Wait until the toolbar stands by the new one.
  await page.waitForFunction(() => {
    const toolbar = document.querySelector('[role="toolbar"][aria-label="Annotate the selection"]');
    const range = getSelection()?.rangeCount ? getSelection()?.getRangeAt(0) : null;
    if (!toolbar || !range) return false;
    const bar = toolbar.getBoundingClientRect();
    const sel = range.getBoundingClientRect();
    return bar.height > 0 && Math.min(Math.abs(bar.bottom - sel.top), Math.abs(bar.top - sel.bottom)) < 2 * bar.height;
  });
  await page
    .getByRole('toolbar', { name: 'Annotate the selection' })
    .getByRole('button', { name: new RegExp(`^${button}`) })
    .click();
}

/** Everything the margin shows, as text: each card's kind, quote and chips, in document order (for comparing peers). */
export async function marginText(page: Page): Promise<string[]> {
  return page.locator('[data-card] .card-head').allTextContents();
}

/** The article's text without the remote cursors' name labels. */
export async function articleText(page: Page): Promise<string> {
  return page.locator('.ProseMirror').evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    for (const c of copy.querySelectorAll('.ProseMirror-yjs-cursor, .fm-suggestion-proposed')) c.remove();
    return copy.textContent ?? '';
  });
}

/**
 * The sizes in bytes of the updates stored in the page's one document database in IndexedDB (y-indexeddb's
 * `updates`), largest first.
 */
export function storedUpdateSizes(page: Page): Promise<number[]> {
  return page.evaluate(async () => {
    const names = (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith('factmark:'));
    if (names.length !== 1) throw new Error(`Expected one document database, found ${names.length}`);
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(names[0] as string);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const all = await new Promise<Uint8Array[]>((resolve, reject) => {
      const request = db.transaction('updates').objectStore('updates').getAll();
      request.onsuccess = () => resolve(request.result as Uint8Array[]);
      request.onerror = () => reject(request.error);
    });
    db.close();
    return all.map((u) => u.byteLength).sort((a, b) => b - a);
  });
}

/** Open a margin card (its head toggles it: click only when it is closed). */
export async function expand(cardLocator: ReturnType<typeof card>): Promise<void> {
  const head = cardLocator.locator('.card-head');
  if ((await head.getAttribute('aria-expanded')) !== 'true') await head.click();
  await expect.poll(() => head.getAttribute('aria-expanded')).toBe('true');
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Run axe-core (WCAG 2 A and AA rules) on the page; the serious and critical violations, described. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not restrict.
  await page.evaluate(`${AXE}\n;0`);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (o: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
