/**
 * Fetching a cited source from the server without letting a URL reach what
 * the server can reach: every address a name resolves to, and every
 * redirect's, is checked before a socket opens (request-filtering-agent:
 * private, loopback, link-local, metadata and other non-unicast addresses are
 * refused unless a configured CIDR allows them); size, time and redirects are
 * limited; nothing the page says is run.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from 'request-filtering-agent';

/** What a fetch may do. */
export interface FetchLimits {
  /** The most bytes of a body read (the response is refused past it). */
  maxBytes: number;
  /** The most milliseconds the whole fetch may take, redirects included. */
  timeoutMs: number;
  /** The most redirects followed. */
  maxRedirects: number;
  /** CIDRs (or single addresses) allowed although private or loopback: tests and intranet deployments. */
  allow: readonly string[];
  /** The User-Agent sent: who fetches, and where to ask about it. */
  userAgent: string;
  /** How names are resolved (tests inject one; default: the system's). */
  lookup?: LookupFunction;
}

/** A fetched response: where it ended, its status and type, and its body (up to the limit). */
export interface Fetched {
  /** The URL asked for, then each redirect's target. */
  urls: string[];
  finalUrl: string;
  status: number;
  contentType: string;
  body: Buffer;
}

/** A fetch that was refused or failed, with the reason in words a fact-checker reads. */
export class FetchRefused extends Error {
  constructor(
    readonly code: 'not_http' | 'address' | 'too_large' | 'timeout' | 'redirects' | 'unreachable' | 'no_host',
    message: string,
  ) {
    super(message);
  }
}

/** The URL as a fetchable http(s) URL, or a refusal. */
function httpUrl(raw: string, base?: string): URL {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    throw new FetchRefused('not_http', `“${raw}” is not a web address`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new FetchRefused('not_http', `Only http and https addresses are fetched, not “${url.protocol}”`);
  // Names under .example and .invalid never exist (RFC 2606): said so, without asking the network.
  if (/\.(example|invalid)\.?$/i.test(url.hostname))
    throw new FetchRefused('no_host', `${url.hostname} is a name reserved for examples, not a web site`);
  return url;
}

/** The filtering agent for `url`'s scheme and one allow list (a connection is never reused across fetches). */
function agentFor(url: URL, allow: readonly string[]) {
  const options = { keepAlive: false, allowIPAddressList: [...allow] };
  return url.protocol === 'https:' ? new RequestFilteringHttpsAgent(options) : new RequestFilteringHttpAgent(options);
}

/** One request: the response, or the refusal of the address or the connection. */
function requestOnce(
  url: URL,
  limits: FetchLimits,
  signal: AbortSignal,
  send: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string } = {
    method: 'GET',
    headers: { accept: 'text/html,application/pdf,text/plain;q=0.9,*/*;q=0.5' },
  },
): Promise<IncomingMessage> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: send.method,
      agent: agentFor(url, limits.allow),
      headers: { 'user-agent': limits.userAgent, ...send.headers },
      signal,
      ...(limits.lookup ? { lookup: limits.lookup } : {}),
    });
    req.on('response', resolve);
    req.on('error', (error: Error) => {
      if (signal.aborted) reject(new FetchRefused('timeout', `${url.host} took longer than ${limits.timeoutMs} ms`));
      else if (/is not allowed/.test(error.message))
        reject(new FetchRefused('address', `${url.host} is a private or local address, which is not fetched`));
      else if ((error as NodeJS.ErrnoException).code === 'ENOTFOUND')
        reject(new FetchRefused('no_host', `There is no web site at ${url.hostname} (the name does not exist)`));
      else reject(new FetchRefused('unreachable', `${url.host} could not be reached (${error.message})`));
    });
    req.end(send.body);
  });
}

/** Read a body up to `maxBytes`, refusing a longer one as soon as it is. */
async function readBody(response: IncomingMessage, url: URL, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers['content-length']);
  const tooLarge = () => new FetchRefused('too_large', `${url.host} sent more than ${maxBytes} bytes`);
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of response) {
    length += (chunk as Buffer).length;
    if (length > maxBytes) {
      response.destroy();
      throw tooLarge();
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Fetch `raw`: follows redirects (each target checked again, http(s) only),
 * within the limits. A non-2xx status is a result, not an error (a 404 says
 * the page is gone); refusals and failures throw {@link FetchRefused}.
 */
export async function safeFetch(raw: string, limits: FetchLimits): Promise<Fetched> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let url = httpUrl(raw);
  const urls = [url.href];
  for (;;) {
    const response = await requestOnce(url, limits, signal);
    const location = response.headers.location;
    if (response.statusCode && response.statusCode >= 300 && response.statusCode < 400 && location) {
      response.resume();
      if (urls.length > limits.maxRedirects)
        throw new FetchRefused('redirects', `${urls[0]} redirects more than ${limits.maxRedirects} times`);
      url = httpUrl(location, url.href);
      urls.push(url.href);
      continue;
    }
    let body: Buffer;
    try {
      body = await readBody(response, url, limits.maxBytes);
    } catch (error) {
      if (signal.aborted) throw new FetchRefused('timeout', `${url.host} took longer than ${limits.timeoutMs} ms`);
      throw error;
    }
    return {
      urls,
      finalUrl: url.href,
      status: response.statusCode ?? 0,
      contentType: String(response.headers['content-type'] ?? ''),
      body,
    };
  }
}

/**
 * POST `body` to `raw` under the same rules as {@link safeFetch} (http(s) only, every address checked before a
 * socket opens, size and time limited) — a webhook's delivery. Redirects are not followed: a 3xx is the answer.
 * Answers the status and the first bytes of the answer's body (up to `limits.maxBytes`).
 */
export async function safePost(
  raw: string,
  body: string,
  headers: Record<string, string>,
  limits: FetchLimits,
): Promise<{ status: number; body: string }> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  const url = httpUrl(raw);
  const response = await requestOnce(url, limits, signal, { method: 'POST', headers, body });
  let answer: Buffer = Buffer.alloc(0);
  try {
    answer = await readBody(response, url, limits.maxBytes);
  } catch (error) {
    if (signal.aborted) throw new FetchRefused('timeout', `${url.host} took longer than ${limits.timeoutMs} ms`);
    // An answer longer than wanted still says how the endpoint answered.
    if (!(error instanceof FetchRefused && error.code === 'too_large')) throw error;
  }
  return { status: response.statusCode ?? 0, body: answer.toString('utf8') };
}

/**
 * Why `raw` is refused before any request (a literal private, loopback or link-local address, or localhost, not
 * in `allow`), or null. Names are judged when they are resolved, at each fetch; this only answers at once what an
 * address written out already says — a webhook's registration uses it.
 */
export function refusedAtOnce(raw: string, allow: readonly string[]): string | null {
  let url: URL;
  try {
    url = httpUrl(raw);
  } catch (error) {
    return (error as Error).message;
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const local = `${url.host} is a private or local address, which the server does not reach (SOURCE_FETCH_ALLOW lets it)`;
  if (/^localhost\.?$/i.test(host) || /\.localhost\.?$/i.test(host)) return local;
  if (!ipaddr.isValid(host)) return null;
  const address = ipaddr.process(host);
  const allowed = allow.some((entry) => {
    const range = entry.includes('/')
      ? ipaddr.parseCIDR(entry)
      : ([ipaddr.process(entry), entry.includes(':') ? 128 : 32] as const);
    return address.kind() === range[0].kind() && address.match(range as [typeof address, number]);
  });
  return address.range() === 'unicast' || allowed ? null : local;
}
