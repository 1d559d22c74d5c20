/**
 * Notifications: a colleague assigns Bruno a claim and his unread count goes up within two seconds; he answers in the
 * thread Alice started and her count goes up; the inbox opens the claim and marks it read.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { annotate, card, expand, openSharedDemo, pagesFor, seriousViolations, useBrowserAndServer } from './harness.ts';

const session = useBrowserAndServer();
let alice: Page;
let bruno: Page;

beforeAll(async () => {
  [alice, bruno] = (await pagesFor(session.browser, 2)) as [Page, Page];
  await openSharedDemo(session.server, { page: alice, name: 'Alice' }, [
    { page: bruno, name: 'Bruno', role: 'editor' },
  ]);
});

const count = (page: Page) => page.locator('header .unread-count');

describe('notifications', () => {
  it('counts an assignment and a reply within two seconds, and the inbox opens the claim and marks it read', async () => {
    await annotate(alice, '140 aircraft', 'Claim');
    const claim = card(alice, '140 aircraft', 'claim');
    await expand(claim);
    await claim.getByRole('textbox', { name: 'Add a note' }).fill('Which briefing gives 140?');
    await claim.getByRole('button', { name: 'Post' }).click();
    expect(await count(bruno).count()).toBe(0);
    await claim.getByLabel('Assignee').selectOption({ label: 'Bruno' });
    await expect.poll(() => count(bruno).textContent(), { timeout: 2_000, interval: 100 }).toBe('1');

    // Bruno answers Alice's thread: her count goes up.
    const his = card(bruno, '140 aircraft', 'claim');
    await expand(his);
    await his.getByRole('textbox', { name: 'Reply' }).fill('The ministry’s, of 13 March.');
    await his.getByRole('button', { name: 'Reply' }).click();
    await expect.poll(() => count(alice).textContent(), { timeout: 2_000, interval: 100 }).toBe('1');

    await bruno.getByRole('link', { name: /^Notifications/ }).click();
    const inbox = bruno.getByRole('list', { name: 'Notifications' });
    await expect.poll(() => inbox.textContent()).toContain('Alice assigned you the claim “140 aircraft”');
    expect(await seriousViolations(bruno)).toEqual([]);
    await inbox.getByRole('link', { name: 'Alice assigned you the claim “140 aircraft”' }).click();
    await bruno.locator('.ProseMirror').waitFor();
    await expect.poll(() => count(bruno).count()).toBe(0);
  });
});
