import { join } from 'node:path';
import { Page } from 'playwright-core';
import { StaticPortalHandle } from '@apex/devstack';
import { dialogOpened, expectText, expectVisible, shoot, waitForCount } from './support/portal-page';
import { signUp } from './support/portal-sign-up';
import { PortalStack, startPortalStack } from './support/portal-stack';

/*
 * 30 days of gpt-4o-2024-08-06 on OpenAI, each 10,000,000 input tokens (none cached), 1,000,000 output tokens and
 * 2,000 requests for 35.00 USD, and one day of a model no price book knows (acme-llm-7b, 12.00 USD).
 */
const FIXTURE = join(__dirname, 'fixtures', 'ai-tokens.focus-1.2.csv');

const OWNER = { name: 'Katherine Johnson', organization: 'Trajectories Ltd', email: 'katherine@trajectories.example', password: 'orbital mechanics 1962' };

/** How long a run may take on the stack, from start to report. */
const RUN_MS = 120_000;

/** A new Free organisation runs the supervisor on no data, then on an uploaded FOCUS file, and works through its report. */
describe('Portal: supervisor runs and their reports', () => {
  let env: PortalStack;
  let portal: StaticPortalHandle;
  let page: Page;

  beforeAll(async () => {
    env = await startPortalStack({ name: 'runs' });
    ({ portal, page } = env);
  });

  afterAll(async () => {
    await env?.stop();
  });

  const dialog = () => page.getByRole('dialog');
  const finding = (kind: string) => page.locator(`[data-testid="finding"][data-kind="${kind}"]`);

  async function startRunAndWait(): Promise<void> {
    await page.getByTestId('start-run').click();
    await expectVisible(page.getByTestId('active-run'));
    await expectText(page.getByTestId('run-outcome').first(), 'Finished', RUN_MS);
  }

  it('runs on no cost data and says there was nothing to analyse, leading to the upload', async () => {
    await signUp(page, portal.url, OWNER);
    await page.getByRole('link', { name: 'Runs' }).click();
    await page.waitForURL(/\/app\/runs$/);
    await expectText(page.getByTestId('no-runs'), 'No runs yet');

    await startRunAndWait();
    await expectText(page.getByTestId('run-outcome'), 'there was no cost data to analyse');
    await waitForCount(page.getByTestId('history-row'), 1);
    await expectText(page.getByTestId('history-findings'), 'No data');

    await page.getByTestId('history-row').getByRole('link').click();
    await page.waitForURL(/\/app\/runs\/[^/]+$/);
    const empty = page.getByTestId('no-data-state');
    await expectText(empty, 'No data to analyse');
    await expectText(empty, 'There is no cost data to analyse yet.');
    await shoot(page, 'runs-no-data.png', { fullPage: true });

    await empty.getByRole('link', { name: 'Upload or connect cost data' }).click();
    await page.waitForURL(/\/app\/value$/);
    await expectVisible(page.getByTestId('value-empty-state'));
  });

  it('uploads a FOCUS file with token counts and runs again: the report ranks its findings, each a potential', async () => {
    await page.getByTestId('focus-file-input').setInputFiles(FIXTURE);
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await expectText(page.getByTestId('upload-result'), 'Loaded 31 rows of ai-tokens.focus-1.2.csv', 60_000);

    await page.getByRole('link', { name: 'Runs' }).click();
    await page.waitForURL(/\/app\/runs$/);
    await page.getByTestId('start-run').click();
    const active = page.getByTestId('active-run').first();
    await expectVisible(active);
    // The agents as the run works through them; a fast run may already be over.
    await page.getByTestId('agent-step').first().waitFor({ state: 'visible', timeout: 10_000 }).catch(() => undefined);
    await shoot(page, 'runs-progress.png', { fullPage: true });
    await expectText(page.getByTestId('run-outcome').first(), 'Finished:', RUN_MS);
    await expectText(page.getByTestId('run-outcome').first(), 'a month in potential savings');
    await waitForCount(page.getByTestId('history-row'), 2);
    await expectText(page.getByTestId('history-potential').first(), '$');
    await shoot(page, 'runs-page.png', { fullPage: true });

    await active.getByRole('link', { name: 'Open the report' }).click();
    await page.waitForURL(/\/app\/runs\/[^/]+$/);
    await expectVisible(page.getByTestId('report-summary'));
    await expectText(page.getByTestId('summary-source'), 'Written from a template');
    await expectText(page.getByTestId('report-potential'), 'Potential monthly savings');
    await expectText(page.getByTestId('price-book-version'), 'Priced with price book version 1.');
    await expectVisible(finding('prompt_caching'));
    await expectVisible(finding('batch'));

    // Ranked by expected monthly savings, highest first.
    const expected = (await page.getByTestId('finding-expected').allTextContents()).map((text) => Number(text.replace(/[$,\s]/g, '')));
    expect(expected.length).toBeGreaterThanOrEqual(2);
    expect([...expected].sort((a, b) => b - a)).toEqual(expected);

    // Caching: 300M uncached input a month × (2.50 − 1.25) per Mtok = 375 at 100 %; 187.50 expected at half of it.
    await expectText(finding('prompt_caching').getByTestId('finding-expected'), '$187.50');
    await expectText(finding('prompt_caching').getByTestId('evidence-rows'), '30 cost rows');
    await expectText(finding('prompt_caching').getByTestId('evidence-amount'), '$1,050.00');
    expect(await finding('prompt_caching').getByTestId('evidence-sha256').textContent()).toMatch(/^[0-9a-f]{64}$/);

    await expectText(page.getByTestId('locked-findings'), 'on Early.');
    await expectText(page.getByTestId('locked-findings'), 'a month in potential savings');
    await expectText(page.getByTestId('unpriced-row'), 'acme-llm-7b');
    await page.waitForTimeout(500);
    await shoot(page, 'run-report.png', { fullPage: true });
  });

  it('shows the monthly figure for the share of traffic chosen', async () => {
    const card = finding('prompt_caching');
    const figure = card.getByTestId('scenario-figure');
    await expectText(figure, 'If 50 % of the uncached input is a repeated prefix: $187.50 a month, potential');
    await card.getByTestId('scenario-control').getByRole('radio', { name: '75 %' }).click();
    await expectText(figure, 'If 75 % of the uncached input is a repeated prefix: $281.25 a month, potential');
    await card.getByTestId('scenario-control').getByRole('radio', { name: '25 %' }).click();
    await expectText(figure, '$93.75 a month, potential');
    await card.scrollIntoViewIfNeeded();
    await shoot(page, 'run-finding-scenario.png');
  });

  it('opens the evidence of a finding: the cost rows it rests on', async () => {
    await finding('prompt_caching').getByRole('button', { name: 'Evidence' }).click();
    await expectVisible(dialog());
    await expectText(dialog().getByRole('heading', { level: 2 }), 'Evidence · Cache the repeated start of');
    await waitForCount(dialog().getByTestId('cost-row'), 30);
    await expectText(dialog().getByTestId('rows-total'), '30 rows totalling $1,050.00');
    await dialogOpened(page);
    await shoot(page, 'run-evidence.png');
    await dialog().getByRole('button', { name: 'Close' }).click();
    await dialog().waitFor({ state: 'detached', timeout: 15_000 });
  });

  it('dismisses a finding with a reason, and accepts another; both stay so', async () => {
    const batch = finding('batch');
    await batch.getByRole('button', { name: 'Dismiss' }).click();
    await expectVisible(dialog());
    await dialogOpened(page);
    await dialog().getByRole('button', { name: 'Dismiss' }).click();
    await expectText(dialog(), 'Say why, so your team knows later.');
    await dialog().getByLabel('Why it does not apply').fill('Every request is interactive: users wait for the answer.');
    await shoot(page, 'run-dismiss-reason.png');
    await dialog().getByRole('button', { name: 'Dismiss' }).click();
    await dialog().waitFor({ state: 'detached', timeout: 15_000 });
    await expectText(batch.getByTestId('finding-status'), 'Dismissed');
    await expectText(batch.getByTestId('finding-reason'), 'Every request is interactive: users wait for the answer.');

    const caching = finding('prompt_caching');
    await caching.getByRole('button', { name: 'Accept' }).click();
    await expectText(caching.getByTestId('finding-status'), 'Accepted');
    await batch.scrollIntoViewIfNeeded();
    await shoot(page, 'run-finding-dismissed.png');

    await page.reload();
    await expectText(finding('batch').getByTestId('finding-status'), 'Dismissed');
    await expectText(finding('prompt_caching').getByTestId('finding-status'), 'Accepted');
  });
});
