/**
 * "Checked before": a claim marked in a second document shows the desk's earlier check of a claim like it (the demo
 * document's), with its verdict, date and a link that opens it; a colleague who cannot read the first document sees
 * nothing of it.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  annotate,
  api,
  card,
  expand,
  onlyDocument,
  openDocument,
  pagesFor,
  setUpAdministrator,
  share,
  signUp,
  useBrowserAndServer,
} from './harness.ts';

const session = useBrowserAndServer({ DEMO_DOCUMENT: 'example' });
let alice: Page;
let bruno: Page;
let demo = '';
let second = '';

beforeAll(async () => {
  [alice, bruno] = (await pagesFor(session.browser, 2)) as [Page, Page];
  await setUpAdministrator(alice, session.server, 'Alice');
  await signUp(bruno, session.server.url, 'Bruno');
  demo = await onlyDocument(alice, session.server.url);
  const created = await api(alice, session.server.url, 'POST', '/api/documents', {
    article: {
      type: 'doc',
      content: [
        { type: 'title', content: [{ type: 'text', text: 'Kessel Sea, day two' }] },
        {
          type: 'paragraph',
          content: [
            {
              type: 'text',
              text: 'Officials said more than 50,000 soldiers and 140 aircraft take part in the exercises.',
            },
          ],
        },
      ],
    },
  });
  second = (created.body as { document: { id: string } }).document.id;
  await share(alice, session.server.url, second, 'Bruno', 'editor');
});

describe('checked before', () => {
  it('shows the earlier check with its verdict and date, and its link opens that claim', async () => {
    await openDocument(alice, `${session.server.url}/d/${second}`);
    await annotate(alice, 'more than 50,000 soldiers and 140 aircraft take part in the exercises', 'Claim');
    const claim = card(alice, 'more than 50,000 soldiers', 'claim');
    await expand(claim);
    const earlier = claim.getByRole('region', { name: 'Checked before' });
    await expect
      .poll(() => earlier.textContent(), { timeout: 10_000 })
      .toMatch(/Checked on \d{1,2} [A-Z][a-z]{2}(?: \d{4})? in “Varnia begins its largest naval drills[^”]*”: True/);
    await earlier.getByRole('link').first().click();
    await expect.poll(() => alice.url()).toContain(`/d/${demo}#annotation=`);
    // The demo's claim is selected and its card has the focus.
    await expect
      .poll(() => alice.evaluate(() => document.activeElement?.closest('[data-card]')?.textContent ?? ''))
      .toContain('More than 50,000 soldiers and 140 aircraft');
  });

  it('shows a colleague who cannot read the earlier document nothing of it', async () => {
    await openDocument(bruno, `${session.server.url}/d/${second}`);
    const claim = card(bruno, 'more than 50,000 soldiers', 'claim');
    await claim.waitFor();
    const answered = bruno.waitForResponse((r) => r.url().includes('/checked-before?'));
    await expand(claim);
    // The lookup is made, and answers nothing of the first document.
    const answer = await answered;
    expect(answer.status()).toBe(200);
    expect(await answer.json()).toEqual({ claims: [] });
    expect(await claim.getByRole('region', { name: 'Checked before' }).count()).toBe(0);
    expect(await claim.textContent()).not.toContain('Varnia begins');
  });
});
