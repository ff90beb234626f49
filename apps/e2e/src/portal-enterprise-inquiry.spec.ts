import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Page } from 'playwright-core';
import { StaticPortalHandle } from '@apex/devstack';
import { startTestStack, TestStack, workspaceRoot } from '@apex/testing';
import { PortalBrowser, startPortalBrowser } from './support/portal-browser';

const screenshots = join(workspaceRoot, 'test-results', 'screenshots');

/** A prospect uses the built portal against the real back end. */
describe('Portal: talk to sales', () => {
  let stack: TestStack;
  let ui: PortalBrowser;
  let portal: StaticPortalHandle;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    stack = await startTestStack();
    ui = await startPortalBrowser({ port: 0, apiUrl: stack.apiUrl });
    ({ portal, page } = ui);
  });

  afterAll(async () => {
    await ui?.stop();
    await stack?.stop();
  });

  it('shows readable field errors for invalid input and sends nothing', async () => {
    await page.goto(`${portal.url}/enterprise`);
    await page.getByLabel('Work email').fill('not-an-email');
    await page.getByRole('button', { name: 'Send inquiry' }).click();
    await expectVisible(page.getByText(/valid email|email address/i).first());
    await page.screenshot({ path: join(screenshots, 'enterprise-invalid.png') });
    expect(await stack.smtp!.emails()).toHaveLength(0);
  });

  it('submits an inquiry and follows it until the confirmation email has gone out', async () => {
    await page.goto(portal.url);
    await page.locator('[data-tier]').first().waitFor();
    await page.screenshot({ path: join(screenshots, 'home.png') });
    await page.getByRole('link', { name: 'Talk to sales' }).click();
    await page.getByLabel('Work email').fill('grace@example.com');
    await page.getByLabel('Your name').fill('Grace Hopper');
    await page.getByLabel('Company').fill('Compilers Inc');
    await page.getByLabel('Message (optional)').fill('About 40 engineers use LLM APIs daily.');
    await page.getByRole('button', { name: 'Send inquiry' }).click();

    await page.waitForURL(/\/enterprise\/inquiries\/inq_[0-9a-f]{24}$/);
    const status = page.getByTestId('inquiry-status');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="inquiry-status"]')?.textContent?.trim() === 'acknowledged',
      undefined,
      { timeout: 60_000 },
    );
    expect((await status.textContent())?.trim()).toBe('acknowledged');
    await expectVisible(page.getByText('grace@example.com').first());
    await page.screenshot({ path: join(screenshots, 'inquiry-acknowledged.png') });

    const emails = await stack.smtp!.emails();
    expect(emails.map((e) => e.to[0].address).sort()).toEqual(['grace@example.com', 'sales@apex.local']);
  });

  it('tells the visitor plainly when a reference does not exist', async () => {
    await page.goto(`${portal.url}/enterprise/inquiries/inq_000000000000000000000000`);
    await expectVisible(page.getByRole('heading', { name: 'No inquiry with this reference' }));
  });
});

async function expectVisible(locator: ReturnType<Page['getByText']>): Promise<void> {
  await locator.waitFor({ state: 'visible', timeout: 15_000 });
}
