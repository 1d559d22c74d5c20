/**
 * Zod's settings for the page, made before any schema is built (the entry imports this module first): no parsers
 * compiled at run time. The server's Content-Security-Policy refuses `eval` (`script-src 'self'`); left to find
 * that out, zod tries once as its first schema is built, which the browser reports as a violation of the policy on
 * every page (and which costs the page's start ≈ 18 ms).
 */
import * as z from 'zod/mini';

z.config({ jitless: true });
