/**
 * A document's publication details — the article checked (its URL, publisher, authors, date, language) and the
 * fact-check itself (its URL, the organisation) — and the desk's second-reviewer rule, all in the settings map:
 * one plain value per field, so colleagues filling in different fields at once both keep theirs.
 */
import type * as Y from 'yjs';
import * as z from 'zod/mini';
import { type Actor, actorSchema, parseOrThrow } from './bodies.ts';
import { documentSettings } from './layout.ts';
import { schemaOnFirstUse } from './on-first-use.ts';
import { httpUrlSchema } from './urls.ts';

/** The longest text each publication field takes, in characters. */
export const PUBLICATION_LIMITS = { name: 300, authors: 20 } as const;

/**
 * The publication details, every field optional (the server's settings give the organisation's defaults); built on
 * first use (`on-first-use.ts`).
 */
export const publicationSchema = schemaOnFirstUse(() => {
  const name = z.string().check(z.trim(), z.maxLength(PUBLICATION_LIMITS.name));
  return z.partial(
    z.object({
      /** Where the article checked was published (W3C exports target it; ClaimReview's appearance). */
      articleUrl: httpUrlSchema.unwrap(),
      articlePublisher: name,
      articleAuthors: z.array(name.check(z.minLength(1))).check(z.maxLength(PUBLICATION_LIMITS.authors)),
      /** YYYY-MM-DD. */
      articlePublishedAt: z.iso.date('A date is written as YYYY-MM-DD'),
      /** A BCP 47 language tag (`en`, `pt-BR`). */
      articleLanguage: z
        .string()
        .check(z.regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, 'A language is a tag such as en or pt-BR')),
      /** Where the fact-check is (or will be) published: ClaimReview's `url`, each claim's `#claim-N` under it. */
      factCheckUrl: httpUrlSchema.unwrap(),
      organizationName: name,
      organizationUrl: httpUrlSchema.unwrap(),
      /** The organisation's logo (ClaimReview's author logo). */
      organizationLogo: httpUrlSchema.unwrap(),
    }),
  );
});
/** A document's publication details. */
export type Publication = z.infer<typeof publicationSchema>;
/** One field of the publication details. */
export type PublicationField = keyof Publication;
/** The fields, each a key of the settings map (named here, not read from the schema, which is built on first use). */
export const PUBLICATION_FIELDS: readonly PublicationField[] = [
  'articleUrl',
  'articlePublisher',
  'articleAuthors',
  'articlePublishedAt',
  'articleLanguage',
  'factCheckUrl',
  'organizationName',
  'organizationUrl',
  'organizationLogo',
];

/** The settings key of the second-reviewer rule. */
export const REVIEW_RULE_KEY = 'reviewRule';

/** The second-reviewer rule as stored: on or off, and who last set it, when (absent: on, as a desk expects). */
export const reviewRuleSchema = schemaOnFirstUse(() =>
  z.object({
    secondReviewer: z.boolean(),
    by: actorSchema,
    at: z.iso.datetime({ offset: true }),
  }),
);
/** The second-reviewer rule of a document. */
export type ReviewRule = z.infer<typeof reviewRuleSchema>;

/** The publication details stored in `doc` (fields never set, or not valid, are absent). */
export function readPublication(doc: Y.Doc): Publication {
  const settings = documentSettings(doc);
  const out: Record<string, unknown> = {};
  for (const field of PUBLICATION_FIELDS) {
    const value = settings.get(field);
    // A field never set is absent, read without building the schema.
    if (value === undefined) continue;
    const parsed = publicationSchema.unwrap().shape[field].safeParse(value);
    if (parsed.success && parsed.data !== undefined && parsed.data !== '') out[field] = parsed.data;
  }
  return out as Publication;
}

/**
 * Set publication fields (`undefined` or '' clears one), validated as a whole first: an
 * `AnnotationValidationError` names the first bad field in words. Call inside a transaction with your origin.
 */
export function writePublication(doc: Y.Doc, patch: Partial<Record<PublicationField, unknown>>): void {
  const cleaned: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (!(PUBLICATION_FIELDS as string[]).includes(key)) throw new Error(`Not a publication field: ${key}`);
    cleaned[key] = typeof value === 'string' ? value.trim() : value;
  }
  const defined = Object.fromEntries(Object.entries(cleaned).filter(([, v]) => v !== undefined && v !== ''));
  parseOrThrow(publicationSchema, defined);
  const settings = documentSettings(doc);
  for (const [key, value] of Object.entries(cleaned)) {
    if (value === undefined || value === '') settings.delete(key);
    else if (JSON.stringify(settings.get(key)) !== JSON.stringify(value)) settings.set(key, value);
  }
}

/** The second-reviewer rule of `doc`: null when never set (then it is on). */
export function readReviewRule(doc: Y.Doc): ReviewRule | null {
  const stored = documentSettings(doc).get(REVIEW_RULE_KEY);
  if (stored === undefined) return null;
  const parsed = reviewRuleSchema.safeParse(stored);
  return parsed.success ? parsed.data : null;
}

/** True when a claim may be published only after a second person checked it (the default). */
export function secondReviewerRequired(doc: Y.Doc): boolean {
  return readReviewRule(doc)?.secondReviewer ?? true;
}

/** Turn the second-reviewer rule on or off, recorded with who and when (the gate lets only owners). */
export function writeReviewRule(doc: Y.Doc, secondReviewer: boolean, by: Actor, at: Date): void {
  documentSettings(doc).set(REVIEW_RULE_KEY, { secondReviewer, by, at: at.toISOString() } satisfies ReviewRule);
}
