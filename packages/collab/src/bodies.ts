/** Annotation bodies: their schemas and limits, validation, and reading and writing them as Yjs maps. */
import { collapseWhitespace, FactmarkError } from '@factmark/editor';
import * as Y from 'yjs';
import * as z from 'zod/mini';
import { onFirstUse, schemaOnFirstUse } from './on-first-use.ts';
import { httpUrlSchema } from './urls.ts';

/** The longest text each annotation field takes, in characters (the schemas below and every form use these). */
export const BODY_LIMITS = {
  message: 10_000,
  quote: 100_000,
  statement: 2_000,
  verdict: 100,
  rationale: 20_000,
  excerpt: 10_000,
  proposed: 100_000,
  claimant: 300,
  /** Places a claim appeared, at most. */
  appearances: 20,
} as const;

/** A claim's statement made from text: whitespace collapsed, cut to the statement's limit. */
export function claimStatement(text: string): string {
  return collapseWhitespace(text).slice(0, BODY_LIMITS.statement);
}

/** Claim workflow, in order. */
export const CLAIM_STATUSES = ['draft', 'in_review', 'checked', 'published'] as const;
/** How a citation's excerpt bears on the claim. */
export const STANCES = ['supports', 'refutes', 'context'] as const;
/** What kind of problem a correction fixes. */
export const CORRECTION_CATEGORIES = ['factual_error', 'mistranslation', 'typo', 'missing_context', 'other'] as const;
/** A correction's state. */
export const CORRECTION_STATES = ['proposed', 'accepted', 'rejected'] as const;

/**
 * The schemas of this file, built on their first use (`on-first-use.ts`): the parts every kind of body shares, then
 * the bodies. Each is exported below as a lazy schema with its own documentation.
 */
const parts = onFirstUse(() => {
  const actor = actorSchema.unwrap();
  const isoTime = z.iso.datetime({ offset: true });
  const id = z.string().check(z.minLength(1), z.maxLength(100));
  const httpUrl = httpUrlSchema.unwrap();
  const message = z.object({
    id,
    author: actor,
    text: z.string().check(z.trim(), z.minLength(1, 'A message cannot be empty'), z.maxLength(BODY_LIMITS.message)),
    createdAt: isoTime,
    /** When its text was last edited (absent: never). */
    editedAt: z.optional(isoTime),
  });
  /** A Yjs relative position as JSON (Y.relativePositionToJSON), naming a place in the article that survives edits. */
  const relativePosition = z.record(z.string(), z.unknown());
  const review = z.object({
    band: z.enum(['approximate', 'ambiguous']),
    reason: z.string().check(z.maxLength(500)),
    candidates: z
      .array(
        z.object({
          text: z.string().check(z.maxLength(500)),
          score: z.number(),
          start: relativePosition,
          end: relativePosition,
        }),
      )
      .check(z.maxLength(10)),
  });
  const baseFields = {
    id,
    /** The span's text when the annotation was created. */
    quote: z.string().check(z.maxLength(BODY_LIMITS.quote)),
    author: actor,
    createdAt: isoTime,
    updatedAt: isoTime,
    updatedBy: actor,
    /** Discussion about the annotation, oldest first. */
    thread: z.array(message),
    /** Yjs relative positions of the span's first and last character (see anchors.ts). */
    anchorStart: z.optional(z.instanceof(Uint8Array)),
    anchorEnd: z.optional(z.instanceof(Uint8Array)),
    anchorSv: z.optional(z.instanceof(Uint8Array)),
    /** A doubtful anchoring left for a person to settle (imports), or absent/null. */
    review: z.optional(z.nullable(review)),
    /** Filed through the API with an access token (its name, its person, when): written by the server only. */
    filedVia: z.optional(z.object({ token: z.string().check(z.maxLength(100)), by: actor, at: isoTime })),
  };
  const claimant = z.object({
    name: z.string().check(z.trim(), z.minLength(1, 'A claimant needs a name'), z.maxLength(BODY_LIMITS.claimant)),
    kind: z.enum(['person', 'organization']),
    role: z.optional(z.string().check(z.trim(), z.maxLength(BODY_LIMITS.claimant))),
    url: z.optional(httpUrl),
  });
  const check = z.object({
    id: z.string().check(z.minLength(1), z.maxLength(200)),
    name: z.string().check(z.minLength(1), z.maxLength(200)),
    at: isoTime,
    verdict: z.string().check(z.minLength(1), z.maxLength(BODY_LIMITS.verdict)),
  });
  return { actor, isoTime, id, httpUrl, message, review, baseFields, claimant, check };
});

