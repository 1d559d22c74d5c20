export { createClaim } from './annotate.ts';
export { type CollabBinding, collabPlugins, transactWithArticle } from './binding.ts';
export {
  type Actor,
  type AnnotationBody,
  type BaseBody,
  bodyToYMap,
  type ClaimBody,
  readBodies,
  readBody,
} from './bodies.ts';
export {
  ANNOTATIONS_MAP,
  ARTICLE_FRAGMENT,
  annotationBodies,
  articleFragment,
  type BodyMap,
  encodeNewArticle,
  readArticle,
  readTitle,
  writeArticle,
} from './layout.ts';
export {
  colorFor,
  type Presence,
  type PresenceUser,
  readPresence,
  remoteCursor,
  remoteSelection,
  safeColor,
  setLocalUser,
} from './presence.ts';
