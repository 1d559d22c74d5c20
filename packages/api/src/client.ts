/**
 * The one typed client of Factmark's HTTP API, for the web app (same origin,
 * the browser keeps the cookie), the command line and tests (a base URL, and
 * the session cookie kept here). Typed calls throw {@link ApiError}; the raw
 * {@link FactmarkClient.request} answers whatever the server said.
 */
import type { AccessScope, Role } from '@factmark/collab';
import type { ImportReport, RevisionReport } from '@factmark/interop';
import { errorOf } from './errors.ts';
import { HttpSession } from './http-session.ts';
import { documentPath, ME_PATH, syncAccessPath } from './paths.ts';
import type { RequestBody } from './requests.ts';
import { WebhookCalls } from './webhook-calls.ts';
import type {
  AccessToken,
  AuditEntry,
  CheckedClaim,
  DocumentMeta,
  ErrorBody,
  Invitation,
  InvitationSummary,
  Me,
  Member,
  NewInvitation,
  Notice,
  NotificationSettings,
  PublishIssue,
  SnapshotText,
  VersionMeta,
  WorkAnswer,
  WorkCategory,
} from './wire.ts';

/** A signed-in (or not yet) conversation with one Factmark server: a typed call for every route. */
export class FactmarkClient extends HttpSession {
  /** Webhooks: a document's or the desk's endpoints and their deliveries. */
  readonly webhooks = new WebhookCalls(this);

  /** Who is signed in; an error with status 401 when nobody is. */
  async me(): Promise<Me> {
    return (await this.call<{ user: Me }>('GET', ME_PATH)).user;
  }

  /** The signed-in person's access tokens (signed in in a browser only). */
  async accessTokens(): Promise<AccessToken[]> {
    return (await this.call<{ tokens: AccessToken[] }>('GET', '/api/tokens')).tokens;
  }

  /** Make an access token: its secret (shown this once) and its record. */
  async createAccessToken(input: RequestBody<'accessToken'>): Promise<{ token: string; accessToken: AccessToken }> {
    return this.call('POST', '/api/tokens', input);
  }

  /** Revoke an access token; the tokens left. */
  async revokeAccessToken(id: string): Promise<AccessToken[]> {
    return (await this.call<{ tokens: AccessToken[] }>('DELETE', `/api/tokens/${encodeURIComponent(id)}`)).tokens;
  }

  /** Change the signed-in person's name (mentions of them show the new one). */
  async rename(name: string): Promise<Me> {
    return (await this.call<{ user: Me }>('PATCH', '/api/auth/me', { name })).user;
  }

  async signIn(email: string, password: string): Promise<Me> {
    return (await this.call<{ user: Me }>('POST', '/api/auth/signin', { email, password })).user;
  }

  async signUp(input: RequestBody<'signUp'>): Promise<Me> {
    return (await this.call<{ user: Me }>('POST', '/api/auth/signup', input)).user;
  }

  /** Create the first administrator with the one-time setup token. */
  async completeSetup(input: RequestBody<'setup'>): Promise<Me> {
    return (await this.call<{ user: Me }>('POST', '/api/auth/setup', input)).user;
  }

  async signOut(): Promise<void> {
    await this.call('POST', '/api/auth/signout');
    this.forget();
  }

  /** The documents the signed-in person has a role on, most recently changed first. */
  async listDocuments(): Promise<DocumentMeta[]> {
    return (await this.call<{ documents: DocumentMeta[] }>('GET', '/api/documents')).documents;
  }

  /** Create a document from an article as ProseMirror JSON. */
  async createDocument(article: unknown): Promise<DocumentMeta> {
    return (await this.call<{ document: DocumentMeta }>('POST', '/api/documents', { article })).document;
  }

  /** One document's metadata and the signed-in person's role on it. */
  getDocument(id: string): Promise<{ document: DocumentMeta; role: Role }> {
    return this.call('GET', documentPath(id));
  }

  /** Rename a document (its article's title changes for everyone connected). */
  async renameDocument(id: string, title: string): Promise<DocumentMeta> {
    return (await this.call<{ document: DocumentMeta }>('PATCH', documentPath(id), { title })).document;
  }

