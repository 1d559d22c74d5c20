/**
 * My work across documents: a colleague's assignment appears on the page without a reload, counted and filtered,
 * and its row opens the document at the claim's card.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { annotate, card, expand, openSharedDemo, pagesFor, seriousViolations, useBrowserAndServer } from './harness.ts';

const session = useBrowserAndServer();
let alice: Page;
let bruno: Page;

beforeAll(async () => {
  [alice, bruno] = (await pagesFor(session.browser, 2)) as [Page, Page];
  await openSharedDemo(session.server, { page: alice, name: 'Alice' }, [
    { page: bruno, name: 'Bruno', role: 'editor' },
  ]);
});

describe('My work', () => {
  it('shows a new assignment live, counted, and opens the claim from it', async () => {
    await bruno.getByRole('link', { name: 'My work' }).click();
    await bruno.getByRole('heading', { name: 'My work' }).waitFor();
    const list = bruno.getByRole('list', { name: 'Waiting for me' });
    await expect.poll(() => bruno.locator('main').textContent()).toContain('Nothing waits for you here.');

    await annotate(alice, '140 aircraft', 'Claim');
    const claim = card(alice, '140 aircraft', 'claim');
    await expand(claim);
    await claim.getByLabel('Assignee').selectOption({ label: 'Bruno' });
    // Within two seconds, without a reload.
    await expect.poll(() => list.textContent(), { timeout: 2_000, interval: 100 }).toContain('“140 aircraft”');
    expect(await list.textContent()).toContain('assigned to you');
    const assigned = bruno.getByRole('button', { name: /^Assigned to me/ });
    expect(await assigned.textContent()).toBe('Assigned to me 1');
    await assigned.click();
    expect(await list.getByRole('listitem').count()).toBe(1);
    expect(await seriousViolations(bruno)).toEqual([]);

    await list.getByRole('link', { name: '“140 aircraft”' }).click();
    await bruno.locator('.ProseMirror').waitFor();
    await expect
      .poll(() => bruno.evaluate(() => document.activeElement?.closest('[data-card]')?.textContent ?? ''))
      .toContain('140 aircraft');
  });
});
