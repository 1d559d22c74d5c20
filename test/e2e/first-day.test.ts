import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  annotate,
  card,
  expand,
  onlyDocument,
  openDocument,
  selectText,
  setUpAdministrator,
  share,
  signIn,
  signUp,
  useBrowserAndServer,
} from './harness.ts';

/**
 * What a first day on the workspace showed (issue "The workspace, second
 * pass"): each test is one defect, seen as a person sees it.
 */
const session = useBrowserAndServer();
let alice: Page;
let docUrl = '';

async function pageOf(browser: Browser, width = 1280, height = 800): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width, height } })).newPage();
  page.setDefaultTimeout(10_000);
  return page;
}

beforeAll(async () => {
  alice = await pageOf(session.browser);
  await setUpAdministrator(alice, session.server, 'Alice');
  const id = await onlyDocument(alice, session.server.url);
  docUrl = `${session.server.url}/d/${id}`;
  await openDocument(alice, docUrl);
});

const toolbarOf = (page: Page) => page.getByRole('toolbar', { name: 'Annotate the selection' });

describe('a first day on the workspace', () => {
  it('the selection toolbar goes once the annotation is made, and never covers the selected text', async () => {
    await selectText(alice, 'naval exercises that began on Tuesday');
    const toolbar = toolbarOf(alice);
    await toolbar.waitFor();
    const selected = await alice.evaluate(() => getSelection()?.getRangeAt(0).getBoundingClientRect().toJSON());
    const box = await toolbar.boundingBox();
    expect(box && selected && (box.y + box.height <= selected.top || box.y >= selected.bottom)).toBe(true);
    await toolbar.getByRole('button', { name: /^Claim/ }).click();
    await card(alice, 'naval exercises that began on Tuesday', 'claim').waitFor();
    await expect.poll(() => toolbar.count()).toBe(0);
  });

  it('the Status and Assignee menus are named by their label only; the library attaches only with its button', async () => {
    const claim = card(alice, 'naval exercises that began on Tuesday', 'claim');
    await expand(claim);
    expect(await claim.getByRole('combobox', { name: 'Status', exact: true }).count()).toBe(1);
    expect(await claim.getByRole('combobox', { name: 'Assignee', exact: true }).count()).toBe(1);
  });

  it('search finds a citation by its source’s publisher and domain, and a correction by its category', async () => {
    await annotate(alice, 'the Defense Ministry said on Monday', 'Cite source');
    const dialog = alice.getByRole('dialog', { name: 'Cite a source' });
    await dialog.getByLabel(/^URL/).fill('https://www.reuters.com/world/varnia-drills');
    await dialog.getByLabel('Title').fill('Varnia starts drills');
    await dialog.getByLabel('Publisher').fill('Reuters');
    await dialog.getByRole('button', { name: /^Cite/ }).click();
    await annotate(alice, 'hostile or hostile', 'Suggest correction');
    const suggest = alice.getByRole('dialog', { name: 'Suggest a correction' });
    await suggest.getByLabel('Replace with').fill('hostile');
    await suggest.getByLabel('Kind of problem').selectOption({ label: 'Mistranslation' });
    await suggest.getByRole('button', { name: 'Suggest' }).click();
    const search = alice.getByRole('search', { name: 'Filter annotations' }).getByLabel('Search');
    const shown = () => alice.locator('[data-card] .card-quote').allTextContents();
    for (const query of ['Reuters', 'reuters.com']) {
      await search.fill(query);
      await expect.poll(shown).toEqual(['the Defense Ministry said on Monday']);
    }
    await search.fill('Mistranslation');
    await expect.poll(shown).toEqual(['hostile or hostile']);
    // Clicking a result opens its card and brings its passage into view, wherever the page was.
    const result = card(alice, 'hostile or hostile', 'correction');
    if ((await result.locator('.card-head').getAttribute('aria-expanded')) === 'true')
      await result.locator('.card-head').click();
    // A short window, scrolled to the top: the passage is out of sight.
    await alice.setViewportSize({ width: 1280, height: 400 });
    await alice.evaluate(() => window.scrollTo(0, 0));
    const passageBox = await alice
      .locator('.ProseMirror [data-correction]', { hasText: 'hostile or hostile' })
      .boundingBox();
    expect(passageBox && passageBox.y > 400).toBe(true);
    await result.locator('.card-head').click();
    const passage = alice.locator('.ProseMirror [data-correction]', { hasText: 'hostile or hostile' });
    await expect
      .poll(async () => {
        const box = await passage.boundingBox();
        return box !== null && box.y >= 0 && box.y + box.height <= 400;
      })
      .toBe(true);
    await alice.setViewportSize({ width: 1280, height: 800 });
    await search.fill('');
  });

  it('a source still in use is refused with its title and its users’ words, never an id', async () => {
    await alice.getByRole('tab', { name: /^Sources/ }).click();
    const entry = alice.locator('.source-item', { hasText: 'Varnia starts drills' });
    await entry.getByRole('button', { name: /^Delete/ }).click();
    const notice = alice.locator('.notice');
    await expect
      .poll(() => notice.textContent())
      .toContain(
        'The source “Varnia starts drills” is still used by the citation on “the Defense Ministry said on Monday”',
      );
    expect(await notice.textContent()).not.toMatch(/[a-z0-9]{16}/);
    await alice.getByRole('tab', { name: /^Margin/ }).click();
  });

  it('the tab bar stays one row at 1280 px, and each tab’s count can be read on the selected tab', async () => {
    const tabs = alice.getByRole('tablist');
    const heights = await tabs.getByRole('tab').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().top));
    expect(new Set(heights.map((h) => Math.round(h))).size).toBe(1);
    const selected = tabs.getByRole('tab', { selected: true });
    const colours = await selected.evaluate((tab) => {
      const count = tab.querySelector('.count') as HTMLElement;
      return [getComputedStyle(tab).backgroundColor, getComputedStyle(count).color];
    });
    expect(colours[0]).not.toBe(colours[1]);
  });

  it('a claim’s highlight takes its verdict’s look, and the chips hold no second circle', async () => {
    const claim = card(alice, 'naval exercises that began on Tuesday', 'claim');
    await expand(claim);
    const highlight = alice.locator('.ProseMirror [data-claim]', { hasText: 'naval exercises that began' });
    const before = await highlight.evaluate((el) => getComputedStyle(el).borderBottomStyle);
    await claim.getByRole('radio', { name: 'False', exact: true }).check();
    await expect
      .poll(() => highlight.evaluate((el) => getComputedStyle(el).borderBottomColor))
      .toBe('rgb(217, 48, 37)');
    await claim.getByRole('radio', { name: 'Mostly true', exact: true }).check();
    await expect.poll(() => highlight.evaluate((el) => getComputedStyle(el).borderBottomStyle)).toBe('dashed');
    expect(before).toBe('solid');
    // The radio is there for keyboards and screen readers, but not drawn inside the chip.
    const radio = claim.getByRole('radio', { name: 'None yet' });
    expect(await radio.evaluate((el) => getComputedStyle(el).opacity)).toBe('0');
    await alice.getByRole('tab', { name: /^Summary/ }).click();
    expect(await alice.getByRole('list', { name: 'Claim highlights' }).locator('li').allTextContents()).toEqual([
      '○No verdict yet',
      '✓True',
      '◕Mostly true',
      '◑Half true',
      '◔Mostly false',
      '✗False',
      '?Unverifiable',
    ]);
    // A list item's bullet sits on the first line of its link.
    const item = alice.locator('.summary-panel li:has(> button.link)').first();
    const [li, link] = await item.evaluate((el) => [
      el.getBoundingClientRect().top,
      (el.querySelector('button') as HTMLElement).getBoundingClientRect().top,
    ]);
    expect(Math.abs((li as number) - (link as number))).toBeLessThan(3);
    await alice.getByRole('tab', { name: /^Margin/ }).click();
  });

  it('a citation is linked to the claim it is made in, and can be linked to another: the Summary counts the claim as sourced', async () => {
    const counts = () => alice.locator('.summary-panel p').first().textContent();
    await alice.getByRole('tab', { name: /^Summary/ }).click();
    await expect.poll(counts).toContain('1 without sources');
    await alice.getByRole('tab', { name: /^Margin/ }).click();
    // The Reuters citation sits outside every claim: it is for no claim.
    const citation = card(alice, 'the Defense Ministry said on Monday', 'citation');
    await expand(citation);
    const forClaim = citation.getByRole('combobox', { name: 'For the claim' });
    expect(await forClaim.inputValue()).toBe('');
    await forClaim.selectOption({ label: '“naval exercises that began on Tuesday”' });
    await alice.getByRole('tab', { name: /^Summary/ }).click();
    await expect.poll(counts).toContain('0 without sources');
    await alice.getByRole('tab', { name: /^Margin/ }).click();
    // A citation made inside a claim is that claim's from the start.
    await annotate(alice, 'began on Tuesday', 'Cite source');
    const dialog = alice.getByRole('dialog', { name: 'Cite a source' });
    const chosen = (select: ReturnType<Page['locator']>) =>
      select.evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.text);
    expect(await chosen(dialog.getByRole('combobox', { name: 'For the claim' }))).toBe(
      '“naval exercises that began on Tuesday”',
    );
    await dialog.getByRole('button', { name: /^Cite/ }).click();
    const inner = card(alice, 'began on Tuesday', 'citation');
    await expand(inner);
    expect(await chosen(inner.getByRole('combobox', { name: 'For the claim' }))).toBe(
      '“naval exercises that began on Tuesday”',
    );
  });

  it('edits the rating scale in the app; dropping a label in use is refused with the claim’s words', async () => {
    await alice.getByRole('tab', { name: /^Summary/ }).click();
    await alice.getByRole('button', { name: 'Edit the rating scale…' }).click();
    const editor = alice.getByRole('group', { name: 'Rating scale' });
    await editor.getByRole('button', { name: 'Remove Mostly true' }).click();
    await editor.getByRole('button', { name: 'Save the scale' }).click();
    await expect
      .poll(() => editor.getByRole('alert').textContent())
      .toContain('“Mostly true” on the claim “naval exercises that began on Tuesday”');
    await editor.getByRole('button', { name: 'Cancel' }).click();
    await alice.getByRole('button', { name: 'Edit the rating scale…' }).click();
    await editor.getByLabel('Label 3').fill('Half right');
    await editor.getByRole('button', { name: 'Move Half right up' }).click();
    // A label's own colour: the claim's highlight takes it, its underline keeps the tone's style.
    await editor.getByLabel('Colour of Mostly true').fill('#6a1b9a');
    await editor.getByRole('button', { name: 'Save the scale' }).click();
    await expect.poll(() => editor.count()).toBe(0);
    const highlight = alice.locator('.ProseMirror .fm-claim', { hasText: 'naval exercises that began on Tuesday' });
    await expect
      .poll(() => highlight.first().evaluate((el) => getComputedStyle(el).borderBottomColor))
      .toBe('rgb(106, 27, 154)');
    expect(await highlight.first().evaluate((el) => getComputedStyle(el).borderBottomStyle)).toBe('dashed');
    await alice.getByRole('button', { name: 'Edit the rating scale…' }).click();
    expect(await editor.getByLabel('Colour of Mostly true').inputValue()).toBe('#6a1b9a');
    await editor.getByRole('button', { name: 'Cancel' }).click();
    const legend = alice.getByRole('list', { name: 'Claim highlights' }).locator('li');
    await expect.poll(() => legend.allTextContents()).toContain('◑Half right');
    expect((await legend.allTextContents()).indexOf('◑Half right')).toBe(2);
    await alice.getByRole('tab', { name: /^Margin/ }).click();
  });

  it('one person in two tabs shows once; a commenter typing in the article is told why nothing happens', async () => {
    const second = await alice.context().newPage();
    await openDocument(second, docUrl);
    await expect.poll(() => alice.locator('.presence li').count()).toBe(1);
    await second.close();

    const carla = await pageOf(session.browser);
    await signUp(carla, session.server.url, 'Carla');
    await share(alice, session.server.url, docUrl.split('/d/')[1] as string, 'Carla', 'commenter');
    await openDocument(carla, docUrl);
    await carla.locator('.ProseMirror p').first().click();
    await carla.keyboard.type('xyz');
    await expect
      .poll(() => carla.locator('.notice').textContent())
      .toContain('As a commenter you cannot change the article’s text');
    expect(await carla.locator('.ProseMirror').textContent()).not.toContain('xyz');
  });

  it('at 390×844 nothing scrolls sideways, the drawer fits, and the toolbar is one row clear of the selection', async () => {
    const phone = await (
      await session.browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true })
    ).newPage();
    phone.setDefaultTimeout(10_000);
    await signIn(phone, session.server.url, 'Alice');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true);
    await openDocument(phone, docUrl);
    // A colleague's caret at the end of a long line, with its name label.
    await selectText(alice, 'in breach of a 1994 agreement');
    await phone.locator('.ProseMirror-yjs-cursor').first().waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true);
    await selectText(phone, 'more than 9,000 troops');
    const toolbar = toolbarOf(phone);
    await toolbar.waitFor();
    const box = await toolbar.boundingBox();
    const buttons = await toolbar
      .getByRole('button')
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().top));
    expect(new Set(buttons.map((t) => Math.round(t))).size).toBe(1);
    const selected = await phone.evaluate(() => getSelection()?.getRangeAt(0).getBoundingClientRect().toJSON());
    expect(box && selected && (box.y + box.height <= selected.top || box.y >= selected.bottom)).toBe(true);
    expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
    await phone.getByRole('button', { name: /^Margin/ }).click();
    const drawer = phone.getByRole('complementary', { name: 'Margin' });
    await drawer.waitFor();
    const d = await drawer.boundingBox();
    expect(d && d.x >= 0 && d.x + d.width <= 390 && d.y >= 0).toBe(true);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true);
  });
});
