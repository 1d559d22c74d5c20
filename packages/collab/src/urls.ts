/** The one URL rule of a document: absolute http(s) addresses with a plain host, for sources, publication details and claims. */
import * as z from 'zod/mini';
import { schemaOnFirstUse } from './on-first-use.ts';

/** The longest URL a document keeps, in characters. */
export const URL_LIMIT = 2_000;

/** True when `value` is an absolute http: or https: URL, the only kind a document keeps (sources, appearances, publication details). */
export function isHttpUrl(value: unknown): value is string {
  // Browsers and Node disagree on what they repair in a URL (a space inside a host, say): refuse anything
  // with white space or control characters, and any host that is not a plain name or address, everywhere.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
  if (typeof value !== 'string' || /[\s\u0000-\u001f\u007f]/.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && HOST.test(url.hostname);
  } catch {
    return false;
  }
}

/** A host name (letters, digits, hyphens, dots; international names arrive as punycode) or an IP address. */
const HOST = /^(?:\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.?)$/i;

/** An http(s) URL as every schema takes one (built on first use: `on-first-use.ts`). */
export const httpUrlSchema = schemaOnFirstUse(() =>
  z.string().check(z.maxLength(URL_LIMIT), z.refine(isHttpUrl, 'Only http and https URLs are accepted')),
);
