/** @factmark/editor: the article schema, annotation marks, commands and plugins (no network, no Yjs). */
export { annotationIndex, annotationIndexPlugin } from './annotation-index.ts';
export { addAnnotation } from './commands.ts';
export {
  articleFromJSON,
  articleFromText,
  articleTitle,
  collapseWhitespace,
  IMPORTABLE_EXTENSIONS,
  MAX_TITLE_LENGTH,
  shorten,
} from './content.ts';
export { type ErrorCode, FactmarkError } from './errors.ts';
export { annotationFocus, annotationFocusKey, annotationFocusPlugin, setAnnotationFocus } from './focus.ts';
export { type EditAccess, editAccessPlugin, onlyAnnotationSteps } from './guards.ts';
export { ANNOTATION_ID, annotationClass, newAnnotationId } from './ids.ts';
export { LayeredMap } from './layered-map.ts';
export { type AnnotationRange, findAnnotations, idsBetween, rangesBetween } from './ranges.ts';
export { ANNOTATION_KINDS, type AnnotationKind, articleSchema, isAnnotationKind, isSafeLinkHref } from './schema.ts';
export { type PendingSuggestion, refreshSuggestions, suggestionsPlugin } from './suggestions.ts';
