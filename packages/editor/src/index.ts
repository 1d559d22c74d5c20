/** @factmark/editor: the article schema, annotation marks, commands and plugins (no network, no Yjs). */
export {
  AnnotationIndex,
  annotationIndex,
  annotationIndexKey,
  annotationIndexPlugin,
  type IndexedAnnotation,
} from './annotation-index.ts';
export {
  articleFromFile,
  articleFromPaste,
  IMPORTABLE_EXTENSIONS,
  ImportError,
  sanitizeArticleHtml,
} from './article-import.ts';
export { addAnnotation, type CreatedAnnotation } from './commands.ts';
export {
  articleFromDom,
  articleFromJSON,
  articleFromText,
  articleTitle,
  collapseWhitespace,
  MAX_TITLE_LENGTH,
} from './content.ts';
export { ERROR_CODES, type ErrorCode, FactmarkError } from './errors.ts';
export {
  type AnnotationFocus,
  annotationFocus,
  annotationFocusKey,
  annotationFocusPlugin,
  setAnnotationFocus,
} from './focus.ts';
export { type EditAccess, editAccessPlugin, onlyAnnotationSteps } from './guards.ts';
export { isAnnotationId, newAnnotationId } from './ids.ts';
export {
  type AnnotationRange,
  type FoundAnnotation,
  findAnnotations,
  rangesBetween,
} from './ranges.ts';
export { ANNOTATION_KINDS, type AnnotationKind, articleSchema, isAnnotationKind, isSafeLinkHref } from './schema.ts';
export {
  type PendingSuggestion,
  refreshSuggestions,
  suggestionsKey,
  suggestionsPlugin,
} from './suggestions.ts';
