/**
 * PDF exports: the demo document's report and corrected article printed by the server's Chromium, read back
 * (pages, text) and their first pages rendered to PNG for the user guide; a server without Chromium says so.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { extractText, getDocumentProxy, renderPageAsImage } from 'unpdf';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient, TestServer } from '../test-support/harness.ts';
import { DEMO_PUBLICATION } from './demo-example.ts';
import { PdfPrinter } from './pdf.ts';

// pdf.js (in unpdf) reads fonts with ArrayBuffer#transferToFixedLength, which Node 20 lacks: a copy does the same here.
const proto = ArrayBuffer.prototype as ArrayBuffer & { transferToFixedLength?: (length?: number) => ArrayBuffer };
proto.transferToFixedLength ??= function (this: ArrayBuffer, length = this.byteLength) {
  const copy = new ArrayBuffer(length);
  new Uint8Array(copy).set(new Uint8Array(this, 0, Math.min(length, this.byteLength)));
  return copy;
};

/** The share of a PNG's pixels that are not white (a page with its text drawn has some). */
async function inked(png: ArrayBuffer): Promise<number> {
  const { createCanvas, loadImage } = await import('@napi-rs/canvas');
  const image = await loadImage(Buffer.from(png));
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  const { data } = context.getImageData(0, 0, image.width, image.height);
  let dark = 0;
  for (let i = 0; i < data.length; i += 4) if ((data[i] ?? 255) < 160) dark++;
  return dark / (data.length / 4);
}

const GUIDE_IMAGES = new URL('../../../../docs/images/', import.meta.url);

let t: TestServer;
afterEach(async () => {
  await t?.dispose();
});

async function demo(env: Record<string, string> = {}) {
  t = await new TestServer().start({ DEMO_DOCUMENT: 'example', ...env });
  const admin = await new ApiClient(t.base).signUp('admin@desk.example', 'Ada', t.setupToken ?? undefined);
  const { documents } = (await admin.request('GET', '/api/documents')).body as { documents: { id: string }[] };
  return { admin, id: documents[0]?.id as string };
}

describe('PDF exports', () => {
  it('prints the report and the corrected article through Chromium, and renders their first pages for the guide', async () => {
    const { admin, id } = await demo();
    mkdirSync(GUIDE_IMAGES, { recursive: true });
    for (const [format, expected] of [
      ['report-pdf', ['Fact-check:', DEMO_PUBLICATION.organizationName, 'Verdict by', 'Mostly false']],
      ['corrected-pdf', ['Corrected version of', 'Corrections', 'Sources']],
    ] as const) {
      const answer = await admin.client.request('GET', `/api/documents/${id}/export?format=${format}`);
      expect(answer.status, format).toBe(200);
      expect(answer.contentType).toBe('application/pdf');
      const bytes = answer.bytes;
      expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
      const pdf = await getDocumentProxy(new Uint8Array(bytes));
      const { totalPages, text } = await extractText(pdf, { mergePages: true });
      expect(totalPages).toBeGreaterThanOrEqual(1);
      for (const words of expected) expect(text, format).toContain(words);
      const png = await renderPageAsImage(new Uint8Array(bytes), 1, {
        canvasImport: () => import('@napi-rs/canvas'),
        scale: 1.5,
      });
      expect(new Uint8Array(png).slice(1, 4)).toEqual(new TextEncoder().encode('PNG'));
      // The text is drawn, not only the rules.
      expect(await inked(png), format).toBeGreaterThan(0.01);
      writeFileSync(new URL(`${format.replace('-pdf', '')}-first-page.png`, GUIDE_IMAGES), new Uint8Array(png));
    }
  }, 60_000);

  it('says in words that a server without Chromium cannot print, and loses nothing else', async () => {
    await expect(new PdfPrinter(null).print('<p>x</p>')).rejects.toThrow(/PDF export needs Chromium/);
    const { admin, id } = await demo({ CHROMIUM_PATH: '/nonexistent/chromium' });
    const refused = await admin.request('GET', `/api/documents/${id}/export?format=report-pdf`);
    expect(refused.status).toBe(503);
    expect(refused.body.error?.message).toMatch(/PDF export could not start Chromium/);
    // The HTML prints the same pages from a browser.
    expect((await admin.text(`/api/documents/${id}/export?format=report-html`)).status).toBe(200);
  }, 30_000);

  it('fetches nothing while printing: links and images in the HTML stay unrequested', async () => {
    const requests: string[] = [];
    const { createServer } = await import('node:http');
    const server = createServer((req, res) => {
      requests.push(req.url ?? '');
      res.end('x');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const printer = new PdfPrinter('/usr/bin/chromium');
    try {
      const html = `<!DOCTYPE html><html lang="en"><head><title>x</title><link rel="stylesheet" href="http://127.0.0.1:${port}/style.css"></head><body><img src="http://127.0.0.1:${port}/pixel.png" alt="x"><p>Printed</p></body></html>`;
      const bytes = await printer.print(html);
      expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
      expect(requests).toEqual([]);
    } finally {
      await printer.close();
      server.close();
    }
  }, 30_000);
});
