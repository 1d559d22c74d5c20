/**
 * The HTTP conversation under the typed client: the server's address, the session cookie kept outside a browser,
 * the CSRF token sent on changes, or a personal access token as a bearer; each answer read whatever its status.
 */
import { ApiError, errorOf, type RawAnswer } from './errors.ts';

/** The header that carries the session's CSRF token on every request that changes something. */
export const CSRF_HEADER = 'x-csrf-token';

/** How the client reaches the server. */
export interface ClientOptions {
  /** The server's URL ('' in the browser: the page's origin). */
  base?: string;
  /** Keep the session cookie here and send it back (outside a browser, which does it itself). */
  keepCookie?: boolean;
  /** The fetch to use (tests may pass their own). */
  fetch?: typeof fetch;
  /** A personal access token (`fmk_…`) sent as `Authorization: Bearer` instead of signing in (scripts, the CLI). */
  token?: string;
}

const UNREACHABLE = 'The server cannot be reached. Check your connection and try again.';

/** The conversation with one Factmark server: its address, the session's cookie and CSRF token, or a bearer token. */
export class HttpSession {
  /** The session's CSRF token, sent on every request that changes something. */
  csrfToken = '';
  private cookie = '';
  private readonly base: string;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: ClientOptions = {}) {
    this.base = (options.base ?? '').replace(/\/$/, '');
    this.fetch = options.fetch ?? ((input, init) => fetch(input, init));
  }

  /** Send a request; the answer whatever its status (an unreachable server throws). */
  async request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<RawAnswer> {
    const send = () =>
      this.fetch(`${this.base}${path}`, {
        method,
        credentials: 'same-origin',
        headers: {
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(this.cookie ? { cookie: this.cookie } : {}),
          ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}),
          ...(this.csrfToken ? { [CSRF_HEADER]: this.csrfToken } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    let res: Response;
    try {
      // After a server restart the first request may go out on a pooled socket the old server closed.
      res = await send().catch(send);
    } catch {
      throw new ApiError(0, 'unreachable', UNREACHABLE);
    }
    const setCookie = this.options.keepCookie ? res.headers.get('set-cookie') : null;
    if (setCookie) this.cookie = setCookie.split(';')[0] ?? '';
    const bytes = new Uint8Array(await res.arrayBuffer());
    const text = new TextDecoder().decode(bytes);
    let json: RawAnswer['body'] = {};
    try {
      json = text ? (JSON.parse(text) as RawAnswer['body']) : {};
    } catch {
      json = {};
    }
    const token = (json as { csrfToken?: unknown }).csrfToken;
    if (typeof token === 'string' && token) this.csrfToken = token;
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', text, bytes, body: json };
  }

  /** Forget the session (signed out): its cookie and CSRF token. */
  protected forget(): void {
    this.csrfToken = '';
    this.cookie = '';
  }

  /** Send a request; its JSON answer, or an {@link ApiError} with the server's code and message. */
  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const answer = await this.request(method, path, body);
    if (answer.status >= 200 && answer.status < 300) return answer.body as T;
    throw errorOf(answer);
  }

  /** Send a request whose answer is not JSON (an export); its text, or an {@link ApiError}. */
  async text(path: string): Promise<string> {
    const answer = await this.request('GET', path);
    if (answer.status >= 200 && answer.status < 300) return answer.text;
    throw errorOf(answer);
  }
}
