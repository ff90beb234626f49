import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { Locator, Page } from 'playwright-core';
import { StaticPortalHandle } from '@apex/devstack';
import { workspaceRoot } from '@apex/testing';
import { dialogOpened, expectText, expectVisible, SCREENSHOTS, shoot, waitForCount } from './support/portal-page';
import { signUp } from './support/portal-sign-up';
import { PortalStack, startPortalStack } from './support/portal-stack';

// A small FOCUS 1.2 export written for Apex's tests (see libs/costs/fixtures/focus/README.md): AI spend at four
// providers, EC2 usage and its tax, and an OpenAI credit.
const SAMPLE = join(workspaceRoot, 'libs/costs/fixtures/focus/samples/focus-1.2-ai-spend.csv');

const OWNER = { name: 'Hedy Lamarr', organization: 'Frequency Hopping Ltd', email: 'hedy@hopping.example', password: 'spread spectrum 1942' };

const rows = parse(readFileSync(SAMPLE, 'utf8'), { columns: true }) as Record<string, string>[];
const isAi = (row: Record<string, string>) => row['ServiceCategory'] === 'AI and Machine Learning';

/** Exact sum of decimal strings, without trailing zeros (BigInt arithmetic at twelve decimals). */
function decimalSum(values: string[]): string {
  const scale = 12;
  const total = values.reduce((sum, value) => {
    const [, sign, whole, fraction = ''] = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value) ?? [];
    const magnitude = BigInt(whole) * 10n ** BigInt(scale) + BigInt(fraction.padEnd(scale, '0'));
    return sum + (sign ? -magnitude : magnitude);
  }, 0n);
  const digits = (total < 0n ? -total : total).toString().padStart(scale + 1, '0');
  const fraction = digits.slice(-scale).replace(/0+$/, '');
  return `${total < 0n ? '-' : ''}${digits.slice(0, -scale)}${fraction ? `.${fraction}` : ''}`;
}

const sum = (selected: Record<string, string>[], column = 'EffectiveCost') => decimalSum(selected.map((row) => row[column]));

/** What a locator shows as a person reads it (laid out, so that separate boxes stay separate words), whitespace collapsed. */
async function shown(locator: Locator): Promise<string> {
  return (await locator.first().innerText()).replace(/\s+/g, ' ').trim();
}

