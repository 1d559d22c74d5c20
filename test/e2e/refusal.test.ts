import { describe, expect, it } from 'vitest';
import {
  annotate,
  articleText,
  card,
  caretBefore,
  expand,
  openSharedDemo,
  share,
  startServer,
  useBrowserAndServer,
} from './harness.ts';

const session = useBrowserAndServer();

describe('a refused change loses nothing', () => {
  it('refuses a source URL the server would refuse in the form, on the field', async () => {
    const alice = await session.browser.newPage();
    alice.setDefaultTimeout(10_000);
    await openSharedDemo(session.server, { page: alice, name: 'Alice' }, []);
    await annotate(alice, 'More than 50,000 soldiers and 140 aircraft', 'Claim');
    const claim = card(alice, 'More than 50,000 soldiers', 'claim');
    await claim.getByRole('button', { name: 'New source…' }).click();
    const form = claim.getByRole('form', { name: 'New source' });
    await form.getByLabel(/^URL/).fill('http://exa mple.com/report');
    await form.getByLabel('Title').fill('Ministry report');
    await form.locator('.field-error', { hasText: 'Only http:// and https:// links are accepted.' }).waitFor();
    expect(await form.getByLabel(/^URL/).getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByRole('button', { name: 'Add and attach' }).isDisabled()).toBe(true);
    // Corrected, it goes through and stays after a reload.
    await form.getByLabel(/^URL/).fill('http://example.com/report');
    await form.getByRole('button', { name: 'Add and attach' }).click();
    await claim.locator('.claim-sources li', { hasText: 'Ministry report' }).waitFor();
    await alice.reload();
    await expand(card(alice, 'More than 50,000 soldiers', 'claim'));
    await card(alice, 'More than 50,000 soldiers', 'claim')
      .locator('.claim-sources li', { hasText: 'Ministry report' })
      .waitFor();
  });

  it('after a refusal the page stops taking edits, lists what it could not keep, and makes the allowed changes again', async () => {
    const server = await startServer();
    try {
      const aliceContext = await session.browser.newContext({ viewport: { width: 1280, height: 800 } });
      const brunoContext = await session.browser.newContext({ viewport: { width: 1280, height: 800 } });
      const alice = await aliceContext.newPage();
      const bruno = await brunoContext.newPage();
      for (const page of [alice, bruno]) page.setDefaultTimeout(10_000);
      const url = await openSharedDemo(server, { page: alice, name: 'Alice' }, [
        { page: bruno, name: 'Bruno', role: 'editor' },
      ]);
      const id = url.slice(url.lastIndexOf('/') + 1);
      await annotate(alice, 'More than 50,000 soldiers and 140 aircraft', 'Claim');
      await card(bruno, 'More than 50,000 soldiers', 'claim').waitFor();

      // Bruno works on the train: a reply (any commenter may reply) and a rationale on Alice's claim (only an
      // editor may write that) — while Alice makes him a commenter.
      await brunoContext.setOffline(true);
      await bruno.locator('.connection', { hasText: 'Offline' }).waitFor({ timeout: 15_000 });
      const claim = card(bruno, 'More than 50,000 soldiers', 'claim');
      await expand(claim);
      await claim.getByLabel('Add a note').fill('Which briefing?');
      await claim.getByRole('button', { name: 'Post' }).click();
      await claim.locator('.messages li', { hasText: 'Which briefing?' }).waitFor();
      await claim.getByLabel('Rationale').fill('The briefing gave 35,000 soldiers.');
      await claim.getByLabel('Rationale').blur();
      // And a sentence typed into the article (an editor's job).
      await caretBefore(bruno, 'The drills involve');
      await bruno.keyboard.type('Typed on the train. ');
      await share(alice, server.url, id, 'Bruno', 'commenter');
      await brunoContext.setOffline(false);

      // The server refuses the rationale: the page loads the server's copy, makes the reply again, and lists
      // the rationale, in words and whole, to copy.
      const notKept = bruno.getByRole('alert', { name: 'Changes not kept' });
      await notKept.waitFor({ timeout: 20_000 });
      // The banner says why, naming the claim by its words.
      expect(await notKept.textContent()).toContain(
        'The server refused a change: Your role can change only your own annotations, not the claim on “More than 50,000 soldiers and 140 aircraft”',
      );
      const kept = notKept.getByRole('textbox', { name: 'Change not kept' });
      // The banner shows at once; the list once the server's copy is here and the changes were made again.
      await expect.poll(() => kept.count(), { timeout: 10_000 }).toBe(2);
      expect(await kept.nth(0).inputValue()).toBe(
        'The rationale of the claim on “More than 50,000 soldiers and 140 aircraft”: The briefing gave 35,000 soldiers.',
      );
      expect(await kept.nth(1).inputValue()).toMatch(
        /^Text you typed in the article: Typed on the train\. The drills involve/,
      );
      await expect.poll(() => bruno.locator('.role-badge').textContent()).toContain('Commenter');
      const brunoClaim = card(bruno, 'More than 50,000 soldiers', 'claim');
      await expand(brunoClaim);
      expect(await brunoClaim.getByLabel('Rationale').isDisabled()).toBe(true);

      // Alice gets the reply once, and no rationale; both survive a reload.
      const aliceClaim = card(alice, 'More than 50,000 soldiers', 'claim');
      await expand(aliceClaim);
      await aliceClaim.locator('.messages li', { hasText: 'Which briefing?' }).waitFor();
      await new Promise((r) => setTimeout(r, 1_000));
      expect(await aliceClaim.locator('.messages li', { hasText: 'Which briefing?' }).count()).toBe(1);
      expect(await aliceClaim.getByLabel('Rationale').inputValue()).toBe('');
      expect(await articleText(alice)).not.toContain('Typed on the train.');
      await alice.reload();
      const reloaded = card(alice, 'More than 50,000 soldiers', 'claim');
      await expand(reloaded);
      await reloaded.locator('.messages li', { hasText: 'Which briefing?' }).waitFor();
      expect(await reloaded.getByLabel('Rationale').inputValue()).toBe('');
    } finally {
      await server.kill('SIGTERM');
    }
  }, 90_000);
});
