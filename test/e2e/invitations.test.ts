/**
 * Inviting by email: an owner shares the document with an address that has no account, passes on the link the app
 * shows, and the invited person makes their account through it and lands in the document with the role given; the
 * link works once.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { pagesFor, seriousViolations, setUpAdministrator, useBrowserAndServer } from './harness.ts';

const session = useBrowserAndServer();
let owner: Page;
let invited: Page;

beforeAll(async () => {
  [owner, invited] = (await pagesFor(session.browser, 2)) as [Page, Page];
  await setUpAdministrator(owner, session.server, 'Alice');
});

describe('invitations', () => {
  it('takes an invited address through the link to an account and the document, with the role given, once', async () => {
    await owner.goto(session.server.url);
    const row = owner.locator('[data-document]').first();
    await row.getByRole('button', { name: /^Share/ }).click();
    const share = row.getByRole('region', { name: 'Share' });
    await share.getByLabel('Email').fill('nadia@desk.example');
    await share.getByLabel('Role').selectOption('commenter');
    await share.getByRole('button', { name: 'Share' }).click();
    const link = share.getByRole('textbox', { name: 'Invitation link for nadia@desk.example' });
    await link.waitFor();
    const url = await link.inputValue();
    expect(url).toMatch(/\/invite#token=[A-Za-z0-9_-]{40,}$/);
    const pending = share.getByRole('region', { name: 'Pending invitations' });
    await expect.poll(() => pending.textContent()).toContain('nadia@desk.example — Commenter');

    await invited.goto(url);
    await expect.poll(() => invited.locator('main').textContent()).toContain('Alice invites nadia@desk.example');
    expect(await seriousViolations(invited)).toEqual([]);
    await invited.getByLabel('Name').fill('Nadia');
    await invited.getByLabel(/^Password/).fill('correct horse battery');
    await invited.getByRole('button', { name: 'Make my account and join' }).click();
    // In the document, as a commenter.
    await invited.locator('.ProseMirror').waitFor();
    expect(invited.url()).toMatch(/\/d\/[A-Za-z0-9_-]+$/);
    await expect.poll(() => invited.locator('body').textContent()).toContain('Commenter: you can annotate');

    // Used once: the owner's list no longer has it, and the link is refused in words.
    await owner.reload();
    await row.getByRole('button', { name: /^Share/ }).click();
    await expect.poll(() => row.getByRole('combobox', { name: 'Role of Nadia' }).inputValue()).toBe('commenter');
    expect(await row.getByRole('region', { name: 'Pending invitations' }).count()).toBe(0);
    const stranger = (await pagesFor(session.browser, 1))[0] as Page;
    await stranger.goto(url);
    await expect
      .poll(() => stranger.getByRole('alert').textContent())
      .toBe('This invitation was used already: sign in instead');
  });
});
