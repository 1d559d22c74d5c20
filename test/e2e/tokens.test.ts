/**
 * Access tokens in the app: Alice makes a read token for her CMS (its secret shown once), the token reads the
 * documents through the API but cannot rename one, and once revoked in the app it is refused.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { pagesFor, seriousViolations, setUpAdministrator, useBrowserAndServer } from './harness.ts';

const session = useBrowserAndServer();
let alice: Page;

beforeAll(async () => {
  [alice] = (await pagesFor(session.browser, 1)) as [Page];
  await setUpAdministrator(alice, session.server, 'Alice');
});

describe('access tokens', () => {
  it('makes a token shown once, which reads but does not write, and revokes it', async () => {
    await alice.getByRole('link', { name: 'Access tokens' }).click();
    await alice.getByRole('heading', { name: 'Access tokens' }).waitFor();
    await alice.getByLabel('What will use it').fill('The CMS');
    await alice.getByRole('radio', { name: /^Read/ }).check();
    await alice.getByRole('button', { name: 'Make the token' }).click();
    const secret = await alice.getByRole('textbox', { name: 'The new token' }).inputValue();
    expect(secret).toMatch(/^fmk_/);
    const list = alice.getByRole('list', { name: 'Your access tokens' });
    await expect.poll(() => list.textContent()).toContain('The CMS');
    expect(await seriousViolations(alice)).toEqual([]);

    const call = (method: string, path: string, data?: unknown) =>
      alice.request.fetch(`${session.server.url}${path}`, {
        method,
        // Not the page's cookies: only the token speaks.
        headers: { authorization: `Bearer ${secret}`, cookie: '', 'content-type': 'application/json' },
        ...(data ? { data: JSON.stringify(data) } : {}),
      });
    const listed = await call('GET', '/api/documents');
    expect(listed.status()).toBe(200);
    const id = ((await listed.json()) as { documents: { id: string }[] }).documents[0]?.id;
    expect((await call('PATCH', `/api/documents/${id}`, { title: 'Renamed by the CMS' })).status()).toBe(403);

    await alice.getByRole('button', { name: 'Revoke The CMS' }).click();
    await expect.poll(() => list.textContent()).not.toContain('The CMS');
    expect((await call('GET', '/api/documents')).status()).toBe(401);
  });
});
