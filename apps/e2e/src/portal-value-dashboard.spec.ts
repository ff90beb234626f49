import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Page } from 'playwright-core';
import { StaticPortalHandle } from '@apex/devstack';
import { dialogOpened, expectText, expectVisible, shoot, waitForAny, waitForCount } from './support/portal-page';
import { signUp } from './support/portal-sign-up';
import { PortalStack, startPortalStack } from './support/portal-stack';

const FIXTURE = join(__dirname, 'fixtures', 'ai-spend.focus-1.2.csv');

const OWNER = { name: 'Grace Hopper', organization: 'Compilers Inc', email: 'grace@compilers.example', password: 'nanoseconds of wire' };

/** The file's rows as records of its columns (the fixture quotes nothing). */
function focusRows(path: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const columns = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((value, index) => [columns[index], value])));
}

/** Exact sum of decimal strings, without trailing zeros. */
function decimalSum(values: string[]): string {
  const scale = 10;
  const total = values.reduce((sum, value) => {
    const [whole, fraction = ''] = value.split('.');
    return sum + BigInt(whole) * 10n ** BigInt(scale) + BigInt(fraction.padEnd(scale, '0'));
  }, 0n);
  const digits = total.toString().padStart(scale + 1, '0');
  const fraction = digits.slice(-scale).replace(/0+$/, '');
  return `${digits.slice(0, -scale)}${fraction ? `.${fraction}` : ''}`;
}

