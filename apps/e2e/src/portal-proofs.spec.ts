import { readFileSync } from 'node:fs';
import { Client as Pg } from 'pg';
import { Page } from 'playwright-core';
import { StaticPortalHandle } from '@apex/devstack';
import { expectText, expectVisible, shoot } from './support/portal-page';
import { PortalStack, startPortalStack } from './support/portal-stack';
import { cachingProofImplementedTwoWeeksAgo, dayOf } from './support/proof-scenario';

const OWNER = { name: 'Mary Jackson', organization: 'Wind Tunnels Ltd', email: 'mary@windtunnels.example', password: 'supersonic flow 1958' };

const PROOF_MS = 90_000;

/** A Free organisation measures an implemented caching recommendation, reads the proof, and exports it once on Early. */
describe('Portal: the proof report', () => {
  let env: PortalStack;
  let portal: StaticPortalHandle;
  let page: Page;
  let pg: Pg;
  let proofId: string;
  const implementedOn = dayOf(-14);

  beforeAll(async () => {
    env = await startPortalStack({ name: 'proofs' });
    ({ portal, page } = env);
    pg = new Pg({ connectionString: env.database.url });
    await pg.connect();
  });
  afterAll(async () => {
    await pg?.end();
    await env?.stop();
  });

  it('loads cost rows and gets a caching recommendation from a run', async () => {
    const { proof } = await cachingProofImplementedTwoWeeksAgo(page, portal.url, env.stack.apiUrl, pg, OWNER);
    expect(proof).toMatchObject({ implementedOn, reportingEndsOn: dayOf(-1), status: 'baseline' });
    proofId = proof.id;
  });

  it('opens the report from the proofs list: the verdict, the savings with their band, the chart and the method', async () => {
    await page.getByRole('link', { name: 'Proofs' }).click();
    await page.waitForURL(/\/app\/proofs$/);
    await expectVisible(page.getByTestId('proof-row'));
    await shoot(page, 'proofs-list.png');
    await page.getByTestId('proof-row').getByRole('link', { name: 'Open report' }).click();
    await page.waitForURL(new RegExp(`/app/proofs/${proofId}$`));

    // 14 days × (35.00 adjusted baseline − 28.75 actual).
    await expectText(page.getByTestId('proof-verdict'), 'Verified saving', PROOF_MS);
    await expectText(page.getByTestId('proof-savings'), '$87.50');
    await expectText(page.getByTestId('proof-band'), 'at 68 % confidence');
    await expectText(page.getByTestId('proof-band'), 'at 90 % confidence');
    await expectText(page.getByTestId('proof-method'), 'IPMVP Option B');
    await expectText(page.getByTestId('proof-method'), 'cached input tokens counted as uncached input');
    await expectVisible(page.locator('[data-testid="proof-chart"] ngx-charts-line-chart'));
    await expectText(page.getByTestId('proof-price-books'), 'version 1');
    // Free: the exports come with the upgrade prompt below them.
    await expectText(page.getByTestId('proof-exports').getByTestId('gated-notice'), 'Early');
    await page.waitForTimeout(800);
    await shoot(page, 'proof-report.png', { fullPage: true });
  });

  it('opens a figure into its cost rows', async () => {
    await page.getByTestId('proof-baseline-total').getByRole('button').click();
    const dialog = page.getByRole('dialog');
    await expectVisible(dialog);
    await expectText(dialog.getByTestId('rows-total'), '30 rows totalling $1,050.00');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 15_000 });
  });

  it('downloads the report as a PDF on Early', async () => {
    await pg.query("UPDATE organizations SET tier = 'early' WHERE name = $1", [OWNER.organization]);
    await page.reload();
    await expectText(page.getByTestId('proof-verdict'), 'Verified saving', PROOF_MS);
    const pdfButton = page.getByTestId('download-pdf');
    await expectVisible(pdfButton);
    await page.waitForFunction(() => !document.querySelector<HTMLButtonElement>('[data-testid="download-pdf"]')?.disabled, undefined, { timeout: 15_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), pdfButton.click()]);
    expect(download.suggestedFilename()).toBe(`proof-${proofId}.pdf`);
    expect(readFileSync(await download.path()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});