const schemas = onFirstUse(() => {
  const { actor, isoTime, id, httpUrl, baseFields, claimant, check } = parts();
  const claimBody = z.object({
    ...baseFields,
    kind: z.literal('claim'),
    statement: z
      .string()
      .check(z.trim(), z.minLength(1, 'A claim needs a statement'), z.maxLength(BODY_LIMITS.statement)),
    /** A label of the document's rating scale, or null before a verdict is given. */
    verdict: z.nullable(z.string().check(z.minLength(1), z.maxLength(BODY_LIMITS.verdict))),
    rationale: z.string().check(z.maxLength(BODY_LIMITS.rationale)),
    status: z.enum(CLAIM_STATUSES),
    assignee: z.nullable(actor),
    sourceIds: z.array(id),
    /** Who made the claim (ClaimReview's claim author): absent or null until someone says. */
    claimant: z.optional(z.nullable(claimant)),
    /** When the claim was made, YYYY-MM-DD. */
    claimDate: z.optional(z.nullable(z.iso.date('A date is written as YYYY-MM-DD'))),
    /** Where the claim appeared (absent or empty: the article checked). */
    appearances: z.optional(z.array(httpUrl).check(z.maxLength(BODY_LIMITS.appearances))),
    /** Where it appeared first, when known. */
    firstAppearance: z.optional(z.nullable(httpUrl)),
    /** Who gave the current verdict, and when (claims from before: absent; their author counts). */
    verdictBy: z.optional(z.nullable(actor)),
    verdictAt: z.optional(z.nullable(isoTime)),
    /** The second pair of eyes: who marked the claim checked, when, and the verdict they checked. */
    checkedBy: z.optional(z.nullable(check)),
  });
  const citationBody = z.object({
    ...baseFields,
    kind: z.literal('citation'),
    sourceId: id,
    excerpt: z.string().check(z.maxLength(BODY_LIMITS.excerpt)),
    stance: z.enum(STANCES),
    /** The claim it supports or refutes (null or absent: none; then it counts for the claims its passage overlaps). */
    claimId: z.optional(z.nullable(id)),
  });
  const correctionBody = z.object({
    ...baseFields,
    kind: z.literal('correction'),
    original: z.string().check(z.maxLength(BODY_LIMITS.quote)),
    proposed: z.string().check(z.maxLength(BODY_LIMITS.proposed)),
    category: z.enum(CORRECTION_CATEGORIES),
    rationale: z.string().check(z.maxLength(BODY_LIMITS.rationale)),
    state: z.enum(CORRECTION_STATES),
    decidedBy: z.nullable(actor),
    decidedAt: z.nullable(isoTime),
  });
  const commentBody = z.object({
    ...baseFields,
    kind: z.literal('comment'),
    resolved: z.boolean(),
    resolvedBy: z.nullable(actor),
    resolvedAt: z.nullable(isoTime),
  });
  const annotationBody = z.discriminatedUnion('kind', [claimBody, citationBody, correctionBody, commentBody]);
  return {
    claimBody,
    citationBody,
    correctionBody,
    commentBody,
    annotationBody,
  };
});

/**
 * Who did something: a stable user id and the name shown to colleagues. Built on first use on its own, not with the
 * bodies' parts: the settings read it without the bodies.
 */
export const actorSchema = schemaOnFirstUse(() =>
  z.object({
    id: z.string().check(z.minLength(1), z.maxLength(200)),
    name: z.string().check(z.minLength(1), z.maxLength(200)),
  }),
);
/** Who did something. */
export type Actor = z.infer<typeof actorSchema>;

/** A message in a discussion thread: its author (or an editor) may edit its text (`messages.ts`). */
export const messageSchema = schemaOnFirstUse(() => parts().message);
/** A message in a discussion thread. */
export type Message = z.infer<typeof messageSchema>;

/**
 * A doubtful anchoring an import left for a person: `ambiguous` — not placed, with the places it could be;
 * `approximate` — placed on text that differs from its quote. Cleared once someone decides.
 */
export const reviewSchema = schemaOnFirstUse(() => parts().review);
/** A doubtful anchoring left for a person (see {@link reviewSchema}). */
export type Review = z.infer<typeof reviewSchema>;

/** Who made a claim: a person or an organisation, with their role ("Defence Minister") or page. */
export const claimantSchema = schemaOnFirstUse(() => parts().claimant);
/** Who made a claim. */
export type Claimant = z.infer<typeof claimantSchema>;

/** A claim's check by a second person: who, when, and the verdict they found right. */
export const checkSchema = schemaOnFirstUse(() => parts().check);
/** A claim's check by a second person. */
export type ClaimCheck = z.infer<typeof checkSchema>;

/** A claim: the statement as checked, its verdict, rationale, workflow status, assignee and sources. */
export const claimBodySchema = schemaOnFirstUse(() => schemas().claimBody);
/** A citation: links a span to a source in the library, with the excerpt quoted from it and its stance. */
export const citationBodySchema = schemaOnFirstUse(() => schemas().citationBody);
/** A correction: proposed replacement text for the span, and the decision on it. */
export const correctionBodySchema = schemaOnFirstUse(() => schemas().correctionBody);
/** A comment: a thread of messages on a span that can be resolved and reopened. */
export const commentBodySchema = schemaOnFirstUse(() => schemas().commentBody);
/** Any annotation body, discriminated by `kind`. */
export const annotationBodySchema = schemaOnFirstUse(() => schemas().annotationBody);

