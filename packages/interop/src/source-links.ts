/** How the exports link a source: its archived copy with the copy's own date, and Robust Links attributes. */
import type { CaptureRecord, Source } from '@factmark/collab';
import { escapeHtml } from './render.ts';

/**
 * The archived copy a link points readers to, with its date: an archive's
 * copy made when the server captured the source (dated by the archive), else
 * the copy the fact-checker gave (dated by the capture, else by the day they
 * accessed the source; never by the source's own publication date, which
 * says nothing of when the copy was made — undated then).
 */
export function archivedCopy(source: Source, capture: CaptureRecord | undefined): { url: string; date: string } | null {
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
export function robustLink(source: Source, copy: { url: string; date: string } | null): string {
  const robust = copy
    ? ` data-originalurl="${escapeHtml(source.url)}" data-versionurl="${escapeHtml(copy.url)}"${
        copy.date ? ` data-versiondate="${escapeHtml(copy.date)}"` : ''
      }`
    : '';
  return `<a href="${escapeHtml(source.url)}"${robust}>${escapeHtml(source.title)}</a>`;
}
