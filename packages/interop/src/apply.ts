/** Writing imported annotations: their marks (the way the editor's binding writes them) and bodies in one Yjs transaction. */
import {
  type AnnotationBody,
  annotationBodies,
  articleFragment,
  bodyToYMap,
  detachedAnchors,
  detachedCandidates,
  readArticle,
  readSources,
  type Source,
  validateBody,
  writeAnchors,
  writeArticleDiff,
  writeSource,
} from '@factmark/collab';
import { articleSchema, rangesBetween } from '@factmark/editor';
import type { Node as PMNode } from 'prosemirror-model';
import { Transform } from 'prosemirror-transform';
import type * as Y from 'yjs';

/** An annotation to write: its body, and the ProseMirror range to mark (null: it stays an orphan). */
export interface Placement {
  body: AnnotationBody;
  range: { from: number; to: number } | null;
  /** A doubtful anchoring for a person to settle: the places it could be (ProseMirror ranges in the article). */
  review?: {
    band: 'approximate' | 'ambiguous';
    reason: string;
    candidates: { from: number; to: number; text: string; score: number }[];
  };
}

/** The origin of the Yjs transactions this module makes (so observers can tell imports apart). */
export const IMPORT_ORIGIN = 'factmark-import';

/**
 * Write annotations into a document in one Yjs transaction: the marks on the
 * article (through y-prosemirror's own diffing, so only formatting changes),
 * the bodies, and any sources they use that the library lacks. Bodies are
 * validated first; nothing is written if one is invalid.
 *
 * @param article the article to mark; defaults to the document's current one
 *   (a revision passes the new text, which replaces the old in the same transaction)
 * @param options.writeBodies false to leave the bodies as they are (they are already in the document)
 */
export function writeAnnotations(
  doc: Y.Doc,
  placements: readonly Placement[],
  sources: readonly Source[] = [],
  article?: PMNode,
  options: { writeBodies?: boolean } = {},
): void {
  const bodies = placements.map((p) => validateBody(p.body));
  const tr = new Transform(article ?? readArticle(doc));
  placements.forEach((p, i) => {
    const body = bodies[i] as AnnotationBody;
    if (p.range && p.range.from < p.range.to)
      tr.addMark(p.range.from, p.range.to, articleSchema.marks[body.kind].create({ id: body.id }));
  });
  const known = readSources(doc);
  doc.transact(() => {
    const fragment = articleFragment(doc);
    writeArticleDiff(doc, fragment, tr.doc);
    for (const source of sources) {
      if (known.has(source.id)) continue;
      writeSource(doc, source);
    }
    // Every placed span gets fresh anchors (its first and last character in the text just written), so
    // that editors can tell the span from text a colleague types at its edge meanwhile.
    const anchorsOf = detachedAnchors(doc, fragment, tr.doc);
    const candidateOf = detachedCandidates(doc, fragment, tr.doc);
    placements.forEach((p, i) => {
      const body = bodies[i] as AnnotationBody;
      const anchors = p.range ? anchorsOf(rangesBetween(tr.doc, body.id, p.range.from, p.range.to)) : null;
      const review = p.review && {
        band: p.review.band,
        reason: p.review.reason,
        candidates: p.review.candidates.map((c) => ({ text: c.text, score: c.score, ...candidateOf(c.from, c.to) })),
      };
      if (options.writeBodies !== false) {
        const written = { ...body, ...(anchors ?? {}), ...(review ? { review } : {}) } as AnnotationBody;
        annotationBodies(doc).set(body.id, bodyToYMap(written));
        return;
      }
      const map = annotationBodies(doc).get(body.id);
      if (map && review) map.set('review', review);
      if (!anchors || !map) return;
      writeAnchors(map, anchors);
    });
  }, IMPORT_ORIGIN);
}