export type ClaimBody = z.infer<typeof claimBodySchema>;
export type CitationBody = z.infer<typeof citationBodySchema>;
export type CorrectionBody = z.infer<typeof correctionBodySchema>;
export type CommentBody = z.infer<typeof commentBodySchema>;
export type AnnotationBody = z.infer<typeof annotationBodySchema>;
export type ClaimStatus = ClaimBody['status'];
export type Stance = CitationBody['stance'];
export type CorrectionCategory = CorrectionBody['category'];

/** A write refused by validation: `field` names what is wrong (for code); the message says it in words. */
export class AnnotationValidationError extends FactmarkError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super('invalid_annotation', message);
  }
}

/** Fields as a person names them. */
const FIELD_WORDS: Record<string, string> = {
  statement: 'The statement',
  rationale: 'The rationale',
  proposed: 'The proposed text',
  excerpt: 'The excerpt',
  quote: 'The selected text',
  original: 'The original text',
  verdict: 'The verdict',
  text: 'The message',
  thread: 'A message',
  claimant: 'The claimant',
  claimDate: 'The claim date',
  appearances: 'A place the claim appeared',
  firstAppearance: 'The first appearance',
  articleUrl: "The article's URL",
  articlePublisher: "The article's publisher",
  articleAuthors: "The article's authors",
  articlePublishedAt: "The article's publication date",
  articleLanguage: "The article's language",
  factCheckUrl: "The fact-check's URL",
  organizationName: "The organisation's name",
  organizationUrl: "The organisation's URL",
  organizationLogo: "The organisation's logo",
};

/** A validation issue in words: what is wrong with which field. */
export function issueWords(issue: z.core.$ZodIssue | undefined): string {
  const field = String(issue?.path.find((p) => typeof p === 'string') ?? '');
  const what = FIELD_WORDS[field] ?? (field ? `The field “${field}”` : 'The annotation');
  if (issue?.code === 'too_big' && typeof issue.maximum === 'number')
    return `${what} is longer than its limit of ${issue.maximum.toLocaleString('en')} characters`;
  // Messages the schemas word themselves ("A claim needs a statement") are kept as they are.
  if (issue?.message && /^[A-Z]/.test(issue.message) && !issue.message.startsWith('Invalid')) return issue.message;
  return `${what} is not valid`;
}

/** A body as the readers see it (`readBodies` leaves out what this rejects): validated, or null when not valid. */
export function validBody(body: unknown): AnnotationBody | null {
  const parsed = annotationBodySchema.safeParse(body);
  return parsed.success ? parsed.data : null;
}

/** Validate a body; throws {@link AnnotationValidationError} naming the first bad field, in words. */
export function validateBody(body: unknown): AnnotationBody {
  const parsed = annotationBodySchema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new AnnotationValidationError(issue?.path.join('.') || 'body', issueWords(issue));
}

/**
 * The fields no one may change once a body exists, besides its id: the gate refuses a change to any of them
 * (`gate/record-rules.ts`), and the layout stores them together (`body-layout.ts`).
 */
export const FIXED_FIELDS = ['kind', 'quote', 'author', 'createdAt'] as const;

/** The fields kept as Y.Arrays inside a body, so concurrent additions merge. */
export const ARRAY_FIELDS: ReadonlySet<string> = new Set(['thread', 'sourceIds']);

/**
 * The fields people write prose in, kept as Y.Text inside a body so that
 * colleagues typing in one field at once merge character by character.
 * (Documents from before kept them as plain strings: {@link bodyJSON} reads
 * both, and `migrateBodies` turns the strings into Y.Text.)
 */
export const TEXT_FIELDS = ['statement', 'rationale', 'proposed', 'excerpt'] as const;
/** A field kept as collaborative text. */
export type TextField = (typeof TEXT_FIELDS)[number];

/** True when `key` is a field kept as collaborative text. */
export function isTextField(key: string): key is TextField {
  return (TEXT_FIELDS as readonly string[]).includes(key);
}

/** A posted message as the Y.Map a thread holds: plain fields, and its text as Y.Text (see `messages.ts`). */
export function messageToYMap(message: Message): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(message)) {
    if (value === undefined) continue;
    map.set(key, key === 'text' ? new Y.Text(String(value)) : value);
  }
  return map;
}

/** A new claim's body with the defaults (statement = the quote, no verdict, draft), validated. */
export function newClaimBody(
  init: { id: string; quote: string; author: Actor; at: Date } & Partial<ClaimBody>,
): ClaimBody {
  const { id, quote, author, at, ...rest } = init;
  const time = at.toISOString();
  return validateBody({
    id,
    kind: 'claim',
    quote,
    statement: claimStatement(quote),
    verdict: null,
    rationale: '',
    status: 'draft',
    assignee: null,
    sourceIds: [],
    author,
    createdAt: time,
    updatedAt: time,
    updatedBy: author,
    thread: [],
    ...rest,
  }) as ClaimBody;
}

/** `value` parsed by `schema`; an {@link AnnotationValidationError} naming the first bad field otherwise. */
export function parseOrThrow<T>(schema: z.ZodMiniType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new AnnotationValidationError(issue?.path.join('.') || 'value', issueWords(issue));
}
