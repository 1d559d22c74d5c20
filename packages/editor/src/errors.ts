/**
 * The one shape of every error Factmark reports: a stable machine `code`
 * (what programs and the HTTP layer switch on) and a sentence in words the
 * person knows. Each package's errors extend {@link FactmarkError}; the
 * server maps codes to HTTP statuses in one table (apps/server/src/http/errors.ts).
 */

/** Every code an error may carry. */
export const ERROR_CODES = [
  /** A request or command with a missing or malformed field. */
  'invalid_body',
  /** An annotation command with a bad field (its field is named). */
  'invalid_annotation',
  /** A source that claims or citations still use. */
  'source_in_use',
  /** A rating scale that drops verdicts claims still use. */
  'scale_in_use',
  /** An article that cannot be read or does not fit the schema. */
  'invalid_article',
  /** Annotations to import that cannot be read. */
  'invalid_annotations',
  /** A ClaimReview export of a check that is not ready to publish. */
  'not_ready',
  /** Nobody is signed in. */
  'unauthenticated',
  'bad_credentials',
  /** A request that changes something without its session's CSRF token, or from another site. */
  'csrf',
  'bad_origin',
  /** The caller's role does not allow it. */
  'forbidden',
  'setup_closed',
  /** No such document, version or account (or none the caller may see). */
  'not_found',
  'no_such_user',
  'email_taken',
  /** Changing one's own role. */
  'own_role',
  'too_many_attempts',
  /** Source capture is off on this server (SOURCE_CAPTURE=off), or the source was never captured. */
  'capture_off',
  'not_captured',
  /** The server cannot be reached (no answer at all: the client says so, never the server). */
  'unreachable',
  /** Something outside the caller's control (storage, the web build). */
  'unavailable',
  'internal',
  /** The web app was not built (run pnpm build). */
  'web_not_built',
] as const;

/** A stable error code. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The base of every error Factmark reports to a person. */
export class FactmarkError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