  async deleteDocument(id: string): Promise<void> {
    await this.call('DELETE', documentPath(id));
  }

  /**
   * A short-lived token for the document's sync WebSocket, with the signed-in person's role on the document: all
   * a page needs to open it, in one request.
   */
  syncAccess(id: string): Promise<{ token: string; role: Role }> {
    return this.call('GET', syncAccessPath(id));
  }

  /** A short-lived token for the document's sync WebSocket. */
  async syncToken(id: string): Promise<string> {
    return (await this.syncAccess(id)).token;
  }

  async listMembers(id: string): Promise<Member[]> {
    return (await this.call<{ members: Member[] }>('GET', `${documentPath(id)}/members`)).members;
  }

  /** Give someone (by email) a role on a document; owners only. */
  /**
   * Give `email` a role on the document; an address without an account gets an invitation instead, whose link
   * (shown once) makes the account and the membership.
   */
  async shareDocument(
    id: string,
    email: string,
    role: RequestBody<'member'>['role'],
  ): Promise<{ members: Member[]; invitation: NewInvitation | null }> {
    const answer = await this.call<{ members: Member[]; invitation?: NewInvitation }>(
      'PUT',
      `${documentPath(id)}/members`,
      { email, role },
    );
    return { members: answer.members, invitation: answer.invitation ?? null };
  }

  /** The document's pending invitations (owners). */
  async listInvitations(id: string): Promise<Invitation[]> {
    return (await this.call<{ invitations: Invitation[] }>('GET', `${documentPath(id)}/invitations`)).invitations;
  }

  /** Withdraw a pending invitation (its link stops working); the ones still pending. */
  async revokeInvitation(id: string, invitationId: string): Promise<Invitation[]> {
    const path = `${documentPath(id)}/invitations/${encodeURIComponent(invitationId)}`;
    return (await this.call<{ invitations: Invitation[] }>('DELETE', path)).invitations;
  }

  /** What an invitation link is for. */
  async invitationSummary(token: string): Promise<InvitationSummary> {
    return (await this.call<{ invitation: InvitationSummary }>('POST', '/api/invitations/summary', { token }))
      .invitation;
  }

  /** Accept an invitation: signed in as its address, or making the account with `account`. */
  async acceptInvitation(
    token: string,
    account?: { name: string; password: string },
  ): Promise<{ user: Me; documentId: string }> {
    return this.call('POST', '/api/invitations/accept', { token, ...account });
  }

  async removeMember(id: string, userId: string): Promise<Member[]> {
    const path = `${documentPath(id)}/members/${encodeURIComponent(userId)}`;
    return (await this.call<{ members: Member[] }>('DELETE', path)).members;
  }

  async listVersions(id: string): Promise<VersionMeta[]> {
    return (await this.call<{ versions: VersionMeta[] }>('GET', `${documentPath(id)}/versions`)).versions;
  }

  async takeVersion(id: string, name: string): Promise<VersionMeta> {
    return (await this.call<{ version: VersionMeta }>('POST', `${documentPath(id)}/versions`, { name })).version;
  }

  /** A version's article as ProseMirror JSON. */
  openVersion(id: string, versionId: string): Promise<{ version: VersionMeta; article: unknown }> {
    return this.call('GET', `${documentPath(id)}/versions/${encodeURIComponent(versionId)}`);
  }

  /** Word-level differences from a version's text to the current text, in order. */
  compareVersion(
    id: string,
    versionId: string,
  ): Promise<{ version: VersionMeta; changes: { op: 'added' | 'removed' | 'same'; text: string }[] }> {
    return this.call('GET', `${documentPath(id)}/versions/${encodeURIComponent(versionId)}/compare`);
  }

  /** Make the article read as the version does, as a new change everyone receives. */
  async restoreVersion(id: string, versionId: string): Promise<void> {
    await this.call('POST', `${documentPath(id)}/versions/${encodeURIComponent(versionId)}/restore`);
  }