/** A customer uploads a multicloud FOCUS export and reads all its cloud spend, AI spend as its part, per provider. */
describe('Portal: the value page tells the whole story of a multicloud FOCUS file', () => {
  let env: PortalStack;
  let portal: StaticPortalHandle;
  let page: Page;

  const all = sum(rows);
  const ai = sum(rows.filter(isAi));
  const other = sum(rows.filter((row) => !isAi(row)));
  const credits = sum(rows.filter((row) => row['ChargeCategory'] === 'Credit'));

  beforeAll(async () => {
    env = await startPortalStack({ name: 'value-multicloud' });
    ({ portal, page } = env);
    await page.setViewportSize({ width: 1360, height: 900 });
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('shows all cloud spend, its AI part with the credit that reduces it, and each provider, in cents', async () => {
    // Worked out by hand from the file: 3.125 + 3.10 + 0.50 + 0.656 + 0.38 + 1.5 + 0.05 − 1.00 of AI, 2.4192 + 0.85 other.
    expect([all, ai, other, credits]).toEqual(['11.5802', '8.311', '3.2692', '-1']);

    await signUp(page, portal.url, OWNER);
    await page.getByRole('link', { name: 'Value' }).click();
    await page.waitForURL(/\/app\/value$/);
    await page.getByTestId('focus-file-input').setInputFiles(SAMPLE);
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await expectText(page.getByTestId('upload-result'), `Loaded ${rows.length} rows of focus-1.2-ai-spend.csv`);

    const cloud = page.getByTestId('cloud-spend');
    await expectText(cloud, 'All cloud spend');
    const allFigure = page.getByTestId('all-spend');
    await expectText(allFigure, '$11.58');
    expect([await allFigure.getAttribute('data-amount'), await allFigure.getAttribute('title')]).toEqual([all, 'Exactly $11.5802']);
    expect(await shown(page.getByTestId('total-ai-spend'))).toBe('AI spend $8.31 8 rows includes −$1.00 of credits');
    expect(await shown(page.getByTestId('other-spend'))).toBe('Other cloud spend $3.27 2 rows');
    // The range is [1 Nov 2024, 1 Feb 2025) in the API: written with its last day.
    await expectText(page.getByTestId('value-range'), '1 Nov 2024 – 31 Jan 2025 · the latest 3 months with data');
    await expectText(page.getByTestId('cost-basis-note'), 'Amounts are EffectiveCost (amortised)');

    const providers = page.getByTestId('provider-row');
    await waitForCount(providers, 4);
    const table = (await providers.allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
    const aws = rows.filter((row) => row['ProviderName'] === 'Amazon Web Services');
    // AWS: 0.656 + 0.38 of Bedrock; 2.4192 + 0.85 of EC2 and its tax.
    expect([sum(aws), sum(aws.filter(isAi)), sum(aws.filter((row) => !isAi(row)))]).toEqual(['4.3052', '1.036', '3.2692']);
    expect(table).toEqual([
      'OpenAI $5.73 includes −$1.00 of credits $5.73 includes −$1.00 of credits —',
      'Amazon Web Services $4.31 $1.04 $3.27',
      'Microsoft $1.50 $1.50 —',
      'Google Cloud $0.05 $0.05 —',
    ]);

    await page.locator('[data-testid="spend-chart"] path.bar:not(.hidden)').first().waitFor({ state: 'visible', timeout: 15_000 });
    await page.locator('[data-testid="model-chart"] path.bar:not(.hidden)').first().waitFor({ state: 'visible', timeout: 15_000 });
    // The chart's legend, largest AI spend first, in the colours of the bars.
    expect(await shown(page.getByTestId('spend-legend'))).toBe('OpenAI Microsoft Amazon Web Services Google Cloud');
    await page.waitForTimeout(800);
    await shoot(page, 'value-multicloud.png', { fullPage: true });
    await page.locator('.top').screenshot({ path: join(SCREENSHOTS, 'value-multicloud-totals.png') });
    await page.getByTestId('spend-by-provider').screenshot({ path: join(SCREENSHOTS, 'value-multicloud-providers.png') });
  });

  it('draws every day of January, the days without spend as empty slots', async () => {
    await page.getByRole('textbox', { name: 'From' }).fill('2025-01-01');
    await page.getByRole('textbox', { name: 'To' }).fill('2025-01-31');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await expectText(page.getByTestId('value-range'), '1 Jan – 31 Jan 2025');
    await expectText(page.getByTestId('cloud-spend'), '$11.58');
    // 31 days on the axis, though only the 3rd to the 9th have AI spend.
    const ticks = page.locator('[data-testid="spend-chart"] g.x.axis g.tick text');
    await waitForCount(ticks, 31);
    expect((await ticks.allTextContents()).map((t) => t.trim()).slice(0, 3)).toEqual(['1 Jan', '2 Jan', '3 Jan']);
    await page.waitForTimeout(800);
    await shoot(page, 'value-multicloud-january.png', { fullPage: true });
    await page.locator('mat-card', { has: page.getByTestId('spend-chart') }).screenshot({ path: join(SCREENSHOTS, 'value-multicloud-january-chart.png') });
  });

  it('opens a figure into its rows with their exact amounts, on the cost basis chosen', async () => {
    await page.getByRole('radio', { name: 'Billed cost' }).click();
    await expectText(page.getByTestId('cost-basis-note'), 'Amounts are BilledCost, as invoiced');
    // In this file every row bills what it costs, so the figures stay.
    expect(sum(rows, 'BilledCost')).toBe(all);
    await expectText(page.getByTestId('all-spend'), '$11.58');

    await page.getByTestId('total-ai-spend').getByRole('button').first().click();
    const dialog = page.getByRole('dialog');
    await expectVisible(dialog);
    await waitForCount(dialog.getByTestId('cost-row'), rows.filter(isAi).length);
    await expectText(dialog.getByTestId('rows-total'), `${rows.filter(isAi).length} rows totalling $8.311 of BilledCost`);
    await expectText(dialog, '1 Jan – 31 Jan 2025 · AI spend');
    await expectText(dialog, 'Credit');
    await dialogOpened(page);
    await shoot(page, 'value-multicloud-drill-down.png');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 15_000 });
  });
});
