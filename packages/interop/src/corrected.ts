/** The corrected article, as HTML and Markdown, with each accepted correction credited. */
import type { CaptureRecord, Source } from '@factmark/collab';
import type { Article, CorrectionComment, WithContext } from 'schema-dts';
import type { Check } from './check.ts';
import { articleHtml, articleMarkdown, escapeHtml, escapeMarkdown, type Insertion, markdownLink } from './render.ts';

/** A citation footnote: its number, its source and the excerpt quoted from it. */
interface Footnote {
  number: number;
  source: Source | undefined;
  /** What the server found at the source, when it captured it. */
  capture: CaptureRecord | undefined;
  excerpt: string;
}

/**
 * The footnotes of the corrected article, in the order of the text: each citation's source with its excerpt, and
 * each source attached to a claim, marked where the span ends.
 */
function footnotes(check: Check): { notes: Footnote[]; insertions: Insertion[] } {
  const notes: Footnote[] = [];
  const insertions: Insertion[] = [];
  const note = (sourceId: string, excerpt: string, pos: number | undefined) => {
    const number = notes.length + 1;
    notes.push({ number, source: check.sources.get(sourceId), capture: check.captures.get(sourceId), excerpt });
    if (pos !== undefined)
      insertions.push({
        pos,
        html: `<sup id="ref-${number}"><a href="#fn-${number}">[${number}]</a></sup>`,
        markdown: `[^${number}]`,
      });
  };
  for (const span of check.spans) {
    const end = span.ranges[span.ranges.length - 1]?.to;
    if (span.body.kind === 'citation') note(span.body.sourceId, span.body.excerpt, end);
    else if (span.body.kind === 'claim') for (const sourceId of span.body.sourceIds) note(sourceId, '', end);
  }
  return { notes, insertions };
}

/**
 * The archived copy a link points readers to, with its date: an archive's
 * copy made when the server captured the source (dated by the archive), else
 * the copy the fact-checker gave (dated by the capture, else by the day they
 * accessed the source; never by the source's own publication date, which
 * says nothing of when the copy was made — undated then).
 */
function archivedCopy(source: Source, capture: CaptureRecord | undefined): { url: string; date: string } | null {
  const archived = capture?.archives[0];
  if (archived) return { url: archived.url, date: archived.archivedAt.slice(0, 10) };
  if (!source.archivedUrl) return null;
  return {
    url: source.archivedUrl,
    date: capture?.capture?.fetchedAt.slice(0, 10) || source.accessedDate,
  };
}

/**
 * The source's link: with Robust Links attributes (the original URL, the
 * archived copy's URL and its date) when an archived copy exists, so a
 * reader can still follow it when the original moves or changes.
 */
function robustLink(source: Source, copy: { url: string; date: string } | null): string {
  const robust = copy
    ? ` data-originalurl="${escapeHtml(source.url)}" data-versionurl="${escapeHtml(copy.url)}"${
        copy.date ? ` data-versiondate="${escapeHtml(copy.date)}"` : ''
      }`
    : '';
  return `<a href="${escapeHtml(source.url)}"${robust}>${escapeHtml(source.title)}</a>`;
}

function footnoteText(note: Footnote): { html: string; markdown: string } {
  const source = note.source;
  if (!source)
    return {
      html: 'A source that was deleted from the library.',
      markdown: 'A source that was deleted from the library.',
    };
  const publisher = source.publisher ? `, ${source.publisher}` : '';
  const copy = archivedCopy(source, note.capture);
  const excerpt = note.excerpt ? ` — “${note.excerpt}”` : '';
  // Markdown has no attributes for Robust Links: the archived copy is a link of its own, with its date.
  const archived = copy
    ? ` (${markdownLink(copy.date ? `archived copy, ${copy.date}` : 'archived copy', copy.url)})`
    : '';
  return {
    html: `${robustLink(source, copy)}${escapeHtml(publisher)}${escapeHtml(excerpt)}`,
    markdown: `${markdownLink(source.title, source.url)}${escapeMarkdown(publisher)}${archived}${escapeMarkdown(excerpt)}`,
  };
}

/** The accepted corrections as schema.org CorrectionComments, oldest first. */
export function correctionComments(check: Check): CorrectionComment[] {
  return check.log
    .filter((e) => e.decision === 'accepted')
    .map((e) => ({
      '@type': 'CorrectionComment',
      text: `“${e.original}” was corrected to “${e.proposed}”.`,
      datePublished: e.decidedAt,
    }));
}

/** Options of the corrected article: its canonical URL (for the JSON-LD). */
export interface CorrectedArticleOptions {
  url?: string;
}

/**
 * The corrected article as HTML: the text as it stands (accepted corrections
 * applied; pending ones not), a corrections notice listing each change with
 * its original text (also as schema.org CorrectionComment JSON-LD), and the
 * citations as numbered footnotes with Robust Links attributes.
 */
export function correctedArticleHtml(check: Check, options: CorrectedArticleOptions = {}): string {
  const { notes, insertions } = footnotes(check);
  const corrections = correctionComments(check);
  const jsonLd: WithContext<Article> = {
    '@context': 'https://schema.org',
    '@type': 'Article',
    headline: check.title,
    ...(options.url ? { url: options.url } : {}),
    correction: corrections,
  };
  const notice = corrections.length
    ? `<aside class="corrections" aria-labelledby="corrections-heading">\n<h2 id="corrections-heading">Corrections</h2>\n<ul>\n${check.log
        .filter((e) => e.decision === 'accepted')
        .map(
          (e) =>
            `<li><del>${escapeHtml(e.original)}</del> → <ins>${escapeHtml(e.proposed)}</ins> <time datetime="${escapeHtml(e.decidedAt)}">${escapeHtml(e.decidedAt.slice(0, 10))}</time></li>`,
        )
        .join('\n')}\n</ul>\n</aside>\n`
    : '';
  const list = notes.length
    ? `<section class="footnotes" aria-labelledby="sources-heading">\n<h2 id="sources-heading">Sources</h2>\n<ol>\n${notes
        .map(
          (n) =>
            `<li id="fn-${n.number}">${footnoteText(n).html} <a href="#ref-${n.number}" aria-label="Back to the text">↩</a></li>`,
        )
        .join('\n')}\n</ol>\n</section>\n`
    : '';
  return `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>${escapeHtml(check.title)}</title>\n<script type="application/ld+json">${JSON.stringify(jsonLd).replace(/</g, '\\u003c')}</script>\n</head>\n<body>\n<article>\n${articleHtml(check.article, insertions)}${notice}${list}</article>\n</body>\n</html>\n`;
}

/** The corrected article as Markdown: the same content, footnotes as `[^n]`, the notice as a list. */
export function correctedArticleMarkdown(check: Check): string {
  const { notes, insertions } = footnotes(check);
  const accepted = check.log.filter((e) => e.decision === 'accepted');
  const notice = accepted.length
    ? `\n## Corrections\n\n${accepted
        .map(
          (e) =>
            `- “${escapeMarkdown(e.original)}” was corrected to “${escapeMarkdown(e.proposed)}” (${e.decidedAt.slice(0, 10)}).`,
        )
        .join('\n')}\n`
    : '';
  const list = notes.length ? `\n${notes.map((n) => `[^${n.number}]: ${footnoteText(n).markdown}`).join('\n')}\n` : '';
  return `${articleMarkdown(check.article, insertions)}${notice}${list}`;
}
