/** A document as the server lists it. */
export interface DocumentMeta {
  id: string;
  title: string;
  createdAt: string;
  updatedAt: string;
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

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers: { 'content-type': 'application/json', ...init?.headers } });
  } catch {
    throw new ApiError(0, 'network', 'The server cannot be reached. Check your connection and try again.');
  }
  const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
  if (!res.ok) {
    throw new ApiError(res.status, body?.error?.code ?? 'http_error', body?.error?.message ?? `HTTP ${res.status}`);
  }
  return body as T;
}

/** Every document, most recently changed first. */
export async function listDocuments(): Promise<DocumentMeta[]> {
  return (await call<{ documents: DocumentMeta[] }>('/api/documents')).documents;
}

/** Create a document from an article as ProseMirror JSON. */
export async function createDocument(article: unknown): Promise<DocumentMeta> {
  return (
    await call<{ document: DocumentMeta }>('/api/documents', { method: 'POST', body: JSON.stringify({ article }) })
  ).document;
}

/** One document's metadata. */
export async function getDocument(id: string): Promise<DocumentMeta> {
  return (await call<{ document: DocumentMeta }>(`/api/documents/${encodeURIComponent(id)}`)).document;
}
