/**
 * A local web site for capture tests, on 127.0.0.1 only: news-like pages, a
 * PDF, a redirect chain, a page that changes, a page that moves, 404 and
 * 410, a slow response, an oversized one and an image. It counts every
 * request by path.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PDFDocument, StandardFonts } from 'pdf-lib';

/** The drills story, as a wire service's machine translation would put it (written for these tests). */
export const DRILLS_PARAGRAPHS = [
  'More than 50,000 soldiers and 140 aircraft will take part in the exercises, the Defense Ministry said on Monday.',
  'The drills will last ten days and include malicious or malicious cyber operations against mock targets, according to the ministry.',
  'Observers from four neighbouring countries were invited, a spokesman told reporters in the capital.',
];

/** The same story after an editor's update: one number and one word changed. */
export const DRILLS_UPDATED = [
  'More than 45,000 soldiers and 140 aircraft will take part in the exercises, the Defense Ministry said on Tuesday.',
  DRILLS_PARAGRAPHS[1] as string,
  DRILLS_PARAGRAPHS[2] as string,
];

function newsPage(title: string, paragraphs: readonly string[]): string {
  const body = paragraphs.map((p) => `<p>${p}</p>`).join('\n      ');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>${title} | Wire Desk</title>
    <meta name="author" content="Staff Correspondent">
    <meta property="article:published_time" content="2026-11-30T08:15:00Z">
    <script>document.title = 'script ran'; fetch('/beacon');</script>
  </head>
  <body>
    <nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
    <aside class="advert">Subscribe now for unlimited access to breaking news and analysis.</aside>
    <article>
      <h1>${title}</h1>
      <p class="byline">By Staff Correspondent</p>
      ${body}
    </article>
    <footer>© Wire Desk. All rights reserved. Terms. Privacy. Contact.</footer>
  </body>
</html>`;
}

/** A one-page PDF stating `lines`, titled `title`. */
export async function pdfOf(title: string, lines: readonly string[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(title);
  pdf.setAuthor('Ministry Press Office');
  pdf.setCreationDate(new Date('2026-11-29T10:00:00Z'));
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const page = pdf.addPage();
  lines.forEach((line, i) => {
    page.drawText(line, { x: 40, y: 760 - i * 18, size: 10, font });
  });
  return pdf.save();
}

/** The fixture site: its base URL, request counts, and the switch of the changing page. */
export interface SourceSite {
  base: string;
  /** Requests received, by path. */
  hits: Map<string, number>;
  /** Serve the updated story at /changing (and /moving-target) from now on. */
  update(): void;
  /** Make /moving redirect to /moved-here from now on. */
  move(): void;
  /** Make /changing answer 410 from now on. */
  remove(): void;
  /** Hold /held until `release()` is called. */
  release(): void;
  close(): Promise<void>;
}

/** Start the fixture site on 127.0.0.1 (a free port). */
export async function startSourceSite(options: { slowMs?: number } = {}): Promise<SourceSite> {
  const pdf = await pdfOf('Exercise briefing', [
    'Ministry of Defense - Press briefing',
    'More than 50,000 soldiers and 140 aircraft will take part in the exercises.',
    'The exercises begin on Monday and last ten days.',
  ]);
  const hits = new Map<string, number>();
  let updated = false;
  let moved = false;
  let removed = false;
  const held: (() => void)[] = [];
  let releasedAll = false;
  const drills = () => newsPage('Army announces large-scale drills', updated ? DRILLS_UPDATED : DRILLS_PARAGRAPHS);
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const html = (status: number, text: string) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
      res.end(text);
    };
    const redirect = (to: string, status = 302) => {
      res.writeHead(status, { location: to });
      res.end();
    };
    switch (path) {
      case '/news/drills':
        return html(200, newsPage('Army announces large-scale drills', DRILLS_PARAGRAPHS));
      case '/changing':
        return removed ? html(410, '<h1>Gone</h1>') : html(200, drills());
      case '/moving':
        return moved ? redirect('/moved-here', 301) : html(200, drills());
      case '/moved-here':
        return html(200, drills());
      case '/docs/briefing.pdf':
        res.writeHead(200, { 'content-type': 'application/pdf' });
        return res.end(pdf);
      case '/notes.txt':
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        return res.end(`${DRILLS_PARAGRAPHS.join('\n\n')}\n`);
      case '/r/1':
        return redirect('/r/2');
      case '/r/2':
        return redirect('/r/3');
      case '/r/3':
        return redirect('/news/drills');
      case '/loop':
        return redirect('/loop');
      case '/missing':
        return html(404, '<h1>Not found</h1>');
      case '/slow':
        setTimeout(() => html(200, drills()), options.slowMs ?? 5000).unref();
        return;
      case '/held':
        if (releasedAll) return html(200, drills());
        held.push(() => html(200, drills()));
        return;
      case '/huge':
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write('<html><body>');
        for (let i = 0; i < 2000; i++) res.write(`<p>${'padding '.repeat(128)}</p>`);
        return res.end('</body></html>');
      case '/image.png':
        res.writeHead(200, { 'content-type': 'image/png' });
        return res.end(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      default:
        return html(404, '<h1>Not found</h1>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    hits,
    update: () => {
      updated = true;
    },
    move: () => {
      moved = true;
    },
    remove: () => {
      removed = true;
    },
    release: () => {
      releasedAll = true;
      for (const answer of held.splice(0)) answer();
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
