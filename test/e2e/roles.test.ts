import { describe, expect, it } from 'vitest';
import {
  expand,
  onlyDocument,
  openDocument,
  openSharedDemo,
  selectText,
  share,
  signIn,
  signUp,
  useBrowserAndServer,
} from './harness.ts';

const session = useBrowserAndServer();

/**
 * Records each change of the editor's `contenteditable` made after the update that drew the article's text (in the
 * order the page made them): drawing the article into a page that does not take edits yet, then making it take them
 * in a later update, styles the whole article a second time. The records of one update come in one batch, in an
 * order of ProseMirror's making (it may write its attributes before or after the text), so the batch that brings
 * the text is the drawing itself; only later batches count, and a write that leaves the value as it was is no change.
 */
const EDITABLE_CHANGES_AFTER_ARRIVAL = `
  window.__editableAfterArrival = [];
  let arrived = false;
  const isText = (n) => n.nodeName === 'P' && n.textContent && n.parentElement?.closest('.ProseMirror');
  new MutationObserver((records) => {
    if (arrived)
      for (const r of records) {
        const now = r.target.getAttribute?.('contenteditable');
        if (r.type === 'attributes' && r.target.classList.contains('ProseMirror') && r.oldValue !== now)
          window.__editableAfterArrival.push(r.oldValue + ' → ' + now);
      }
    arrived ||= records.some((r) => r.type === 'childList' && [...r.addedNodes].some(isText));
  }).observe(document, { childList: true, subtree: true, attributes: true, attributeOldValue: true, attributeFilter: ['contenteditable'] });
`;

describe('roles in the editor', () => {
  it('a commenter can mark claims but not change the text; a viewer can do neither', async () => {
    const owner = await session.browser.newPage();
    const commenter = await session.browser.newPage();
    const viewer = await (await session.browser.newContext()).newPage();
    await openSharedDemo(session.server, { page: owner, name: 'Olga' }, [
      { page: commenter, name: 'Carla', role: 'commenter' },
      { page: viewer, name: 'Vic', role: 'viewer' },
    ]);
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
    expect(await viewer.getByRole('toolbar', { name: 'Annotate the selection' }).count()).toBe(0);

    await new Promise((r) => setTimeout(r, 500));
    const after = await articleText();
    expect(after).toBe(before);
    expect(await owner.locator('.card-claim').count()).toBe(1);

    // The viewer sees the card but cannot change it; the commenter can, but cannot accept corrections.
    const viewerCard = viewer.locator('.card-claim');
    await expand(viewerCard);
    expect(await viewerCard.getByLabel('Statement').isDisabled()).toBe(true);
    expect(await viewerCard.getByRole('radio', { name: 'True', exact: true }).isDisabled()).toBe(true);
    expect(await viewerCard.getByRole('button', { name: 'Post' }).count()).toBe(0);
    expect(await viewerCard.getByRole('button', { name: /Remove/ }).count()).toBe(0);
    const commenterCard = commenter.locator('.card-claim');
    await expand(commenterCard);
    await commenterCard.getByRole('radio', { name: 'Half true' }).check();
    await expect.poll(() => owner.locator('.card-claim .verdict-chip').textContent()).toBe('◑Half true');
  });

  it('shows a changed role at once, as a clear message, and keeps it after a reload', async () => {
    const owner = await session.browser.newPage();
    const editor = await (await session.browser.newContext()).newPage();
    await signUp(editor, session.server.url, 'Eddie');
    await signIn(owner, session.server.url, 'Olga');
    const id = await onlyDocument(owner, session.server.url);
    await share(owner, session.server.url, id, 'Eddie', 'editor');
    await openDocument(editor, `${session.server.url}/d/${id}`);
    // The owner makes Eddie a viewer while his page is open: the server closes his connection and says why,
    // and the page takes the new role at once.
    await share(owner, session.server.url, id, 'Eddie', 'viewer');
    await expect
      .poll(() => editor.getByRole('alert').first().textContent(), { timeout: 10_000 })
      .toContain('Your role changed: you are now a viewer');
    await expect.poll(() => editor.locator('.role-badge').textContent()).toContain('Viewer');
    await expect.poll(() => editor.locator('.ProseMirror').getAttribute('contenteditable')).toBe('false');
    await editor.reload();
    await expect.poll(() => editor.locator('.role-badge').textContent()).toContain('Viewer');
    expect(await editor.locator('.ProseMirror').getAttribute('contenteditable')).toBe('false');
  });

  it("draws the server's copy of the article into a page that takes edits already, for a role that may edit", async () => {
    const page = await (await session.browser.newContext()).newPage();
    await page.addInitScript({ content: EDITABLE_CHANGES_AFTER_ARRIVAL });
    await signIn(page, session.server.url, 'Olga');
    // A new browser: nothing kept locally, the article comes from the server.
    await openDocument(page, `${session.server.url}/d/${await onlyDocument(page, session.server.url)}`);
    expect(await page.locator('.ProseMirror').getAttribute('contenteditable')).toBe('true');
    expect(
      await page.evaluate(() => (window as unknown as { __editableAfterArrival: string[] }).__editableAfterArrival),
    ).toEqual([]);
  });
});
