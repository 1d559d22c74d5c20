/**
 * The route guard: every route that touches a document declares the action
 * it needs, and the guard finds the caller (checking the CSRF token on
 * changes), the document id, and asks the role policy through Auth.
 */
import type { Action, Role } from '@factmark/collab';
import { FactmarkError } from '@factmark/editor';
import type { FastifyRequest } from 'fastify';
import type { Auth, Caller } from '../auth/auth.ts';
import { isDocumentId } from '../documents/ids.ts';

/** Who asks, about which document, with which role. */
export interface Guarded {
  caller: Caller;
  id: string;
  role: Role;
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
  constructor(private readonly auth: Auth) {}

  /** The signed-in caller (401 otherwise; 403 for a change without the session's CSRF token). */
  caller(request: FastifyRequest): Promise<Caller> {
    return this.auth.require(request);
  }

  /** The caller, the document of the route's `:id` and the caller's role, when the role may do `action`. */
  async document(request: FastifyRequest, action: Action): Promise<Guarded> {
    const caller = await this.auth.require(request);
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
