/**
 * The web app's client of the API: the one typed client (@factmark/api) on
 * this page's origin, and the upload of a new document with its progress.
 */
import { ApiError, CSRF_HEADER, type DocumentMeta, errorOf, FactmarkClient, type RawAnswer } from '@factmark/api';
import { bootHandoff, takePrefetched } from './boot/boot.ts';

export type {
  ApiError,
  DocumentMeta,
  Invitation,
  InvitationSummary,
  Me,
  Member,
  NewInvitation,
  VersionMeta,
} from '@factmark/api';
export { describeError } from '@factmark/api';

/**
 * The page's conversation with its server (the browser keeps the session cookie). A GET the page's boot script
 * already made (who is signed in, the document's sync access) is answered by the boot's request, once.
 */
export const api = new FactmarkClient({
  fetch: (input, init) =>
    (typeof input === 'string' && (init?.method ?? 'GET') === 'GET' ? takePrefetched(bootHandoff(), input) : null) ??
    fetch(input, init),
});

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
    if (api.csrfToken) xhr.setRequestHeader(CSRF_HEADER, api.csrfToken);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () =>
      reject(new ApiError(0, 'unreachable', 'The server cannot be reached. Check your connection and try again.'));
    xhr.onload = () => {
      const body = (() => {
        try {
          return JSON.parse(xhr.responseText) as RawAnswer['body'] & { document?: DocumentMeta };
        } catch {
          return {};
        }
      })();
      if (xhr.status >= 200 && xhr.status < 300 && body.document) resolve(body.document);
      else reject(errorOf({ status: xhr.status, body }));
    };
    xhr.send(JSON.stringify({ article }));
  });
}
