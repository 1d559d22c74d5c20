/** The snapshot a document page renders: the connection's state, the derived annotations, library and settings, and the page's own state. */
import type {
  CorrectionLogEntry,
  Orphan,
  Presence,
  Publication,
  RatingScale,
  ReviewRule,
  Role,
} from '@factmark/collab';
import type { WorkspaceEntry } from '../editor/workspace-model.ts';
import type { ConnectionState } from './connection.ts';
import type { SourceEntry } from './snapshot.ts';
import type { ComposerKind, SelectionAnchor } from './ui-state.ts';
import type { PendingChange } from './unconfirmed.ts';

/** Everything the document page renders, derived from the Y.Doc through ProseMirror. */
export interface SessionSnapshot extends ConnectionState {
  /** The last refused command, for people (cleared by the next successful one). */
  notice: string | null;
  /** Why the server refused a change, when this page reloaded its copy because of it (until dismissed). */
  refusal: string | null;
  /** Changes made before the server refused one that could not be made again on its copy (for people to copy). */
  notKept: PendingChange[];
  /** The signed-in person's role on this document. */
  role: Role;
  /**
   * Every annotation that covers text, in document order. An entry keeps its
   * identity while its body, kind and text stay the same (its span's position
   * is not part of it: see {@link DocumentSession.startOf}).
   */
  annotations: WorkspaceEntry[];
  /**
   * {@link annotations} as what reads only their bodies sees them (the verdicts' style sheet, the filters' choices):
   * the same list while only entries' text changed, so typing inside a highlight does not work those out again.
   * Its entries' text may be older than the annotations' own.
   */
  byBody: WorkspaceEntry[];
  orphans: Orphan[];
  sources: SourceEntry[];
  scale: RatingScale;
  log: CorrectionLogEntry[];
  /** The publication details of the article and the fact-check. */
  publication: Publication;
  /** The second-reviewer rule as set (null: never set, so on). */
  reviewRule: ReviewRule | null;
  /** The annotation whose card is selected (its span is highlighted more strongly). */
  activeId: string | null;
  presence: Presence[];
  selection: SelectionAnchor | null;
  /** The composer open for the current selection, if any. */
  composer: ComposerKind | null;
  /** The text the open composer acts on: the selection's, read as the composer opened ('' when none is open). */
  composerQuote: string;
}
