/**
 * The app keeps within the Content-Security-Policy its server sends: making the first account, listing the documents,
 * opening the demo document (its claims, cards, sources and settings validated as they are read), working a card and
 * the margin's tabs, the page asks the browser for nothing the policy refuses — no script evaluated from a string, no
 * style or connection from elsewhere. A refused request is a feature that silently does not work, and a report on
 * every page of every reader.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { card, expand, onlyDocument, openDocument, setUpAdministrator, useBrowserAndServer } from './harness.ts';

const session = useBrowserAndServer({ DEMO_DOCUMENT: 'example' });
let page: Page;

/** Every violation of a page's policy, on every page the context opens, in order. */
const violations: unknown[] = [];

/** Reports each violation to the test, from the page's first script on (a new page's record would start empty). */
const REPORT_VIOLATIONS = `document.addEventListener('securitypolicyviolation', (e) =>
  window.__violation({ page: location.pathname, directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample }),
);`;

beforeAll(async () => {
  const context = await session.browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.exposeFunction('__violation', (v: unknown) => violations.push(v));
  await context.addInitScript(REPORT_VIOLATIONS);
  page = await context.newPage();
  page.setDefaultTimeout(10_000);
});

describe('the content security policy', () => {
  it('is never violated while the first account is made, the documents listed, and a document opened and worked', async () => {
    const home = await page.request.get(session.server.url);
    expect(home.headers()['content-security-policy']).toContain("script-src 'self'");
    await setUpAdministrator(page, session.server, 'Alice');
    await page.goto(session.server.url);
    await page.locator('a[href^="/d/"]').first().waitFor();
    await openDocument(page, `${session.server.url}/d/${await onlyDocument(page, session.server.url)}`);
    const soldiers = card(page, 'More than 50,000 soldiers and 140 aircraft', 'claim');
    await expand(soldiers);
    await soldiers.locator('.messages li').first().waitFor();
    await page.getByRole('tab', { name: /^Sources/ }).click();
    await page.locator('.source-item').first().waitFor();
    expect(violations).toEqual([]);
  });
});
