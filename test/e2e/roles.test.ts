import { describe, expect, it } from 'vitest';
import {
  onlyDocument,
  openDocument,
  selectText,
  setUpAdministrator,
  share,
  signUp,
  useBrowserAndServer,
} from './harness.ts';

const session = useBrowserAndServer();

describe('roles in the editor', () => {
  it('a commenter can mark claims but not change the text; a viewer can do neither', async () => {
    const owner = await session.browser.newPage();
    const commenter = await session.browser.newPage();
    const viewer = await (await session.browser.newContext()).newPage();
    await setUpAdministrator(owner, session.server, 'Olga');
    await signUp(commenter, session.server.url, 'Carla');
    await signUp(viewer, session.server.url, 'Vic');
    const id = await onlyDocument(owner, session.server.url);
    await share(owner, session.server.url, id, 'Carla', 'commenter');
    await share(owner, session.server.url, id, 'Vic', 'viewer');
    for (const page of [owner, commenter, viewer]) await openDocument(page, `${session.server.url}/d/${id}`);
    // The article's text, without the remote cursors' name labels.
    const articleText = () =>
      owner.locator('.ProseMirror').evaluate((el) => {
        const copy = el.cloneNode(true) as HTMLElement;
        for (const c of copy.querySelectorAll('.ProseMirror-yjs-cursor')) c.remove();
        return copy.textContent;
      });
    const before = await articleText();

    await expect.poll(() => commenter.locator('.role-badge').textContent()).toContain('Commenter');
    await selectText(commenter, 'the Defense Ministry said on Monday');
    await commenter.getByRole('button', { name: /^Claim/ }).click();
    await owner
      .locator('span[data-claim]', { hasText: 'the Defense Ministry said on Monday' })
      .waitFor({ timeout: 3_000 });

    // Typing as a commenter changes nothing, locally or for others.
    await commenter.locator('.ProseMirror p').first().click();
    await commenter.keyboard.type('INSERTED');
    await commenter.keyboard.press('Backspace');
    expect(await commenter.locator('.ProseMirror').textContent()).not.toContain('INSERTED');

    // A viewer cannot edit at all and gets no annotation tools.
    await expect.poll(() => viewer.locator('.role-badge').textContent()).toContain('Viewer');
    expect(await viewer.locator('.ProseMirror').getAttribute('contenteditable')).toBe('false');
    await selectText(viewer, 'More than 50,000 soldiers');
    expect(await viewer.getByRole('button', { name: /^Claim/ }).count()).toBe(0);

    await new Promise((r) => setTimeout(r, 500));
    const after = await articleText();
    expect(after).toBe(before);
    expect(await owner.locator('.card-claim').count()).toBe(1);
  });
});
