/** Links to an annotation in a document (`/d/<id>#annotation=<id>`), and opening its card when a page has one. */
import { useEffect } from 'react';
import { cardElementId, type DocumentSession } from '../session/document-session.ts';
import { useSnapshot } from '../session/use-snapshot.ts';

/** The address of annotation `annotationId` in document `documentId`. */
export function annotationLink(documentId: string, annotationId: string): string {
  return `/d/${encodeURIComponent(documentId)}#annotation=${encodeURIComponent(annotationId)}`;
}

/** The annotation the page's address names, if any. */
export function linkedAnnotation(hash: string): string | null {
  return new URLSearchParams(hash.replace(/^#/, '')).get('annotation');
}

/** Once the document is here, select the annotation the address names and move the focus to its card (renders nothing). */
export function AnnotationLinkFocus({ session }: { session: DocumentSession }): null {
  const ready = useSnapshot(session, (s) => s.ready && s.annotations.length > 0);
  useEffect(() => {
    const id = linkedAnnotation(location.hash);
    if (!ready || !id) return;
    session.setActive(id, true);
    requestAnimationFrame(() => document.getElementById(cardElementId(id))?.focus());
  }, [session, ready]);
  return null;
}
