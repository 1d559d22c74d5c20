/**
 * The route guard: every route that touches a document declares the action
 * it needs, and the guard finds the caller (checking the CSRF token on
 * changes), the document id, and asks the role policy through Auth.
 */
import { type AccessScope, type Action, hasScope, type Role } from '@factmark/collab';
import { FactmarkError } from '@factmark/editor';
import type { FastifyRequest } from 'fastify';
import type { AccessTokens, TokenCaller } from '../auth/access-tokens.ts';
import type { Auth, Caller } from '../auth/auth.ts';
import { isDocumentId } from '../documents/ids.ts';
import type { SignInLimits } from './sign-in-limits.ts';

/** Who asks — signed in in a browser, or with an access token — about which document, with which role. */
export interface Guarded {
  caller: Caller | TokenCaller;
  id: string;
  role: Role;
}

/** The scope a token needs for a route outside documents: reading asks for `read`, any change for `annotate`. */
function scopeFor(request: FastifyRequest): AccessScope {
  return ['GET', 'HEAD', 'OPTIONS'].includes(request.method) ? 'read' : 'annotate';
}

/** Browsers send Origin on WebSocket upgrades and cross-site POSTs; it must name this host. Non-browser clients send none. */
export function originAllowed(origin: string | undefined, host: string | undefined): boolean {
  if (!origin) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** The checks routes run before their work. */
export class RouteGuard {
  constructor(
    private readonly auth: Auth,
    private readonly tokens: AccessTokens,
    private readonly limits: SignInLimits,
  ) {}

  /**
   * The caller: a browser's session (401 without one; 403 for a change without the session's CSRF token), or an
   * access token in `Authorization: Bearer` whose scopes include `scope` (by default what the method needs; a bad
   * token counts against the address like a failed sign-in).
   */
  async caller(request: FastifyRequest, scope: AccessScope = scopeFor(request)): Promise<Caller | TokenCaller> {
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (bearer === undefined) return this.auth.require(request);
    const caller = await this.tokens.verify(bearer);
    if (!caller) {
      await this.limits.attempt(request.ip);
      throw new FactmarkError('unauthenticated', 'This access token is not valid: it may be revoked or expired');
    }
    if (!hasScope(caller.token.scopes, scope))
      throw new FactmarkError('forbidden', `This needs an access token with the ${scope} scope`);
    return caller;
  }

  /** The person signed in in a browser: what an access token may never do (its own tokens, its account). */
  async person(request: FastifyRequest): Promise<Caller> {
    if (request.headers.authorization)
      throw new FactmarkError('forbidden', 'This is done signed in in the browser, not with an access token');
    return this.auth.require(request);
  }

  /** The caller, the document of the route's `:id` and the caller's role, when the role may do `action`. */
  async document(request: FastifyRequest, action: Action): Promise<Guarded> {
    const caller = await this.caller(request, 'read');
    const id = documentIdOf(request);
    const role = await this.auth.requireAccess(id, caller, action);
    return { caller, id, role };
  }

  /** Requests that change something without a session (sign-up, sign-in, setup) must come from our own pages. */
  sameOrigin(request: FastifyRequest): void {
    if (!originAllowed(request.headers.origin, request.headers.host)) {
      throw new FactmarkError('bad_origin', 'Cross-site request refused');
    }
  }
}

/** The route's `:id`, when it has the shape of a document id; not found otherwise. */
function documentIdOf(request: FastifyRequest): string {
  const { id } = request.params as { id: string };
  if (!isDocumentId(id)) throw new FactmarkError('not_found', `There is no document "${id}"`);
  return id;
}
