/** @factmark/collab: the Yjs layout, the binding, the FactCheck write path, the role policy and the update gate. */
export { detachedAnchors, writeAnchors } from './anchors.ts';
export type { CreatedSelection } from './annotation-create.ts';
export {
  type AnnotationEntry,
  annotationEntry,
  type BlockAt,
  claimSpans,
  type Orphan,
  orphansOf,
  rangesText,
  type TextSeparators,
  TopLevelBlocks,
} from './annotation-queries.ts';
export { type CollabBinding, type CollabOptions, collabPlugins } from './binding.ts';
export {
  type Actor,
  type AnnotationBody,
  AnnotationValidationError,
  BODY_LIMITS,
  type CitationBody,
  CLAIM_STATUSES,
  type Claimant,
  type ClaimBody,
  type ClaimCheck,
  type ClaimStatus,
  CORRECTION_CATEGORIES,
  type CommentBody,
  type CorrectionBody,
  type CorrectionCategory,
  claimantSchema,
  claimStatement,
  issueWords,
  type Message,
  messageToYMap,
  newClaimBody,
  STANCES,
  type Stance,
  TEXT_FIELDS,
  type TextField,
  validateBody,
  validBody,
} from './bodies.ts';
export {
  type BodyJSONOptions,
  type BodyRead,
  bodiesJSON,
  bodyChangesSince,
  bodyField,
  bodyJSON,
  bodyKind,
  bodyToYMap,
  FIELD_DEFAULTS,
  FIXED_FIELD,
  readBodies,
  readBody,
} from './body-layout.ts';
export { migrateBodies, type TextEditOptions } from './body-writes.ts';
export {
  type ArchiveCopy,
  type CaptureRecord,
  captureRecordSchema,
  capturingRecord,
  forgetCapture,
  type LinkHealth,
  observeCaptures,
  readCapture,
  readCaptures,
  type SnapshotInfo,
  snapshotHashes,
  writeCapture,
} from './captures.ts';
export { type CitationSpan, type ClaimSpan, citedClaimIds, claimAround, type Stretch } from './citation-links.ts';
export type { ClaimDetails } from './claim-workflow.ts';
export {
  type CorrectionLogEntry,
  correctionLogEntrySchema,
  rawCorrectionsLog,
  readCorrectionsLog,
} from './corrections-log.ts';
export { FactCheck } from './factcheck.ts';
export {
  addsNothing,
  checkUpdate,
  forgetTriedUpdates,
  type GateOptions,
  type GateVerdict,
  prepareTrialCopy,
  type Sender,
  trialCopyBuilt,
} from './gate/check-update.ts';
export type { BodyChange } from './gate/record-context.ts';
export { describeAnnotation, type RejectionCode } from './gate/refusal.ts';
export {
  HINT_DECISION_LIMITS,
  type HintChoice,
  type HintDecision,
  hintDecisionSchema,
  hintKeySchema,
  readHintDecisions,
} from './hint-decisions.ts';
export {
  annotationBodies,
  articleFragment,
  type BodyMap,
  CAPTURES_MAP,
  captureRecords,
  correctionsLog,
  docFromUpdates,
  documentSettings,
  encodeNewArticle,
  HINT_DECISIONS_MAP,
  hasArticle,
  hintDecisionMap,
  readArticle,
  readTitle,
  sourceLibrary,
  titleChangedBy,
  writeArticle,
  writeTitle,
} from './layout.ts';
export {
  editShown,
  type MentionDisplay,
  type MentionSegment,
  mentionDisplay,
  mentionedIds,
  mentionQuery,
  mentionSegments,
  mentionToken,
  type NameOf,
  newMentions,
  replaceShown,
} from './mentions.ts';
export { type MessageField, messageField } from './messages.ts';
export {
  ACCESS_SCOPES,
  type AccessScope,
  type Action,
  editAccessFor,
  type Grant,
  hasScope,
  may,
  ROLES,
  type Role,
  rolesFor,
  roleWithScopes,
} from './policy.ts';
export {
  colorFor,
  type FieldCaret,
  fieldCarets,
  hideCaretWhileAway,
  type Presence,
  type PresenceUser,
  type RemoteFieldCaret,
  readPresence,
  safeColor,
  setEditingCard,
  setFieldCaret,
  setLocalUser,
} from './presence.ts';
export {
  PUBLICATION_FIELDS,
  PUBLICATION_LIMITS,
  type Publication,
  type PublicationField,
  publicationSchema,
  type ReviewRule,
  readPublication,
  readReviewRule,
  secondReviewerRequired,
} from './publication.ts';
export { DEFAULT_RATING_SCALE, type RatingLabel, type RatingScale, readRatingScale } from './rating-scale.ts';
export { candidateRange, detachedCandidates, type ReviewChoice } from './review.ts';
export { awaitingSecondCheck, hasSecondCheck, verdictAuthor } from './second-review.ts';
export {
  makeSource,
  NO_SOURCE_DETAILS,
  readSources,
  SOURCE_LIMITS,
  type Source,
  type SourceInput,
  sourceSchema,
  sourceUsers,
  writeSource,
} from './sources.ts';
export { httpUrlSchema, isHttpUrl, URL_LIMIT } from './urls.ts';
export {
  labelColor,
  TONE_COLORS,
  TONE_SYMBOLS,
  type VerdictTone,
  verdictColor,
  verdictPosition,
  verdictSymbol,
  verdictTone,
} from './verdict-looks.ts';
export { asSyncTransaction, isSyncTransaction, writeArticleDiff } from './y-prosemirror-seam.ts';
