/**
 * Webhooks in the app: Alice, the document's owner, registers her CMS's endpoint from the document's Export / import
 * dialog (its secret shown once), a claim is filed, and the endpoint's deliveries say it arrived; when the receiver
 * starts failing, the endpoint is paused and her inbox tells her, with a link to its page, where she resumes it.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebhookReceiver } from '../../apps/server/src/test-support/webhook-receiver.ts';
import { api, onlyDocument, pagesFor, seriousViolations, setUpAdministrator, useBrowserAndServer } from './harness.ts';

const session = useBrowserAndServer({
  SOURCE_FETCH_ALLOW: '127.0.0.1',
  WEBHOOK_RETRY_MS: '200',
  WEBHOOK_ATTEMPTS: '2',
});
const receiver = new WebhookReceiver();
let alice: Page;

beforeAll(async () => {
  await receiver.start();
  [alice] = (await pagesFor(session.browser, 1)) as [Page];
  await setUpAdministrator(alice, session.server, 'Alice');
});
afterAll(() => receiver.stop());

/** File a claim on the words `exact` through the API (as a tipline would). */
async function fileClaim(id: string, exact: string) {
  const data = [
    {
      id: exact,
      tags: ['claim'],
      text: '',
      target: [{ source: 'x', selector: [{ type: 'TextQuoteSelector', exact }] }],
    },
  ];
  const res = await api(alice, session.server.url, 'POST', `/api/documents/${id}/annotations/import`, {
    format: 'hypothesis',
    data,
  });
  expect(res.status).toBe(200);
}

describe('webhooks', () => {
  it('registers an endpoint, shows its deliveries, and tells its owner when it is paused', async () => {
    const id = await onlyDocument(alice, session.server.url);
    await alice.goto(`${session.server.url}/d/${id}`);
    await alice.getByRole('button', { name: 'Export / import' }).click();
    await alice.getByRole('link', { name: 'Webhooks of this document' }).click();
    await alice.getByRole('heading', { name: /^Webhooks of “/ }).waitFor();
    await alice.getByLabel('Address (http or https)').fill(`${receiver.base}/cms`);
    await alice.getByRole('checkbox', { name: /A claim is marked/ }).check();
    await alice.getByRole('button', { name: 'Add the webhook' }).click();
    const secret = await alice.getByRole('textbox', { name: "The new webhook's signing secret" }).inputValue();
    expect(secret).toMatch(/^whsec_/);
    const list = alice.getByRole('list', { name: 'Webhooks' });
    await expect.poll(() => list.textContent()).toContain(`${receiver.base}/cms`);
    expect(await seriousViolations(alice)).toEqual([]);

    await fileClaim(id, 'More than 50,000 soldiers');
    await receiver.until(() => receiver.at('/cms').length === 1);
    await alice.getByRole('button', { name: 'Deliveries' }).click();
    const table = alice.getByRole('table', { name: /Latest deliveries to 127\.0\.0\.1/ });
    await expect.poll(() => table.textContent()).toContain('Delivered');
    expect(await table.textContent()).toContain('A claim is marked');

    // The receiver breaks: two tries, then the pause, told in the inbox, whose link opens the page.
    receiver.answers.set('/cms', 500);
    await fileClaim(id, '140 aircraft');
    await receiver.until(() => receiver.at('/cms').length === 3);
    await alice.getByRole('link', { name: /Notifications/ }).click();
    const notice = alice.getByRole('link', { name: /The webhook to 127\.0\.0\.1:\d+ was paused/ });
    await notice.waitFor({ timeout: 10_000 });
    await notice.click();
    await alice.getByRole('heading', { name: /^Webhooks of “/ }).waitFor();
    await expect.poll(() => list.textContent()).toContain('Paused');
    expect(await list.textContent()).toMatch(/tried 2 times.*answered 500/);
    receiver.answers.set('/cms', 200);
    await alice.getByRole('button', { name: /^Resume the webhook to 127\.0\.0\.1/ }).click();
    await expect.poll(() => list.textContent()).toContain('Active');
  });
});
