/** @factmark/collab: the Yjs layout, the binding, the FactCheck write path, the role policy and the update gate. */
export {
  type AnchorBounds,
  type Anchors,
  anchorBounds,
  anchorsFor,
  detachedAnchors,
  excessRanges,
} from './anchors.ts';
export {
  type AnnotationEntry,
  annotationEntry,
  invalidBodies,
  type Orphan,
  orphansOf,
} from './annotation-queries.ts';
export { type CollabBinding, type CollabOptions, collabPlugins } from './binding.ts';
export {
  type Actor,
  type AnnotationBody,
  AnnotationValidationError,
  actorSchema,
  annotationBodySchema,
  BODY_LIMITS,
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
  claimStatement,
  type Message,
  newClaimBody,
  readBodies,
  readBody,
  STANCES,
  type Stance,
  validateBody,
} from './bodies.ts';
export { type CorrectionLogEntry, readCorrectionsLog } from './corrections-log.ts';
export { FactCheck } from './factcheck.ts';
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
export {
  DEFAULT_RATING_SCALE,
  type RatingLabel,
  type RatingScale,
  readRatingScale,
  ScaleInUseError,
} from './rating-scale.ts';
export {
  isHttpUrl,
  makeSource,
  readSources,
  SOURCE_LIMITS,
  type Source,
  type SourceInput,
  SourceInUseError,
  sourceSchema,
  sourceUsers,
  writeSource,
} from './sources.ts';
export { isSyncTransaction, LOCAL_ORIGIN, writeArticleDiff } from './y-prosemirror-seam.ts';
