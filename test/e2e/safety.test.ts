import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  annotate,
  card,
  expand,
  openDocument,
  paste,
  setUpAdministrator,
  share,
  signUp,
  useBrowserAndServer,
} from './harness.ts';

const session = useBrowserAndServer();

/** Each payload sets `window.__pwned` (or opens a dialog) if it ever runs. */
const SCRIPT = '<script>window.__pwned = "script"</script>';
const IMG = '<img src=x onerror="window.__pwned = \'onerror\'">';
const SVG = '<svg onload="window.__pwned = \'svg\'"></svg>';
const JS_URL = 'javascript:window.__pwned="url"';
const HANDLER = '" onmouseover="window.__pwned=\'attr\'" x="';
const PAYLOAD = `${SCRIPT}${IMG}${SVG}${HANDLER}<a href='${JS_URL}'>link</a>`;

/** Nothing ran, no dialog opened, and no element carries a script, a handler or a javascript: URL. */
async function assertInert(page: Page, dialogs: string[]): Promise<void> {
  expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned ?? null)).toBeNull();
  expect(dialogs).toEqual([]);
  const found = await page.evaluate(() => {
    const bad: string[] = [];
    for (const el of document.querySelectorAll('*')) {
      for (const attr of el.attributes) {
        if (/^on/i.test(attr.name)) bad.push(`${el.tagName} ${attr.name}`);
        if (/^\s*javascript:/i.test(attr.value)) bad.push(`${el.tagName} ${attr.name}=${attr.value}`);
      }
      if (el.tagName === 'SCRIPT' && !(el as HTMLScriptElement).src) bad.push('inline script');
      // ProseMirror's own separator image (no source) is the only image the app draws.
      if ((el.tagName === 'IMG' && el.hasAttribute('src')) || el.tagName === 'IFRAME') bad.push(el.outerHTML);
    }
    return bad;
  });
  expect(found).toEqual([]);
}

function watchDialogs(page: Page): string[] {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return dialogs;
}

describe('hostile input in every text field', () => {
  it('never executes and never becomes a link, for the author or a colleague', async () => {
    const alice = await (await session.browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    const bruno = await (await session.browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    const dialogs = [...watchDialogs(alice)];
    const brunoDialogs = watchDialogs(bruno);
    for (const page of [alice, bruno]) page.setDefaultTimeout(10_000);
    await setUpAdministrator(alice, session.server, 'Alice');
    await signUp(bruno, session.server.url, 'Bruno');

    // A new document from pasted HTML with a hostile title.
    await alice.getByLabel(/^Title/).fill(PAYLOAD);
    await paste(alice, `<h1>Heading</h1><p onclick="window.__pwned='p'">Body ${PAYLOAD} text</p>`, 'Heading Body text');
    await alice.getByRole('button', { name: 'Create document' }).click();
    await alice.locator('.connection', { hasText: 'Online' }).waitFor({ timeout: 15_000 });
    await assertInert(alice, dialogs);
    // The title is shown as text, in the editor and in the list.
    expect(await alice.locator('.ProseMirror h1').textContent()).toContain('<script>');
    const id = /\/d\/([\w-]+)/.exec(alice.url())?.[1] as string;
    await share(alice, session.server.url, id, 'Bruno', 'editor');

    // Rename to a hostile title.
    await alice.goto(session.server.url);
    const row = alice.locator(`[data-document="${id}"]`);
    await row.getByRole('button', { name: /^Rename/ }).click();
    await row.getByLabel('New title').fill(`${IMG} renamed`);
    await row.getByRole('button', { name: 'Save title' }).click();
    await expect.poll(() => row.locator('a').first().textContent()).toBe(`${IMG} renamed`);
    await assertInert(alice, dialogs);

    await openDocument(alice, `${session.server.url}/d/${id}`);
    // A claim with hostile statement, rationale and thread message.
    await annotate(alice, 'Body', 'Claim');
    const claim = card(alice, 'Body', 'claim');
    await claim.getByLabel('Statement').fill(PAYLOAD);
    await claim.getByLabel('Rationale').fill(PAYLOAD);
    await claim.getByLabel('Rationale').blur();
    await claim.getByLabel('Add a note').fill(PAYLOAD);
    await claim.getByRole('button', { name: 'Post' }).click();
    // A source with a javascript: URL is refused; a hostile title and excerpt are kept as text.
    await claim.getByRole('button', { name: 'New source…' }).click();
    const form = claim.getByRole('form', { name: 'New source' });
    await form.getByLabel(/^URL/).fill(JS_URL);
    await form.getByLabel('Title').fill(PAYLOAD);
    await form.getByLabel('Archived copy URL').fill('javascript:alert(1)');
    // Refused on the fields, with the server's own schema: the form cannot be sent.
    expect(await form.getByRole('button', { name: 'Add and attach' }).isDisabled()).toBe(true);
    await expect.poll(() => form.locator('.field-error').first().textContent()).toContain('http');
    await form.getByLabel(/^URL/).fill('https://safe.example/a');
    await form.getByLabel('Archived copy URL').fill('');
    await form.getByRole('button', { name: 'Add and attach' }).click();
    await claim.locator('.claim-sources li').first().waitFor();

    await annotate(alice, 'text', 'Cite source');
    const cite = alice.getByRole('dialog', { name: 'Cite a source' });
    await cite.getByLabel('Quoted excerpt from the source').fill(PAYLOAD);
    await cite.getByRole('button', { name: 'Cite' }).click();
    await card(alice, 'text', 'citation').waitFor();

    await annotate(alice, 'Heading', 'Comment');
    const comment = alice.getByRole('dialog', { name: 'Comment' });
    await comment.getByLabel('Comment').fill(PAYLOAD);
    await comment.getByRole('button', { name: 'Comment' }).click();
    await card(alice, 'Heading', 'comment').waitFor();

    await annotate(alice, 'Heading', 'Suggest correction');
    const correction = alice.getByRole('dialog', { name: 'Suggest a correction' });
    await correction.getByLabel('Replace with').fill(PAYLOAD);
    await correction.getByLabel('Why').fill(PAYLOAD);
    await correction.getByRole('button', { name: 'Suggest' }).click();
    await alice.locator('ins.fm-suggestion-proposed').waitFor();
    expect(await alice.locator('ins.fm-suggestion-proposed').textContent()).toBe(PAYLOAD);
    await assertInert(alice, dialogs);

    // A colleague sees all of it, as text, and every panel renders it inertly.
    await openDocument(bruno, `${session.server.url}/d/${id}`);
    for (const kind of ['citation', 'comment', 'correction', 'claim'] as const) {
      const c = bruno.locator(`.card-${kind}`).first();
      await c.waitFor();
      await expand(c);
      await c.hover();
    }
    expect(await bruno.locator('.card-claim .message-text').first().textContent()).toBe(PAYLOAD);
    for (const tab of ['Sources', 'Corrections log', 'Summary', 'History', 'Margin']) {
      await bruno.getByRole('tab', { name: new RegExp(`^${tab}`) }).click();
    }
    await assertInert(bruno, brunoDialogs);
    // The only links in the margin are the http(s) source links.
    const hrefs = await bruno.locator('.margin a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    for (const href of hrefs) expect(href).toMatch(/^https?:\/\//);
  });
});
