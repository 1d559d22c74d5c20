/**
 * Each error code's HTTP status and the words a page shows above the
 * server's message: the one table the server answers with and the web app
 * reads.
 */
import { type ErrorCode, FactmarkError } from '@factmark/editor';
import type { ErrorBody } from './wire.ts';

/** Each code's HTTP status, and a heading for people (what went wrong, in their words). */
export const ERRORS: Record<ErrorCode, { status: number; words: string }> = {
  invalid_body: { status: 400, words: 'Something in the form is not right' },
  invalid_annotation: { status: 400, words: 'The annotation cannot be saved' },
  invalid_article: { status: 400, words: 'The article cannot be read' },
  invalid_annotations: { status: 400, words: 'The annotations cannot be imported' },
  source_in_use: { status: 409, words: 'The source is still cited' },
  scale_in_use: { status: 409, words: 'Claims still use these verdicts' },
  not_ready: { status: 409, words: 'The check is not ready to publish' },
  unauthenticated: { status: 401, words: 'Sign in first' },
  bad_credentials: { status: 401, words: 'Wrong email or password' },
  csrf: { status: 403, words: 'The page is out of date: reload it' },
  bad_origin: { status: 403, words: 'The request came from another site' },
  forbidden: { status: 403, words: 'Your role does not allow this' },
  setup_closed: { status: 403, words: 'This setup link is no longer valid' },
  not_found: { status: 404, words: 'Not found, or not shared with you' },
  no_such_user: { status: 404, words: 'Nobody has an account with this email' },
  email_taken: { status: 409, words: 'An account with this email exists already' },
  own_role: { status: 409, words: 'You cannot change your own role' },
  too_many_attempts: { status: 429, words: 'Too many attempts' },
  capture_off: { status: 409, words: 'Source capture is off on this server' },
  not_captured: { status: 409, words: 'The source has not been captured yet' },
  unreachable: { status: 0, words: 'The server cannot be reached' },
  unavailable: { status: 503, words: 'The server cannot answer right now' },
  internal: { status: 500, words: 'Something went wrong on the server' },
  web_not_built: { status: 503, words: 'The web app is not built' },
};

/** The HTTP status of an error code. */
export function statusOf(code: ErrorCode): number {
  return ERRORS[code].status;
}

/** True when `code` is one of ours (a server answer can carry anything). */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERRORS, code);
}

/** An error the API answered with (or could not be reached: status 0): its status, code and message. */
export class ApiError extends FactmarkError {
  constructor(
    readonly status: number,
    code: ErrorCode,
    message: string,
    readonly problems: string[] = [],
  ) {
    super(code, message);
  }
}

/**
 * What a page says of an error: the server's own sentence when it gave one
 * (it names the claim, the field, the role), else the words of its code;
 * for anything that is not Factmark's, the words of `internal`.
 */
export function describeError(error: unknown): string {
  if (error instanceof FactmarkError) {
    const words = ERRORS[error.code]?.words ?? ERRORS.internal.words;
    return error.message.trim() !== '' ? error.message : `${words}.`;
  }
  if (error instanceof Error && error.message.trim() !== '') return error.message;
  return `${ERRORS.internal.words}.`;
}

/** An answer as the server gave it. */
export interface RawAnswer {
  status: number;
  contentType: string;
  text: string;
  /** The body's bytes (a PDF export). */
  bytes: Uint8Array;
  /** The JSON body ({} when there is none or it is not JSON). */
  body: Record<string, unknown> & Partial<ErrorBody>;
}

/** The {@link ApiError} of an answer that is not a success. */
export function errorOf(answer: Pick<RawAnswer, 'status' | 'body'>): ApiError {
  const error = answer.body.error;
  const code = isErrorCode(error?.code) ? error.code : answer.status >= 500 ? 'internal' : 'invalid_body';
  return new ApiError(answer.status, code, error?.message ?? `HTTP ${answer.status}`, error?.problems ?? []);
}
