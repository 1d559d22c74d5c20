/**
 * The desk, three people: Alice mentions Bruno in a claim's thread (picked from the suggestions with the keyboard)
 * and assigns him the claim; his unread count goes up within two seconds, his My work lists the claim, and the email
 * that reaches the test's SMTP server opens the claim's card; he answers and Alice is told. Alice then mentions an
 * address with no account: the app offers to share the document, the invitation is emailed, and Carla signs up
 * through its link and lands in the document as a commenter. Bruno renames himself; the mention reads his new name.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SmtpSink, startSmtpSink } from '../../apps/server/src/test-support/smtp-sink.ts';
import {
  annotate,
  card,
  expand,
  launchBrowser,
  openSharedDemo,
  pagesFor,
  type ServerProcess,
  seriousViolations,
  startServer,
} from './harness.ts';

let sink: SmtpSink;
let browser: Browser;
let server: ServerProcess;
let alice: Page;
let bruno: Page;
let carla: Page;
let documentUrl: string;

beforeAll(async () => {
  sink = await startSmtpSink();
  browser = await launchBrowser();
  server = await startServer({ env: { SMTP_URL: sink.url, MAIL_QUIET_SECONDS: '1' } });
  [alice, bruno, carla] = (await pagesFor(browser, 3)) as [Page, Page, Page];
  documentUrl = await openSharedDemo(server, { page: alice, name: 'Alice' }, [
    { page: bruno, name: 'Bruno', role: 'editor' },
  ]);
});

afterAll(async () => {
  await browser?.close();
  await server?.kill('SIGTERM');
  await sink?.close();
});

const count = (page: Page) => page.locator('header .unread-count');
/** The text of the first email to `address` that contains `words`. */
const emailTo = async (address: string, words: string) =>
  (await sink.waitFor((r) => r.to.includes(address) && (r.mail.text ?? '').includes(words), 15_000)).mail.text ?? '';

describe('the desk', () => {
  it('mentions and assigns a colleague, who is told in the app and by email, and invites a newcomer by mention', async () => {
    await annotate(alice, '140 aircraft', 'Claim');
    const claim = card(alice, '140 aircraft', 'claim');
    await expand(claim);
    const note = claim.getByRole('textbox', { name: 'Add a note' });
    await note.pressSequentially('@Br');
    const list = claim.getByRole('listbox', { name: 'People to mention' });
    await expect.poll(() => list.getByRole('option').allTextContents()).toEqual(['Bruno bruno@desk.example']);
    expect(await seriousViolations(alice)).toEqual([]);
    // Escape closes the suggestions (and not the card); typing on after a new "@" opens them again.
    await note.press('Escape');
    expect(await list.count()).toBe(0);
    await note.press('Backspace');
    await note.press('Backspace');
    await note.press('Backspace');
    await note.pressSequentially('@bru');
    await expect.poll(() => note.getAttribute('aria-activedescendant')).toBeTruthy();
    await note.press('Enter');
    await expect.poll(() => note.inputValue()).toBe('@Bruno ');
    await note.pressSequentially('which briefing gives 140?');
    await claim.getByRole('button', { name: 'Post' }).click();
    const posted = claim.locator('.message-text').first();
    await expect.poll(() => posted.textContent()).toBe('@Bruno which briefing gives 140?');
    expect(await posted.locator('.mention').count()).toBe(1);
    await claim.getByLabel('Assignee').selectOption({ label: 'Bruno' });

    // Bruno: the count within two seconds, My work, and the email's link to the card.
    await expect.poll(() => count(bruno).textContent(), { timeout: 2_000, interval: 100 }).toBe('2');
    await bruno.getByRole('link', { name: 'My work' }).click();
    const work = bruno.getByRole('list', { name: 'Waiting for me' });
    await expect.poll(() => work.textContent()).toContain('140 aircraft');
    await expect.poll(() => work.textContent()).toContain('Alice mentioned you');
    const mail = await emailTo('bruno@desk.example', 'Alice mentioned you');
    const link = /(http\S+#annotation=\S+)/.exec(mail)?.[1] ?? '';
    expect(link.startsWith(documentUrl)).toBe(true);
    await bruno.goto(link);
    const his = card(bruno, '140 aircraft', 'claim');
    await expect.poll(() => his.getAttribute('class')).toContain('active');
    await his.getByRole('textbox', { name: 'Reply' }).fill('The ministry’s, of 13 March.');
    await his.getByRole('button', { name: 'Reply' }).click();
    await expect.poll(() => count(alice).textContent(), { timeout: 2_000, interval: 100 }).toBe('1');

    // Alice mentions an address with no account: she is offered to share, and the invitation goes by email.
    const reply = claim.getByRole('textbox', { name: 'Reply' });
    await reply.pressSequentially('@carla@desk.example');
    await expect
      .poll(() => list.getByRole('option').allTextContents())
      .toEqual(['Share the document with carla@desk.example and mention them']);
    await reply.press('Enter');
    await expect
      .poll(() => claim.getByRole('status').allTextContents())
      .toContain('carla@desk.example has no account yet: we emailed them an invitation to this document.');
    const invitation = await emailTo('carla@desk.example', '/invite#token=');
    const invite = /(http\S+\/invite#token=\S+)/.exec(invitation)?.[1] ?? '';
    await carla.goto(invite);
    await carla.getByLabel('Name').fill('Carla');
    await carla.getByLabel(/^Password/).fill('correct horse battery');
    await carla.getByRole('button', { name: 'Make my account and join' }).click();
    await carla.locator('.ProseMirror').waitFor();
    expect(carla.url()).toBe(documentUrl);
    await expect.poll(() => carla.locator('body').textContent()).toContain('Commenter: you can annotate');

    // The mention refers to Bruno, not to his name: once he changes it, it reads his new name.
    await bruno.getByRole('button', { name: 'Bruno: change your name' }).click();
    await bruno.getByLabel('Your name').fill('Bruno Keller');
    await bruno.getByRole('button', { name: 'Save' }).click();
    await bruno.getByRole('button', { name: 'Bruno Keller: change your name' }).waitFor();
    await alice.reload();
    const again = card(alice, '140 aircraft', 'claim');
    await expand(again);
    await expect
      .poll(() => again.locator('.message-text').first().textContent())
      .toBe('@Bruno Keller which briefing gives 140?');
  });
});
