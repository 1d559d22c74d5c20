/**
 * A colleague types for a while: y-prosemirror replaces this page's whole document on every remote change, and
 * decorations that are mapped instead of derived from marks and bodies get lost. After 200 keys from a colleague
 * at about ten a second, in several paragraphs, this page still shows every highlight in its verdict's look, the
 * suggested correction, the active card's outline and every card.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  annotate,
  card,
  caretAfter,
  expand,
  marginText,
  openSharedDemo,
  pagesFor,
  useBrowserAndServer,
} from './harness.ts';

const session = useBrowserAndServer();

/** What the page shows of the check: highlights and their look, suggestions, the active outline, the cards. */
async function shown(page: Page) {
  const article = await page.evaluate(() => {
    const claims = [...document.querySelectorAll<HTMLElement>('.ProseMirror .fm-claim[data-claim]')];
    const look = (el: HTMLElement) => {
      const style = getComputedStyle(el);
      return `${style.backgroundColor} ${style.borderBottomStyle} ${style.borderBottomColor}`;
    };
    return {
      // Per claim and look (a colleague's caret may split a highlight into two elements).
      claims: [...new Set(claims.map((el) => `${el.dataset.claim} ${look(el)}`))].sort(),
      original: document.querySelectorAll('.ProseMirror .fm-suggestion-original').length,
      proposed: [...document.querySelectorAll('.ProseMirror .fm-suggestion-proposed')].map((el) => el.textContent),
      // The outlined text (the claim finder's underlines or a caret may split it into more elements).
      active: [...document.querySelectorAll('.ProseMirror .fm-active')].map((el) => el.textContent).join(''),
    };
  });
  return { ...article, margin: await marginText(page) };
}

describe('a colleague typing for a while', () => {
  it('200 keys at ten a second from a colleague: no highlight, look, suggestion, outline or card lost here', async () => {
    const pages = await pagesFor(session.browser, 2, { height: 900, timeout: 15_000 });
    const [alice, bruno] = pages as [Page, Page];
    await openSharedDemo(session.server, { page: alice, name: 'Alice' }, [
      { page: bruno, name: 'Bruno', role: 'editor' },
    ]);

    // Alice: two claims, one with a verdict (its own look), a suggested correction, and a comment; the first
    // claim's card open (its span outlined).
    await annotate(alice, 'More than 50,000 soldiers and 140 aircraft', 'Claim');
    await card(alice, 'More than 50,000 soldiers', 'claim').getByRole('radio', { name: 'Mostly false' }).check();
    await annotate(alice, 'The drills involve 38 warships', 'Claim');
    await annotate(alice, 'hostile or hostile', 'Suggest correction');
    const dialog = alice.getByRole('dialog', { name: 'Suggest a correction' });
    await dialog.getByLabel('Replace with').fill('hostile');
    await dialog.getByRole('button', { name: 'Suggest' }).click();
    await annotate(alice, 'the Defense Ministry said', 'Comment');
    await alice.getByRole('dialog', { name: 'Comment' }).getByLabel('Comment').fill('Which ministry?');
    await alice.getByRole('dialog', { name: 'Comment' }).getByRole('button', { name: 'Comment' }).click();
    await expect.poll(() => marginText(alice).then((m) => m.length)).toBe(4);
    await expand(card(alice, 'More than 50,000 soldiers', 'claim'));
    await expect.poll(() => marginText(bruno).then((m) => m.length)).toBe(4);
    const before = await shown(alice);
    expect(before.active).toBe('More than 50,000 soldiers and 140 aircraft');
    expect(before.original).toBeGreaterThan(0);
    expect(before.proposed).toEqual(['hostile']);

    // Bruno types 200 keys, about ten a second, in three places: inside a claim, beside the suggestion, and in a
    // paragraph of its own.
    for (const [where, keys] of [
      ['140 aircraft', 70],
      ['information attacks', 70],
      ['38 warships', 60],
    ] as const) {
      // The caret after the words, once Bruno's editor has it (a key typed before would replace the selection).
      await caretAfter(bruno, where);
      for (let k = 0; k < keys; k++) await bruno.keyboard.type(k % 6 === 5 ? ' ' : 'z', { delay: 100 });
    }
    const zs = await bruno.locator('.ProseMirror').evaluate((el) => (el.textContent?.match(/z/g) ?? []).length);
    expect(zs).toBeGreaterThan(150);
    await expect
      .poll(() => alice.locator('.ProseMirror').evaluate((el) => (el.textContent?.match(/z/g) ?? []).length))
      .toBe(zs);

    // Alice's page lost nothing: the same highlights in the same looks, the suggestion, the outline, the cards.
    expect(await shown(alice)).toEqual(before);
  });
});
