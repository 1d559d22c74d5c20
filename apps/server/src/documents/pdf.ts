/**
 * PDFs of the report and the corrected article, printed by headless Chromium from the same HTML the HTML exports
 * are (their print stylesheet decides the pages). The page runs no script and reaches no network: everything it
 * shows is in the HTML. One browser is started on first use and kept; a server without Chromium says so in words.
 */
import { existsSync } from 'node:fs';
import { FactmarkError } from '@factmark/editor';
import type { Browser } from 'playwright-core';

/** Where Debian installs Chromium, tried when CHROMIUM_PATH is not set. */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** The Chromium program to print with: CHROMIUM_PATH, else Debian's when installed, else null. */
export function findChromium(configured: string | undefined): string | null {
  if (configured) return configured;
  return existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : null;
}

/** Prints HTML to PDF with one Chromium kept for the server's life. */
export class PdfPrinter {
  private browser: Promise<Browser> | null = null;

  /** @param executable the Chromium program, or null when the server has none */
  constructor(private readonly executable: string | null) {}

  /** True when this server can print PDFs. */
  get available(): boolean {
    return this.executable !== null;
  }

  private launch(): Promise<Browser> {
    if (!this.executable)
      throw new FactmarkError(
        'unavailable',
        'PDF export needs Chromium, which this server does not have: install it (apt-get install chromium) or set CHROMIUM_PATH to its program. The HTML export prints the same pages from a browser.',
      );
    const executablePath = this.executable;
    // Playwright is loaded with the first PDF, not with the server: it takes a good part of a second to load.
    this.browser ??= import('playwright-core')
      .then(({ chromium }) =>
        chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu'] }),
      )
      .catch((error: unknown) => {
        this.browser = null;
        throw new FactmarkError(
          'unavailable',
          `PDF export could not start Chromium (${this.executable}): ${(error as Error).message.split('\n')[0]}`,
        );
      });
    return this.browser;
  }

  /** `html` as an A4 PDF, backgrounds printed (the verdict colours), nothing fetched. */
  async print(html: string): Promise<Uint8Array> {
    const browser = await this.launch();
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    try {
      const page = await context.newPage();
      // Nothing leaves the machine: a link or image in the HTML is not fetched.
      await page.route('**/*', (route) => route.abort());
      await page.setContent(html, { waitUntil: 'load' });
      await page.emulateMedia({ media: 'print' });
      return new Uint8Array(await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true }));
    } finally {
      await context.close();
    }
  }

  /** Close the browser (the server's shutdown). */
  async close(): Promise<void> {
    const browser = this.browser;
    this.browser = null;
    if (browser) await (await browser.catch(() => null))?.close();
  }
}