  async importAnnotations(
    id: string,
    format: RequestBody<'importAnnotations'>['format'],
    data: unknown,
  ): Promise<ImportReport> {
    const path = `${documentPath(id)}/annotations/import`;
    return (await this.call<{ report: ImportReport }>('POST', path, { format, data })).report;
  }

  /** Bring in a new revision of the article (ProseMirror JSON); what moved, changed or was orphaned. */
  async revise(id: string, article: unknown): Promise<RevisionReport> {
    return (await this.call<{ report: RevisionReport }>('POST', `${documentPath(id)}/revisions`, { article })).report;
  }

  /** The audit trail of one annotation (or the whole document), oldest first. */
  async audit(id: string, annotationId?: string): Promise<AuditEntry[]> {
    const query = annotationId ? `?${new URLSearchParams({ annotation: annotationId })}` : '';
    return (await this.call<{ entries: AuditEntry[] }>('GET', `${documentPath(id)}/audit${query}`)).entries;
  }

  /** The snapshot `hash` a capture record of the document names. */
  async snapshot(id: string, hash: string): Promise<SnapshotText> {
    return (await this.call<{ snapshot: SnapshotText }>('GET', `${documentPath(id)}/snapshots/${hash}`)).snapshot;
  }

  /** Ask the server to fetch a captured source again now and say whether it changed, moved or is gone. */
  async recheckSource(id: string, sourceId: string): Promise<void> {
    await this.call('POST', `${documentPath(id)}/sources/${encodeURIComponent(sourceId)}/recheck`);
  }

  /** An export of the document as text (format and options as the export route's query takes them). */
  /** An export's bytes (text formats are UTF-8; the PDFs are binary), or an {@link ApiError}. */
  async export(id: string, query: Record<string, string>): Promise<Uint8Array> {
    const answer = await this.request('GET', `${documentPath(id)}/export?${new URLSearchParams(query)}`);
    if (answer.status >= 200 && answer.status < 300) return answer.bytes;
    throw errorOf(answer);
  }

  /** The signed-in person's notifications, newest first, and how many are unread. */
  async notifications(): Promise<{ notifications: Notice[]; unread: number }> {
    return this.call('GET', '/api/notifications');
  }

  /** Mark notifications read (`ids` absent: all of them); how many stay unread. */
  async markNotificationsRead(ids?: string[]): Promise<{ unread: number }> {
    return this.call('POST', '/api/notifications/read', ids ? { ids } : {});
  }

  /** The signed-in person's notification settings. */
  async notificationSettings(): Promise<NotificationSettings> {
    return this.call('GET', '/api/notifications/settings');
  }

  /** Change the signed-in person's notification settings (the kinds given); the settings as they now are. */
  async setNotificationSettings(kinds: RequestBody<'notificationSettings'>['kinds']): Promise<NotificationSettings> {
    return this.call('PUT', '/api/notifications/settings', { kinds });
  }

  /** Stop the emails of the person an unsubscribe link was made for (the link's `u` and `t`); no sign-in needed. */
  async unsubscribe(u: string, t: string): Promise<{ email: string }> {
    return this.call('POST', '/api/unsubscribe', { u, t });
  }

  /**
   * What waits for the signed-in person across their documents (My work), newest first: the rows of `category`
   * (absent: every kind), at most `limit` of them, with the count of each kind and of all.
   */
  async myWork(query: { category?: WorkCategory; limit?: number } = {}): Promise<WorkAnswer> {
    const params = new URLSearchParams();
    if (query.category) params.set('category', query.category);
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    return this.call('GET', `/api/my-work${params.size ? `?${params}` : ''}`);
  }

  /** Claims like `text` the desk judged in its other documents (those the signed-in person may read). */
  async checkedBefore(id: string, text: string): Promise<CheckedClaim[]> {
    const query = new URLSearchParams({ text });
    return (await this.call<{ claims: CheckedClaim[] }>('GET', `${documentPath(id)}/checked-before?${query}`)).claims;
  }

  /** What stands between the document's check and publishing, in words (empty: ready to publish). */
  async publishCheck(id: string): Promise<PublishIssue[]> {
    return (await this.call<{ issues: PublishIssue[] }>('GET', `${documentPath(id)}/publish-check`)).issues;
  }
}
