/**
 * What a fetched page says, as text a reader reads: HTML through Mozilla's
 * Readability on jsdom (no script runs, nothing the page links to is
 * loaded), PDF through unpdf (PDF.js), plain text as is. Each snapshot is
 * named by the SHA-256 of the bytes received.
 */
import { createHash } from 'node:crypto';
import type { Snapshot } from '../storage/capture-store.ts';

/** A page Factmark cannot read as text (an image, a video, an archive…), with the reason in words. */
export class Unreadable extends Error {}

/** The media type of a Content-Type header, lower case, without its parameters. */
export function mediaType(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

/** Elements whose text is a paragraph of its own. */
const BLOCKS = new Set([
  'P',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'LI',
  'BLOCKQUOTE',
  'PRE',
  'TD',
  'TH',
  'FIGCAPTION',
  'DT',
  'DD',
]);

/** The text of `root`, one paragraph per block, white space collapsed inside each. */
function blockText(root: Element): string {
  const paragraphs: string[] = [];
  const walk = (el: Element) => {
    const isLeafBlock = BLOCKS.has(el.tagName) && !el.querySelector([...BLOCKS].join(','));
    if (isLeafBlock) {
      const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
      if (text) paragraphs.push(text);
      return;
    }
    for (const child of el.children) walk(child);
  };
  walk(root);
  const text = paragraphs.join('\n\n');
  return text || (root.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** The first non-empty `content` of the meta elements `selectors` name. */
function metaContent(document: Document, selectors: string[]): string {
  for (const selector of selectors) {
    const value = document.querySelector(selector)?.getAttribute('content')?.trim();
    if (value) return value;
  }
  return '';
}

/** A stated date as YYYY-MM-DD when it reads as one, else as stated. */
function dayOf(value: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})/.exec(value.trim());
  return match?.[1] ?? value.trim();
}

type Reading = Pick<Snapshot, 'title' | 'byline' | 'published' | 'text'>;

async function readHtml(body: Buffer, url: string, contentType: string): Promise<Reading> {
  // Loaded with the first page read, not with the server (jsdom takes a good part of a second to load).
  const [{ JSDOM }, { Readability }] = await Promise.all([import('jsdom'), import('@mozilla/readability')]);
  // jsdom runs no script unless asked (runScripts is left unset) and loads no resource (no resource loader).
  const dom = new JSDOM(body, {
    url,
    contentType: mediaType(contentType) === 'application/xhtml+xml' ? contentType : 'text/html',
  });
  try {
    const document = dom.window.document;
    const published = metaContent(document, [
      'meta[property="article:published_time"]',
      'meta[name="date"]',
      'meta[name="dc.date"]',
      'meta[itemprop="datePublished"]',
    ]);
    const timeElement = document.querySelector('time[datetime]')?.getAttribute('datetime') ?? '';
    // A page's own headline over its <title>, which usually carries the site's name too.
    const h1 = document.querySelector('h1')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
    const pageTitle = document.title.trim();
    const ownTitle = metaContent(document, ['meta[property="og:title"]']) || (h1 && pageTitle.startsWith(h1) ? h1 : '');
    const fallbackByline = metaContent(document, ['meta[name="author"]', 'meta[property="article:author"]']);
    const article = new Readability(document.cloneNode(true) as Document).parse();
    let text: string;
    if (article?.content) {
      const content = JSDOM.fragment(article.content);
      const holder = dom.window.document.createElement('div');
      holder.append(content);
      text = blockText(holder);
    } else {
      text = document.body ? blockText(document.body) : '';
    }
    return {
      title: ownTitle || (article?.title ?? '').trim() || pageTitle,
      byline: (article?.byline ?? '').trim() || fallbackByline,
      published: dayOf(article?.publishedTime ?? '') || dayOf(published) || dayOf(timeElement),
      text,
    };
  } finally {
    dom.window.close();
  }
}

/** A PDF date ("D:20261130093000Z") as YYYY-MM-DD, or ''. */
function pdfDay(value: unknown): string {
  const match = typeof value === 'string' ? /^D:(\d{4})(\d{2})(\d{2})/.exec(value) : null;
  return match ? `${match[1]}-${match[2]}-${match[3]}` : '';
}

async function readPdf(body: Buffer): Promise<Reading> {
  const { extractText, getDocumentProxy, getMeta } = await import('unpdf');
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    pdf = await getDocumentProxy(new Uint8Array(body));
  } catch (error) {
    throw new Unreadable(`The PDF could not be read (${(error as Error).message})`);
  }
  try {
    const { text } = await extractText(pdf, { mergePages: true });
    const { info } = (await getMeta(pdf)) as { info: Record<string, unknown> };
    return {
      title: typeof info.Title === 'string' ? info.Title.trim() : '',
      byline: typeof info.Author === 'string' ? info.Author.trim() : '',
      published: pdfDay(info.CreationDate),
      text: text.replace(/[ \t]+/g, ' ').trim(),
    };
  } finally {
    await pdf.destroy();
  }
}

/** The charset a Content-Type names, when Node can decode it. */
function charsetOf(contentType: string): string {
  const named = /charset=["']?([\w-]+)/i.exec(contentType)?.[1]?.toLowerCase() ?? 'utf-8';
  try {
    new TextDecoder(named);
    return named;
  } catch {
    return 'utf-8';
  }
}

/**
 * Read a fetched body as a snapshot: its text, title, byline and date where
 * the page states them, and its hash. Throws {@link Unreadable} for a type
 * Factmark cannot read (the reason names the type).
 */
export async function extractSnapshot(body: Buffer, contentType: string, url: string): Promise<Snapshot> {
  const type = mediaType(contentType);
  let reading: Reading;
  if (
    type === 'text/html' ||
    type === 'application/xhtml+xml' ||
    (type === '' && /^\s*</.test(body.subarray(0, 64).toString()))
  ) {
    reading = await readHtml(body, url, contentType);
  } else if (type === 'application/pdf' || (type === '' && body.subarray(0, 5).toString() === '%PDF-')) {
    reading = await readPdf(body);
  } else if (type === 'text/plain') {
    const text = new TextDecoder(charsetOf(contentType)).decode(body).replace(/\r\n?/g, '\n').trim();
    reading = { title: '', byline: '', published: '', text };
  } else {
    throw new Unreadable(
      `The address gives ${type || 'content of no stated type'}, not a web page, PDF or text Factmark can read`,
    );
  }
  return {
    hash: createHash('sha256').update(body).digest('hex'),
    contentType: type || 'application/octet-stream',
    ...reading,
    raw: new Uint8Array(body),
  };
}
