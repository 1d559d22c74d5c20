export {
  type AnchorBounds,
  type Anchors,
  anchorBounds,
  anchorsFor,
  detachedAnchors,
  excessRanges,
} from './anchors.ts';
export { createClaim } from './annotate.ts';
export { type CollabBinding, type CollabOptions, collabPlugins } from './binding.ts';
export {
  type Actor,
  type AnnotationBody,
  AnnotationValidationError,
  actorSchema,
  annotationBodySchema,
  type BodyRead,
  bodyJSON,
  bodyToYMap,
  type CitationBody,
  CLAIM_STATUSES,
  type ClaimBody,
  type ClaimStatus,
  CORRECTION_CATEGORIES,
  CORRECTION_STATES,
  type CommentBody,
  type CorrectionBody,
  type CorrectionCategory,
  type Message,
  newClaimBody,
  readBodies,
  readBody,
  STANCES,
  type Stance,
  validateBody,
} from './bodies.ts';
export { type AnnotationEntry, annotationEntry, FactCheck, type Orphan } from './factcheck.ts';
export {
  checkUpdate,
  forgetTriedUpdates,
  type GateOptions,
  type GateVerdict,
  type Sender,
} from './gate/check-update.ts';
export { type BodyChange, MAX_CLOCK_SKEW_MS } from './gate/record-rules.ts';
export { describeAnnotation, type RejectionCode } from './gate/refusal.ts';
export {
  ANNOTATIONS_MAP,
  ARTICLE_FRAGMENT,
  annotationBodies,
  articleFragment,
  type BodyMap,
  CORRECTIONS_LOG,
  correctionsLog,
  docFromUpdates,
  documentSettings,
  encodeNewArticle,
  mergeStoredUpdates,
  readArticle,
  readTitle,
  SETTINGS_MAP,
  SOURCES_MAP,
  sourceLibrary,
  writeArticle,
  writeTitle,
} from './layout.ts';
export {
  type CorrectionLogEntry,
  DEFAULT_RATING_SCALE,
  isHttpUrl,
  makeSource,
  type RatingLabel,
  type RatingScale,
  readCorrectionsLog,
  readRatingScale,
  readSources,
  ScaleInUseError,
  type Source,
  type SourceInput,
  SourceInUseError,
  sourceSchema,
  sourceUsers,
  writeSource,
} from './library.ts';
export { annotationMaintenancePlugin, refreshAnchors, trimGrowth } from './maintenance.ts';
export {
  type Action,
  editAccessFor,
  type Grant,
  isRole,
  may,
  POLICY,
  ROLES,
  type Role,
  rolesFor,
  rolesForOwn,
} from './policy.ts';
export {
  colorFor,
  type Presence,
  type PresenceUser,
  readPresence,
  remoteCursor,
  remoteSelection,
  safeColor,
  setEditingCard,
  setLocalUser,
} from './presence.ts';
export { isSyncTransaction, LOCAL_ORIGIN, writeArticleDiff } from './y-prosemirror-seam.ts';
