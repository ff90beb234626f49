import { join } from 'node:path';
import { Page } from 'playwright-core';
import { StaticPortalHandle } from '@apex/devstack';
import { expectText, expectVisible, shoot, waitForCount } from './support/portal-page';
import { PortalStack, startPortalStack } from './support/portal-stack';

/*
 * 30 days of gpt-4o-2024-08-06 on OpenAI, each 10,000,000 uncached input and 1,000,000 output tokens for 35.00 USD, and
 * one day of acme-llm-7b (12.00 USD) that no price book knows.
 */
const FIXTURE = join(__dirname, 'fixtures', 'ai-tokens.focus-1.2.csv');
const PROSPECT = { name: 'Mary Jackson', organization: 'Wind Tunnels Ltd', email: 'mary@windtunnels.example', password: 'supersonic flow 1958' };
/** How long the sandbox's run may take on the stack, from upload to report. */
const RUN_MS = 120_000;

/** A signed-out visitor sees their potential savings and ROI from a FOCUS file, then signs up and keeps them. */
describe('Portal: ROI before sign-up', () => {
  let env: PortalStack;
  let portal: StaticPortalHandle;
  let page: Page;

  beforeAll(async () => {
    env = await startPortalStack({ name: 'sandbox' });
    ({ portal, page } = env);
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('drops a FOCUS file without an account and sees the potential savings and the ROI', async () => {
    await page.goto(portal.url);
    await page.getByRole('link', { name: 'See your potential savings' }).click();
    await page.waitForURL(/\/try$/);
    await expectVisible(page.getByTestId('sandbox-drop-zone'));

    await page.getByTestId('sandbox-file-input').setInputFiles(FIXTURE);
    await expectVisible(page.getByTestId('sandbox-status'));
    await expectText(page.getByTestId('sandbox-file'), 'Analysed 31 cost rows of ai-tokens.focus-1.2.csv (1 Nov 2025 to 30 Nov 2025).', RUN_MS);

    // Caching: 300M uncached input a month × (2.50 − 1.25) $/Mtok at the expected half: $187.50, a potential.
    const caching = page.locator('[data-testid="sandbox-finding"][data-kind="prompt_caching"]');
    await expectText(caching.getByTestId('sandbox-finding-expected'), '$187.50 a month');
    await expectText(caching, 'potential');
    await waitForCount(page.getByTestId('sandbox-finding'), 2);
    await expectText(page.getByTestId('sandbox-potential'), 'Potential monthly savings');
    await expectText(page.getByTestId('sandbox-potential'), 'It is not a saving until Apex measures it');
    await expectText(page.getByTestId('sandbox-locked'), 'on Early');

    await expectText(page.getByTestId('sandbox-roi-headline'), 'Based on your usage, Apex will save you');
    await expectText(page.getByTestId('sandbox-roi-percent'), '% ROI on Early');
    await expectText(page.getByTestId('sandbox-breakeven'), 'Breakeven in');
    // Early's fee at this spend: 2 % of 30 × 35.00 + 12.00 = 1,062.00.
    await expectText(page.getByTestId('sandbox-fee'), '2% of $1,062.00 measured AI spend');
    await expectText(page.getByTestId('sandbox-expiry'), 'Unless you keep it, this sandbox and your file are deleted on');
    expect(await page.locator('main, body').first().innerText()).not.toMatch(/\bsaved\b/i);
    await page.waitForTimeout(300);
    await shoot(page, 'roi-before-sign-up.png', { fullPage: true });
  });

  it('creates an account to keep it, and finds the file and its analysis in the dashboard', async () => {
    await page.getByRole('link', { name: 'Create an account to keep this' }).click();
    await page.waitForURL(/\/signup\?sandbox=[A-Za-z0-9_-]{43}$/);
    await expectText(page.getByTestId('sign-up-sandbox'), 'Your new account keeps the file you analysed');
    await page.getByLabel('Your name').fill(PROSPECT.name);
    await page.getByLabel('Organisation').fill(PROSPECT.organization);
    await page.getByLabel('Work email').fill(PROSPECT.email);
    await page.getByLabel('Password').fill(PROSPECT.password);
    await shoot(page, 'roi-before-sign-up-signup.png');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(/\/app$/);

    // The sandbox's run is the new account's first run.
    await waitForCount(page.getByTestId('run-row'), 1);
    await expectText(page.getByTestId('run-status'), 'Succeeded');
    await shoot(page, 'roi-before-sign-up-dashboard.png', { fullPage: true });

    await page.getByRole('link', { name: 'Runs' }).click();
    await page.waitForURL(/\/app\/runs$/);
    await expectText(page.getByTestId('history-potential').first(), '$');

    await page.goto(`${portal.url}/app/value`);
    await expectText(page.getByTestId('uploaded-file'), 'ai-tokens.focus-1.2.csv');
    await expectText(page.getByTestId('uploaded-file'), '31 rows');

    // The token no longer opens a sandbox: its data is the account's now.
    await page.goto(`${portal.url}/try`);
    await expectVisible(page.getByTestId('sandbox-drop-zone'));
  });
});
