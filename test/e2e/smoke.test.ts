import { describe, it } from 'vitest';
import { onlyDocument, openDocument, selectText, setUpAdministrator, useBrowserAndServer } from './harness.ts';
const session = useBrowserAndServer();
describe('smoke', () => {
  it('renders', async () => {
    const page = await (await session.browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await setUpAdministrator(page, session.server, 'Alice');
    const id = await onlyDocument(page, session.server.url);
    await openDocument(page, `${session.server.url}/d/${id}`);
    await selectText(page, 'More than 50,000 soldiers and 140 aircraft');
    await page.waitForTimeout(500);
    await page.screenshot({ path: '/tmp/smoke0.png' });
    console.log(errors.join('\n'), await page.locator('.selection-toolbar').count(), await page.locator('.connection').textContent());
    await page.getByRole('button', { name: /^Claim/ }).click({ timeout: 3000 });
    await page.waitForTimeout(500);
    await selectText(page, 'hostile or hostile');
    await page.keyboard.press('Control+Alt+e');
    await page.waitForTimeout(300);
    await page.getByRole('button', { name: 'Suggest' }).click();
    await page.waitForTimeout(500);
    await page.screenshot({ path: '/tmp/smoke.png' });
    console.log(errors.join('\n'));
  });
});
