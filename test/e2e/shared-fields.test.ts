import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { annotate, card, expand, openSharedDemo, pagesFor, SCREENSHOTS, useBrowserAndServer } from './harness.ts';

const session = useBrowserAndServer();

let desk: Promise<[Page, Page]> | null = null;

/** Two colleagues (an owner and an editor) on the demo document, each on a page of their own (set up once). */
function twoColleagues(): Promise<[Page, Page]> {
  desk ??= setUpDesk();
  return desk;
}

async function setUpDesk(): Promise<[Page, Page]> {
  const pages = await pagesFor(session.browser, 2);
  const [alice, bruno] = pages as [Page, Page];
  await openSharedDemo(session.server, { page: alice, name: 'Alice' }, [
    { page: bruno, name: 'Bruno', role: 'editor' },
  ]);
  return [alice, bruno];
}

describe('fields colleagues type in together', () => {
  it('two people typing in one rationale at once both keep their text, see each other’s caret, undo only their own', async () => {
    const [alice, bruno] = await twoColleagues();
    await annotate(alice, 'More than 50,000 soldiers', 'Claim');
    const aliceRationale = card(alice, 'More than 50,000 soldiers', 'claim').getByLabel('Rationale');
    const brunoClaim = card(bruno, 'More than 50,000 soldiers', 'claim');
    await expand(brunoClaim);
    const brunoRationale = brunoClaim.getByLabel('Rationale');

    // Both type at the same moment, each at the end of the (empty) field, key by key.
    await aliceRationale.click();
    await brunoRationale.click();
    await Promise.all([
      alice.keyboard.type('Ministry said 45,000.', { delay: 25 }),
      bruno.keyboard.type('Satellite count: 38,000.', { delay: 25 }),
    ]);
    for (const field of [aliceRationale, brunoRationale]) {
      await expect.poll(() => field.inputValue()).toContain('Ministry said 45,000.');
      await expect.poll(() => field.inputValue()).toContain('Satellite count: 38,000.');
    }
    expect(await aliceRationale.inputValue()).toBe(await brunoRationale.inputValue());

    // Each sees the other's caret in the field, named.
    await alice.locator('.field-caret-label', { hasText: 'Bruno' }).waitFor();
    await bruno.locator('.field-caret-label', { hasText: 'Alice' }).waitFor();

    // Bruno edits in the middle of the merged text while Alice keeps typing at the end: both edits stay.
    const merged = await brunoRationale.inputValue();
    await brunoRationale.evaluate(
      (el: HTMLTextAreaElement, at: number) => el.setSelectionRange(at, at),
      merged.indexOf('38,000'),
    );
    await alice.keyboard.press('End');
    await Promise.all([bruno.keyboard.type('about ', { delay: 20 }), alice.keyboard.type(' Checked.', { delay: 20 })]);
    for (const field of [aliceRationale, brunoRationale]) {
      await expect.poll(() => field.inputValue()).toContain('about 38,000.');
      await expect.poll(() => field.inputValue()).toContain(' Checked.');
    }

    // The card's History tells who changed what, each person's typing once.
    const aliceClaim = card(alice, 'More than 50,000 soldiers', 'claim');
    await aliceClaim.locator('.card-history summary').click();
    const history = aliceClaim.locator('.card-history li');
    await expect
      .poll(() => history.allTextContents())
      .toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^Alice created the claim ·/),
          expect.stringMatching(/^Bruno changed the rationale \(×\d+\) ·/),
          expect.stringMatching(/^Alice changed the rationale \(×\d+\) ·/),
        ]),
      );
    await aliceClaim.screenshot({ path: join(SCREENSHOTS, 'card-history.png') });
    await aliceRationale.click();
    await alice.keyboard.press('End');

    // Undo in the field takes back Alice's own last typing only, not Bruno's.
    await alice.keyboard.press('Control+z');
    for (const field of [aliceRationale, brunoRationale]) {
      await expect.poll(() => field.inputValue()).not.toContain(' Checked.');
      expect(await field.inputValue()).toContain('about 38,000.');
    }
  });

  it('text over a field’s limit is refused in words and never cut: the colleague keeps the saved text', async () => {
    const [alice, bruno] = await twoColleagues();
    await annotate(alice, '140 aircraft', 'Claim');
    const aliceClaim = card(alice, '140 aircraft', 'claim');
    const rationale = aliceClaim.getByLabel('Rationale');
    await rationale.fill('Confirmed by the briefing.');
    const brunoClaim = card(bruno, '140 aircraft', 'claim');
    await expand(brunoClaim);
    await expect.poll(() => brunoClaim.getByLabel('Rationale').inputValue()).toBe('Confirmed by the briefing.');

    const long = 'x'.repeat(20_512);
    await rationale.fill(long);
    // Nothing is cut from what she pasted; she is told why it is not saved.
    expect(await rationale.inputValue()).toHaveLength(20_512);
    expect(await aliceClaim.getByRole('alert').textContent()).toBe(
      'The rationale is 512 characters over its limit of 20,000, so it is not saved. Shorten it to save it.',
    );
    expect(await aliceClaim.locator('.field-count.over').textContent()).toBe('20,512 / 20,000');
    // Bruno never receives a cut version.
    await bruno.waitForTimeout(500);
    expect(await brunoClaim.getByLabel('Rationale').inputValue()).toBe('Confirmed by the briefing.');
    // Once it fits, it is saved and reaches him.
    await rationale.fill('x'.repeat(200));
    await expect.poll(() => brunoClaim.getByLabel('Rationale').inputValue()).toBe('x'.repeat(200));
    expect(await aliceClaim.getByRole('alert').count()).toBe(0);
  });

  it('the History tab lists the document’s activity in words, follows the desk live, filters by person, and opens a card', async () => {
    const [alice, bruno] = await twoColleagues();
    await alice.getByRole('tab', { name: 'History' }).click();
    const activity = alice.getByRole('region', { name: 'Activity' });
    const lines = activity.locator('.activity-lines li');
    await expect
      .poll(() => lines.allTextContents())
      .toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^Alice created the claim · claim “More than 50,000 soldiers” ·/),
          expect.stringMatching(/^Bruno changed the rationale \(×\d+\) · claim “More than 50,000 soldiers” ·/),
        ]),
      );
    // Bruno gives a verdict: it shows in Alice's open list without her doing anything.
    const brunoClaim = card(bruno, '140 aircraft', 'claim');
    await expand(brunoClaim);
    await brunoClaim.getByRole('radio', { name: 'Mostly false' }).check();
    await expect
      .poll(() => lines.first().textContent(), { timeout: 10_000 })
      .toMatch(/^Bruno set the verdict: none → Mostly false · claim “140 aircraft” ·/);
    await alice.screenshot({ path: join(SCREENSHOTS, 'activity.png') });
    await alice.setViewportSize({ width: 390, height: 844 });
    await alice.getByRole('button', { name: /^Margin/ }).click();
    await alice.getByRole('tab', { name: 'History' }).click();
    await alice.screenshot({ path: join(SCREENSHOTS, 'history-phone.png') });
    await alice.getByRole('button', { name: 'Close margin' }).click();
    await alice.setViewportSize({ width: 1280, height: 800 });
    await alice.getByRole('tab', { name: 'History' }).click();
    await activity.getByLabel('Person').selectOption({ label: 'Bruno' });
    for (const line of await lines.allTextContents()) expect(line).toMatch(/^Bruno /);
    // A line opens its card in the margin.
    await lines.first().getByRole('button', { name: '“140 aircraft”' }).click();
    await expect.poll(() => alice.getByRole('tab', { name: /^Margin/ }).getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => card(alice, '140 aircraft', 'claim').getAttribute('class')).toContain('active');
  });

  it('a message’s author edits it in place; the colleague sees the new text marked “edited”, and has no Edit of his own', async () => {
    const [alice, bruno] = await twoColleagues();
    await alice.getByRole('tab', { name: /^Margin/ }).click();
    await annotate(alice, 'said on Monday', 'Comment');
    const dialog = alice.getByRole('dialog', { name: 'Comment' });
    await dialog.getByLabel('Comment').fill('Monday or Tuesday?');
    await dialog.getByRole('button', { name: 'Comment' }).click();
    const aliceCard = card(alice, 'said on Monday', 'comment');
    await expand(aliceCard);
    await aliceCard.getByRole('button', { name: 'Edit' }).click();
    const field = aliceCard.getByLabel('Your message');
    await field.click();
    await alice.keyboard.press('End');
    await alice.keyboard.type(' The wire says Tuesday.', { delay: 10 });
    await aliceCard.getByRole('button', { name: 'Done' }).click();
    const brunoCard = card(bruno, 'said on Monday', 'comment');
    await expand(brunoCard);
    const message = brunoCard.locator('.messages li').first();
    await expect.poll(() => message.textContent()).toContain('Monday or Tuesday? The wire says Tuesday.');
    expect(await message.textContent()).toContain('(edited)');
    expect(await brunoCard.getByRole('button', { name: 'Edit' }).count()).toBe(0);
  });
});
