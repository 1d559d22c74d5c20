/**
 * The app keeps within the Content-Security-Policy its server sends: opening the demo document (its claims, cards,
 * sources and settings validated as they are read), working a card and the margin's tabs, the page asks the browser
 * for nothing the policy refuses — no script evaluated from a string, no style or connection from elsewhere. A
 * refused request is a feature that silently does not work, and a report on every page of every reader.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { card, expand, onlyDocument, openDocument, setUpAdministrator, useBrowserAndServer } from './harness.ts';

const session = useBrowserAndServer({ DEMO_DOCUMENT: 'example' });
let page: Page;

/** Records every violation of the page's policy, from the page's first script on. */
const RECORD_VIOLATIONS = `(() => {
  const seen = (window.__violations = []);
  document.addEventListener('securitypolicyviolation', (e) =>
    seen.push({ directive: e.effectiveDirective, blocked: e.blockedURI, source: e.sourceFile, sample: e.sample }),
  );
})();`;

beforeAll(async () => {
  const context = await session.browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(RECORD_VIOLATIONS);
  page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await setUpAdministrator(page, session.server, 'Alice');
});

describe('the content security policy', () => {
  it('is never violated while a document is opened and worked', async () => {
    const violations = () => page.evaluate(() => (window as unknown as { __violations: unknown[] }).__violations);
    const home = await page.request.get(session.server.url);
    expect(home.headers()['content-security-policy']).toContain("script-src 'self'");
    await openDocument(page, `${session.server.url}/d/${await onlyDocument(page, session.server.url)}`);
    const soldiers = card(page, 'More than 50,000 soldiers and 140 aircraft', 'claim');
    await expand(soldiers);
    await soldiers.locator('.messages li').first().waitFor();
    await page.getByRole('tab', { name: /^Sources/ }).click();
    await page.locator('.source-item').first().waitFor();
    expect(await violations()).toEqual([]);
  });
});
