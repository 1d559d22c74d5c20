import { addAnnotation, type CreatedAnnotation } from '@factmark/editor';
import type { EditorView } from 'prosemirror-view';
import { transactWithArticle } from './binding.ts';
import { type Actor, bodyToYMap } from './bodies.ts';
import { annotationBodies } from './layout.ts';

/**
 * Mark the editor's selection as a claim and write its body (id, quote,
 * author, creation time) in the same Yjs transaction. Returns the new claim,
 * or null when the selection holds no text.
 */
export function createClaim(view: EditorView, author: Actor, now: Date = new Date()): CreatedAnnotation | null {
  const result = addAnnotation(view.state, 'claim');
  if (!result) return null;
  const { tr, created } = result;
  transactWithArticle(view, tr.scrollIntoView(), (doc) => {
    annotationBodies(doc).set(
      created.id,
      bodyToYMap({
        id: created.id,
        kind: 'claim',
        quote: created.quote,
        author: { id: author.id, name: author.name },
        createdAt: now.toISOString(),
      }),
    );
  });
  return created;
}
