/** Auth: accounts, sessions and their cookies, the first administrator's setup, and the checks every request goes through. */
import { randomUUID } from 'node:crypto';
import { type Action, may, type Role, rolesFor, roleWithScopes } from '@factmark/collab';
import { FactmarkError } from '@factmark/editor';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TokenCaller } from './access-tokens.ts';
import { type AccountStore, normalizeEmail, type Session, type User } from './account-store.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { randomToken, tokenHash } from './tokens.ts';

/** Name of the session cookie (HttpOnly, SameSite=Lax). */
export const SESSION_COOKIE = 'fm_session';
/** Header that must carry the session's CSRF token on every request that changes something. */
export const CSRF_HEADER = 'x-csrf-token';
const SESSION_MS = 14 * 24 * 3600_000;
const SETUP_KEY = 'setup_token_hash';

/** The signed-in person behind a request. */
export interface Caller {
  user: User;
  session: Session;
  sessionTokenHash: string;
}

function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out.set(part.slice(0, i).trim(), decodeURIComponent(part.slice(i + 1).trim()));
  }
  return out;
}

/**
 * Accounts and sessions: sign-up, sign-in, sign-out, the one-time setup of the
 * first administrator, and the checks every request goes through.
 */
export class Auth {
  constructor(
    readonly store: AccountStore,
    private readonly secureCookies: boolean,
  ) {}

  /** When no user exists yet: a fresh one-time setup token (its hash is stored; the token is printed once). */
  async setupToken(): Promise<string | null> {
    if ((await this.store.countUsers()) > 0) return null;
    const token = randomToken();
    await this.store.setSetting(SETUP_KEY, tokenHash(token));
    return token;
  }

  /** Create the first administrator with the one-time token. */
  async completeSetup(token: string, input: { email: string; name: string; password: string }): Promise<User> {
    const expected = await this.store.getSetting(SETUP_KEY);
    if (!expected || expected !== tokenHash(token) || (await this.store.countUsers()) > 0) {
      throw new FactmarkError('setup_closed', 'This setup link is not valid (was it used already?)');
    }
    const user = await this.createUser(input, true);
    await this.store.setSetting(SETUP_KEY, null);
    return user;
  }

  /** Create an account. */
  async signUp(input: { email: string; name: string; password: string }): Promise<User> {
    return this.createUser(input, false);
  }

  private async createUser(input: { email: string; name: string; password: string }, isAdmin: boolean): Promise<User> {
    const email = normalizeEmail(input.email);
    if (await this.store.findUserByEmail(email)) {
      throw new FactmarkError('email_taken', 'An account with this email exists already');
    }
    const user: User = {
      id: randomUUID(),
      email,
      name: input.name.trim(),
      isAdmin,
      createdAt: new Date().toISOString(),
    };
    await this.store.createUser(user, await hashPassword(input.password));
    return user;
  }

  /** Check an email and password; the user, or a 401 that does not say which was wrong. */
  async signIn(email: string, password: string): Promise<User> {
    const found = await this.store.findUserByEmail(normalizeEmail(email));
    if (!found || !(await verifyPassword(password, found.passwordHash))) {
      throw new FactmarkError('bad_credentials', 'Wrong email or password');
    }
    const { passwordHash: _, ...user } = found;
    return user;
  }

  /** Start a session for `user` and set its cookie; returns the CSRF token the client must send back. */
  async startSession(reply: FastifyReply, user: User): Promise<string> {
    const token = randomToken();
    const session: Session = { userId: user.id, csrfToken: randomToken(18), expiresAt: Date.now() + SESSION_MS };
    await this.store.createSession(tokenHash(token), session);
    reply.header(
      'set-cookie',
      `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${SESSION_MS / 1000}${this.secureCookies ? '; Secure' : ''}`,
    );
    return session.csrfToken;
  }

  /** End the caller's session and clear the cookie. */
  async endSession(reply: FastifyReply, caller: Caller): Promise<void> {
    await this.store.deleteSession(caller.sessionTokenHash);
    reply.header('set-cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`);
  }

  /** The signed-in caller, or null. */
  async caller(request: FastifyRequest): Promise<Caller | null> {
    const token = parseCookies(request.headers.cookie).get(SESSION_COOKIE);
    if (!token) return null;
    const hash = tokenHash(token);
    const session = await this.store.getSession(hash, Date.now());
    if (!session) return null;
    const user = await this.store.getUser(session.userId);
    return user ? { user, session, sessionTokenHash: hash } : null;
  }

  /** The signed-in caller; 401 otherwise. For requests that change something, also checks the CSRF token. */
  async require(request: FastifyRequest): Promise<Caller> {
    const caller = await this.caller(request);
    if (!caller) throw new FactmarkError('unauthenticated', 'Sign in first');
    if (!['GET', 'HEAD', 'OPTIONS'].includes(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (sent !== caller.session.csrfToken) {
        throw new FactmarkError('csrf', `Missing or wrong ${CSRF_HEADER} header`);
      }
    }
    return caller;
  }

  /**
   * The caller's role on a document when the policy lets that role do
   * `action` to it; 404 when they have none (the document's existence is not
   * revealed), 403 naming the roles that may.
   */
  async requireAccess(documentId: string, caller: Caller | TokenCaller, action: Action): Promise<Role> {
    const role = await this.store.getRole(documentId, caller.user.id);
    if (!role) throw new FactmarkError('not_found', `There is no document "${documentId}"`);
    // A token acts with at most its person's role, capped by its scopes.
    const acting = 'token' in caller ? roleWithScopes(role, caller.token.scopes) : role;
    if (!acting || !may(acting, action, false)) {
      const who = 'token' in caller ? `this access token acts as ${acting ?? 'no one'}` : `you are ${role}`;
      throw new FactmarkError('forbidden', `This needs the ${rolesFor(action).join(' or ')} role; ${who}`);
    }
    return acting;
  }
}