/** A customer uploads a FOCUS export and finds its AI spend on the value dashboard, each figure traceable to its rows. */
describe('Portal: value dashboard from an uploaded FOCUS file', () => {
  let env: PortalStack;
  let portal: StaticPortalHandle;
  let page: Page;
  let dataDir: string;

  const rows = focusRows(FIXTURE);
  const fileTotal = decimalSum(rows.map((row) => row['EffectiveCost']));

  beforeAll(async () => {
    env = await startPortalStack({ name: 'value' });
    ({ portal, page, dataDir } = env);
  });

  afterAll(async () => {
    await env?.stop();
  });

  const dialog = () => page.getByRole('dialog');

  it('leads a new organisation without cost data to connect an account or upload a file', async () => {
    await signUp(page, portal.url, OWNER);

    await page.getByRole('link', { name: 'Value' }).click();
    await page.waitForURL(/\/app\/value$/);
    const empty = page.getByTestId('value-empty-state');
    await expectText(empty, 'No cost data yet');
    await expectText(empty, 'connect a cloud or AI provider account, or upload a FOCUS file');
    await expectVisible(page.getByRole('radio', { name: 'Upload a FOCUS file' }));
    await expectVisible(page.getByRole('radio', { name: 'Connect an account' }));
    await shoot(page, 'value-empty-state.png', { fullPage: true });
  });

  it('shows the server\'s line and column errors of a file it refuses, and loads nothing', async () => {
    const broken = join(dataDir, 'broken.focus.csv');
    const [header, ...lines] = readFileSync(FIXTURE, 'utf8').trim().split('\n');
    // The third data row (line 4 of the file) gets a cost that is not a number.
    writeFileSync(broken, [header, ...lines.map((line, index) => (index === 2 ? line.replace(',20.1234,20.1234,', ',twenty,20.1234,') : line))].join('\n') + '\n');
    await page.getByTestId('focus-file-input').setInputFiles(broken);
    await page.getByRole('button', { name: 'Upload', exact: true }).click();

    const error = page.getByTestId('upload-error');
    await expectText(error, 'Nothing of it was loaded.');
    await expectText(error, 'Line 4, column BilledCost');
    await shoot(page, 'value-upload-refused.png', { fullPage: true });
    await expectVisible(page.getByTestId('value-empty-state'));
  });

  it('uploads a FOCUS file and shows its total AI spend, equal to the file\'s own total', async () => {
    await page.getByTestId('focus-file-input').setInputFiles(FIXTURE);
    await expectText(page.getByTestId('chosen-file'), 'ai-spend.focus-1.2.csv');
    await page.getByRole('button', { name: 'Upload', exact: true }).click();

    await expectText(page.getByTestId('upload-result'), `Loaded ${rows.length} rows of ai-spend.focus-1.2.csv`);
    const total = page.getByTestId('total-ai-spend');
    await expectVisible(total);
    const cloud = page.getByTestId('cloud-spend');
    // The dashboard replacing the empty state keeps the upload's result on screen.
    await expectText(page.getByTestId('upload-result'), `Loaded ${rows.length} rows of ai-spend.focus-1.2.csv`);
    const figure = total.getByRole('button').first();
    expect(await figure.getAttribute('data-amount')).toBe(fileTotal);
    expect(await figure.getAttribute('data-currency')).toBe('USD');
    // Every row of the file is AI spend: shown in cents, exactly on hover.
    expect(fileTotal).toBe('62.9134');
    await expectText(total, '$62.91');
    expect(await figure.getAttribute('title')).toBe(`Exactly $${fileTotal}`);
    await expectText(cloud, `${rows.length} cost rows in USD`);
    await expectText(page.getByTestId('value-range'), '1 Aug – 31 Oct 2025 · the latest 3 months with data');

    await page.locator('[data-testid="spend-chart"] path.bar:not(.hidden)').first().waitFor({ state: 'visible', timeout: 15_000 });
    await page.locator('[data-testid="model-chart"] path.bar:not(.hidden)').first().waitFor({ state: 'visible', timeout: 15_000 });
    await waitForCount(page.getByTestId('driver-row'), 3);
    await expectText(page.getByTestId('driver-row').first(), 'Amazon Bedrock');
    const gpt4o = page.getByTestId('cost-per-token-row').filter({ hasText: 'gpt-4o' }).first();
    // September: 12.50 × 1000 ÷ 2,500,000 tokens; October: 9.00 × 1000 ÷ 2,400,000.
    await expectText(gpt4o, '$0.005');
    await expectText(gpt4o, '$0.00375');
    await expectText(gpt4o, '−25%');
    // The file's last month is over: its spend is final and nothing is projected; the method is stated all the same.
    await expectText(page.getByTestId('projection'), 'Month-end projection · October 2025');
    await expectText(page.getByTestId('projection-message'), 'The month is over');
    await expectText(page.getByTestId('projection'), 'A projection, not a measured figure');
    await expectText(page.getByTestId('savings-panel'), 'Nothing is proven yet');
    expect((await page.getByTestId('savings-panel').textContent()) ?? '').not.toMatch(/\d/);
    await expectText(page.getByTestId('uploaded-file').first(), 'ai-spend.focus-1.2.csv');
    await page.waitForTimeout(800);
    await shoot(page, 'value-dashboard.png', { fullPage: true });
  });

  it('expands the total into the rows of the file, with their file and row, adding up to it', async () => {
    await page.getByTestId('total-ai-spend').getByRole('button').first().click();
    await expectVisible(dialog());
    await waitForCount(dialog().getByTestId('cost-row'), rows.length);
    await expectText(dialog().getByTestId('rows-total'), `${rows.length} rows totalling $${fileTotal} of EffectiveCost`);

    const shown = await dialog().getByTestId('row-effective-cost').allTextContents();
    expect(decimalSum(shown.map((text) => text.trim().replace(/^\$/, '').replace(/,/g, '')))).toBe(fileTotal);
    const sources = (await dialog().getByTestId('row-source').allTextContents()).map((text) => text.trim());
    // The header is line 1 of the file, so the data rows are lines 2 onwards.
    expect(sources).toEqual(rows.map((_row, index) => `ai-spend.focus-1.2.csv · line ${index + 2}`));
    await dialogOpened(page);
    await shoot(page, 'value-drill-down-total.png');
    await dialog().getByRole('button', { name: 'Close' }).click();
    await dialog().waitFor({ state: 'detached', timeout: 15_000 });
  });

  it('expands a bar of the spend chart into the rows behind it', async () => {
    await page.locator('[data-testid="spend-chart"] path.bar:not(.hidden)').first().click();
    await expectVisible(dialog());
    await expectText(dialog().getByRole('heading', { level: 2 }), 'AI spend ·');
    const count = await waitForAny(dialog().getByTestId('cost-row'));
    const shown = await dialog().getByTestId('row-effective-cost').allTextContents();
    // The title rounds the figure; the rows' total says it exactly, and the rows add up to it.
    const total = (await dialog().getByTestId('rows-total').textContent()) ?? '';
    const figure = /totalling \$([\d,.]+)/.exec(total)?.[1].replace(/,/g, '');
    expect(figure && decimalSum([figure])).toBe(decimalSum(shown.map((text) => text.trim().replace(/^\$/, '').replace(/,/g, ''))));
    expect(count).toBeGreaterThan(0);
    await dialogOpened(page);
    await shoot(page, 'value-drill-down-bar.png');
    await dialog().getByRole('button', { name: 'Close' }).click();
    await dialog().waitFor({ state: 'detached', timeout: 15_000 });
  });
});
