/** useSnapshotText: a captured snapshot's text, loaded once per document and hash (a snapshot never changes). */
import type { SnapshotText } from '@factmark/api';
import { useEffect, useState } from 'react';
import { api, describeError } from '../api.ts';
import type { DocumentSession } from '../session/document-session.ts';

/** Snapshots already asked for, by document and hash (a snapshot never changes). */
const loaded = new Map<string, Promise<SnapshotText>>();

/** The snapshot `hash` of the session's document: loading, loaded, or why not. */
export function useSnapshotText(session: DocumentSession, hash: string | null) {
  const [state, setState] = useState<{ hash: string; text?: SnapshotText; error?: string } | null>(null);
  useEffect(() => {
    if (!hash) return;
    const key = `${session.documentId}/${hash}`;
    let request = loaded.get(key);
    if (!request) {
      request = api.snapshot(session.documentId, hash);
      loaded.set(key, request);
      request.catch(() => loaded.delete(key));
    }
    let live = true;
    request.then(
      (text) => live && setState({ hash, text }),
      (error: unknown) => live && setState({ hash, error: describeError(error) }),
    );
    return () => {
      live = false;
    };
  }, [session, hash]);
  return state && state.hash === hash ? state : null;
}
