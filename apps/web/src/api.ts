import type { Role } from '@factmark/collab';

/** A document as the server lists it. */
export interface DocumentMeta {
  id: string;
  title: string;
  createdAt: string;
  updatedAt: string;
}

/** The signed-in person. */
export interface Me {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
}

/** An error the API answered with: its HTTP status, a machine code and a message for people. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The session's CSRF token, sent on every request that changes something. */
let csrfToken = '';

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      ...init,
      credentials: 'same-origin',
      headers: {
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}),
        ...init.headers,
      },
    });
  } catch {
    throw new ApiError(0, 'network', 'The server cannot be reached. Check your connection and try again.');
  }
  const body = (await res.json().catch(() => null)) as {
    error?: { code: string; message: string };
    csrfToken?: string;
  } | null;
  if (!res.ok) {
    throw new ApiError(res.status, body?.error?.code ?? 'http_error', body?.error?.message ?? `HTTP ${res.status}`);
  }
  if (body?.csrfToken) csrfToken = body.csrfToken;
  return body as T;
}

const post = <T>(path: string, body?: unknown) =>
  call<T>(path, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) });

/** Who is signed in; rejects with status 401 when nobody is. */
export async function me(): Promise<Me> {
  return (await call<{ user: Me }>('/api/auth/me')).user;
}

/** Sign in with email and password. */
export async function signIn(email: string, password: string): Promise<Me> {
  return (await post<{ user: Me }>('/api/auth/signin', { email, password })).user;
}

/** Create an account and sign in. */
export async function signUp(input: { email: string; name: string; password: string }): Promise<Me> {
  return (await post<{ user: Me }>('/api/auth/signup', input)).user;
}

/** Create the first administrator with the one-time setup token. */
export async function completeSetup(input: {
  token: string;
  email: string;
  name: string;
  password: string;
}): Promise<Me> {
  return (await post<{ user: Me }>('/api/auth/setup', input)).user;
}

/** End the session. */
export async function signOut(): Promise<void> {
  await post('/api/auth/signout');
  csrfToken = '';
}

/** The documents the signed-in person has a role on, most recently changed first. */
export async function listDocuments(): Promise<DocumentMeta[]> {
  return (await call<{ documents: DocumentMeta[] }>('/api/documents')).documents;
}

/** Create a document from an article as ProseMirror JSON. */
export async function createDocument(article: unknown): Promise<DocumentMeta> {
  return (await post<{ document: DocumentMeta }>('/api/documents', { article })).document;
}

/** One document's metadata and the signed-in person's role on it. */
export async function getDocument(id: string): Promise<{ document: DocumentMeta; role: Role }> {
  return call<{ document: DocumentMeta; role: Role }>(`/api/documents/${encodeURIComponent(id)}`);
}

/** A short-lived token for the document's sync WebSocket. */
export async function syncToken(id: string): Promise<string> {
  return (await post<{ token: string }>(`/api/documents/${encodeURIComponent(id)}/sync-token`)).token;
}

/** Give someone (by email) a role on a document; owners only. */
export async function shareDocument(id: string, email: string, role: Role): Promise<void> {
  await call(`/api/documents/${encodeURIComponent(id)}/members`, {
    method: 'PUT',
    body: JSON.stringify({ email, role }),
  });
}

/** Someone with a role on a document. */
export interface Member {
  user: { id: string; name: string; email: string };
  role: Role;
}

/** Everyone with a role on a document. */
export async function listMembers(id: string): Promise<Member[]> {
  return (await call<{ members: Member[] }>(`/api/documents/${encodeURIComponent(id)}/members`)).members;
}

/** Take someone's role on a document away; owners only. */
export async function removeMember(id: string, userId: string): Promise<Member[]> {
  return (
    await call<{ members: Member[] }>(
      `/api/documents/${encodeURIComponent(id)}/members/${encodeURIComponent(userId)}`,
      { method: 'DELETE' },
    )
  ).members;
}

/** Rename a document (its article's title changes for everyone connected); owners and editors. */
export async function renameDocument(id: string, title: string): Promise<DocumentMeta> {
  return (
    await call<{ document: DocumentMeta }>(`/api/documents/${encodeURIComponent(id)}`, {
      method: 'PATCH',
      body: JSON.stringify({ title }),
    })
  ).document;
}

/** Delete a document for everyone; owners only. */
export async function deleteDocument(id: string): Promise<void> {
  await call(`/api/documents/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

/** A named version of a document. */
export interface VersionMeta {
  id: string;
  name: string;
  createdAt: string;
  createdBy: string;
}

/** A document's versions, newest first. */
export async function listVersions(id: string): Promise<VersionMeta[]> {
  return (await call<{ versions: VersionMeta[] }>(`/api/documents/${encodeURIComponent(id)}/versions`)).versions;
}

/** Save the document's current state as a named version. */
export async function takeVersion(id: string, name: string): Promise<VersionMeta> {
  return (await post<{ version: VersionMeta }>(`/api/documents/${encodeURIComponent(id)}/versions`, { name })).version;
}

/** A version's article as ProseMirror JSON. */
export async function openVersion(id: string, versionId: string): Promise<{ version: VersionMeta; article: unknown }> {
  return call(`/api/documents/${encodeURIComponent(id)}/versions/${encodeURIComponent(versionId)}`);
}

/** Make the article read as the version does, as a new change everyone receives. */
export async function restoreVersion(id: string, versionId: string): Promise<void> {
  await post(`/api/documents/${encodeURIComponent(id)}/versions/${encodeURIComponent(versionId)}/restore`);
}

/**
 * Create a document, reporting upload progress (0..1) as the request body is
 * sent: a long article takes a while on a slow connection.
 */
export function createDocumentWithProgress(
  article: unknown,
  onProgress: (fraction: number) => void,
): Promise<DocumentMeta> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/documents');
    xhr.setRequestHeader('content-type', 'application/json');
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () =>
      reject(new ApiError(0, 'network', 'The server cannot be reached. Check your connection and try again.'));
    xhr.onload = () => {
      const body = (() => {
        try {
          return JSON.parse(xhr.responseText) as { document?: DocumentMeta; error?: { code: string; message: string } };
        } catch {
          return null;
        }
      })();
      if (xhr.status >= 200 && xhr.status < 300 && body?.document) resolve(body.document);
      else
        reject(
          new ApiError(xhr.status, body?.error?.code ?? 'http_error', body?.error?.message ?? `HTTP ${xhr.status}`),
        );
    };
    xhr.send(JSON.stringify({ article }));
  });
}
