/** Why the gate refuses an update: a stable code and a sentence a person can read. */
import { collapseWhitespace, shorten } from '@factmark/editor';

/** Why an update was refused. */
export type RejectionCode =
  /** Not a Yjs update the gate can read. */
  | 'malformed'
  /** It refers to changes the server does not have yet: the client resyncs first. */
  | 'out_of_sync'
  /** The sender's role may change nothing. */
  | 'read_only'
  /** It changes the article's text, structure or formatting, which the role may not. */
  | 'article_text'
  /** It changes a document setting (the scale, the publication details, the review rule) the role may not. */
  | 'settings'
  /** It writes the corrections log outside a whole correction decision. */
  | 'corrections_log'
  /** It decides a correction without the whole decision (text, state and log entry together). */
  | 'decision'
  /** It writes content where the document's layout has no place for it. */
  | 'unknown_type'
  /** An annotation body, source or setting would be invalid. */
  | 'invalid_body'
  /** It changes or removes what someone else created, which the role allows only for one's own. */
  | 'not_yours'
  /** It names someone other than the sender as the person who did something, or a time in the future. */
  | 'identity'
  /** It writes under a Yjs client id that belongs to another user. */
  | 'client_id'
  /** It writes what only the server records (source captures). */
  | 'server_only'
  /** It checks or publishes a claim against the second-reviewer rule (`second-review.ts`). */
  | 'second_review';

/** A refusal: the code and the sentence shown to the person whose change it was. */
export interface Refusal {
  code: RejectionCode;
  reason: string;
}

/** A refusal with `code` and `reason`. */
export function refuse(code: RejectionCode, reason: string): Refusal {
  return { code, reason };
}

/** How an annotation is named to a person: its kind and the words it covers, never its id. */
export function describeAnnotation(body: Record<string, unknown> | null | undefined): string {
  const kind = typeof body?.kind === 'string' ? body.kind : 'annotation';
  const quote = typeof body?.quote === 'string' ? collapseWhitespace(body.quote) : '';
  if (quote === '') return `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind}`;
  return `the ${kind} on “${shorten(quote, 60)}”`;
}

/** How a source is named to a person: its title, or its URL. */
export function describeSource(source: Record<string, unknown> | null | undefined): string {
  const title = typeof source?.title === 'string' && source.title.trim() !== '' ? source.title.trim() : null;
  const name = title ?? (typeof source?.url === 'string' ? source.url : 'a source');
  return `the source “${shorten(name, 60)}”`;
}
