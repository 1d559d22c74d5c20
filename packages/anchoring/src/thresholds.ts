/**
 * The anchoring thresholds, in one place (docs/formats.md explains each). A result lands in one of four bands:
 * confirmed, approximate, ambiguous or orphan — and these numbers draw the lines between them.
 */
export const ANCHOR_THRESHOLDS = {
  /** Least similarity of the quote itself (1 − edits / length) for an approximate match. */
  minQuoteSimilarity: 0.85,
  /**
   * A selector's context agrees with a candidate when each of its sides that is evidence, aligned against the text
   * beside the candidate, is at least this similar.
   */
  contextAgrees: 0.85,
  /** A side this similar is as good as identical. */
  contextSure: 0.97,
  /**
   * An exact occurrence whose context is at least this similar on every side leaves no better match to look for:
   * no approximate search runs (the annotation's own words, edited, could not have a better-fitting context).
   */
  noBetterMatch: 0.9,
  /** A context shorter than this many characters (after trimming) is too weak to tell candidates apart. */
  minContextLength: 4,
  /**
   * How near the position hint (characters, at least) a candidate must be for the position to pick it among
   * candidates whose context agrees (with no context, the position picks nothing: a stale one would pull the
   * annotation onto the next repeat of its words).
   */
  positionReach: 32,
  /** Characters either side of the position where an occurrence sure on every side is taken at once. */
  nearPosition: 4_096,
  /** Selectors whose exact occurrences are found by scanning the text before its gram index is built. */
  scansBeforeIndex: 64,
  /** Most exact occurrences examined (a quote repeated more often is ambiguous past this). */
  maxOccurrences: 10_000,
  /** Candidates an ambiguous result lists. */
  listedCandidates: 5,
  /**
   * Places where a side of the context occurs word for word that the search for a quote edited beside its context
   * looks at (more than a few times the listed candidates would only be listed as ambiguous anyway).
   */
  besideContextPlaces: 20,
} as const;

/** The weights of the evidence a candidate's score combines (each counted only when the selector gives it). */
export const EVIDENCE_WEIGHTS = { quote: 50, prefix: 20, suffix: 20, position: 10 } as const;
