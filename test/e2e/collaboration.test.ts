import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  annotate,
  articleText,
  card,
  expand,
  marginText,
  openSharedDemo,
  pagesFor,
  useBrowserAndServer,
} from './harness.ts';

const session = useBrowserAndServer();

/** What a person sees of the check: the article, the margin's cards, and the corrections log. */
async function view(page: Page) {
  await page.getByRole('tab', { name: 'Corrections log' }).click();
  const log = await page.locator('.log-entry').allTextContents();
  await page.getByRole('tab', { name: 'Margin' }).click();
  return { article: await articleText(page), margin: await marginText(page), log };
}

describe('three fact-checkers at once', () => {
  it('a claim with a verdict and a source, an accepted correction, a comment thread with a reply: all end the same', async () => {
    const pages = await pagesFor(session.browser, 3);
    const [alice, bruno, carla] = pages as [Page, Page, Page];
    await openSharedDemo(session.server, { page: alice, name: 'Alice' }, [
      { page: bruno, name: 'Bruno', role: 'editor' },
      { page: carla, name: 'Carla', role: 'commenter' },
    ]);
    for (const page of pages) await expect.poll(() => page.locator('.presence li').count()).toBe(3);

    // Alice: a claim, its verdict and a new source, all from its card.
    await annotate(alice, 'More than 50,000 soldiers and 140 aircraft', 'Claim');
    const aliceClaim = card(alice, 'More than 50,000 soldiers', 'claim');
    await aliceClaim.getByRole('radio', { name: 'Mostly false' }).check();
    await aliceClaim.getByRole('button', { name: 'New source…' }).click();
    const form = aliceClaim.getByRole('form', { name: 'New source' });
    await form.getByLabel(/^URL/).fill('https://mod.example/briefing');
    await form.getByLabel('Title').fill('Ministry briefing');
    await form.getByRole('button', { name: 'Add and attach' }).click();
    // While Alice is in the card's rationale, the others see her name on it.
    await aliceClaim.getByLabel('Rationale').click();
    for (const other of [bruno, carla]) {
      await expect
        .poll(() => card(other, 'More than 50,000 soldiers', 'claim').locator('.editing-now').textContent())
        .toBe('Alice is editing this card');
    }
    await aliceClaim.getByLabel('Rationale').fill('The briefing said 35,000.');
    await aliceClaim.getByLabel('Rationale').blur();

    // Bruno proposes a correction; Carla, a commenter, may not decide it; Alice accepts it.
    await annotate(bruno, 'hostile or hostile', 'Suggest correction');
    const dialog = bruno.getByRole('dialog', { name: 'Suggest a correction' });
    await dialog.getByLabel('Replace with').fill('hostile');
    await dialog.getByRole('button', { name: 'Suggest' }).click();
    const carlaCorrection = card(carla, 'hostile or hostile', 'correction');
    await carlaCorrection.locator('.card-head').click();
    await carlaCorrection.getByText('An editor or the owner decides on corrections.').waitFor();
    expect(await carlaCorrection.getByRole('button', { name: 'Accept' }).count()).toBe(0);
    const aliceCorrection = card(alice, 'hostile or hostile', 'correction');
    await aliceCorrection.locator('.card-head').click();
    await aliceCorrection.getByRole('button', { name: 'Accept' }).click();

    // Carla starts a comment thread; Alice replies.
    await annotate(carla, 'on Monday', 'Comment');
    const comment = carla.getByRole('dialog', { name: 'Comment' });
    await comment.getByLabel('Comment').fill('Monday or Tuesday?');
    await comment.getByRole('button', { name: 'Comment' }).click();
    const aliceComment = card(alice, 'on Monday', 'comment');
    await aliceComment.locator('.card-head').click();
    await aliceComment.getByLabel('Reply').fill('Tuesday, per the transcript.');
    await aliceComment.getByRole('button', { name: 'Reply' }).click();
    const brunoComment = card(bruno, 'on Monday', 'comment');
    await brunoComment.locator('.card-head').click();
    await expect
      .poll(() => brunoComment.locator('.message-text').allTextContents())
      .toEqual(['Monday or Tuesday?', 'Tuesday, per the transcript.']);

    // Everyone ends with the same article, margin and log.
    await expect.poll(() => articleText(bruno)).toContain('repelled hostile information attacks');
    const views = [];
    for (const page of pages) views.push(await view(page));
    expect(views[0]?.margin).toHaveLength(3);
    expect(views[0]?.log).toHaveLength(1);
    expect(views[0]?.log[0]).toMatch(/^Accepted.*hostile or hostile → hostile.*Alice/);
    expect(views[1]).toEqual(views[0]);
    expect(views[2]).toEqual(views[0]);
    // The claim as each of them reads it.
    for (const page of pages) {
      const claim = card(page, 'More than 50,000 soldiers', 'claim');
      await expand(claim);
      expect(await claim.locator('.card-head .verdict-chip').textContent()).toBe('◔Mostly false');
      expect(await claim.getByLabel('Rationale').inputValue()).toBe('The briefing said 35,000.');
      // Only those who may change Alice's claim get the button that detaches its source (docs/roles.md).
      const detach = page === carla ? '' : '×';
      expect(await claim.locator('.claim-sources li').allTextContents()).toEqual([
        `Ministry briefing (mod.example)${detach}`,
      ]);
    }
    // Named cursors of the others.
    await bruno.locator('.ProseMirror p').nth(2).click();
    await alice.locator('.ProseMirror-yjs-cursor', { hasText: 'Bruno' }).waitFor();
  });
});
