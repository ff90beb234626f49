import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client as Pg } from 'pg';
import { Page } from 'playwright-core';
import { expectText } from './portal-page';
import { NewOwner, signUp } from './portal-sign-up';

const DAY_MS = 86_400_000;
const RUN_MS = 120_000;

/** The UTC day `offset` days from today. */
export const dayOf = (offset: number) => new Date(Date.now() + offset * DAY_MS).toISOString().slice(0, 10);
const monthStart = (day: string) => `${day.slice(0, 7)}-01`;
const nextMonthStart = (day: string) => {
  const date = new Date(`${monthStart(day)}T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + 1);
  return date.toISOString().slice(0, 10);
};

/**
 * A FOCUS 1.2 file of gpt-4o-2024-08-06 on OpenAI around today: 30 days (44 to 15 days ago) of 10M uncached input and
 * 1M output tokens a day for 35.20 / 34.80 USD (35.00 at list), then 14 days (14 days ago to yesterday) with half of
 * the input cached, 28.75 USD a day (5M × 2.50 + 5M × 1.25 + 1M × 10.00 per Mtok). A proof of caching implemented
 * 14 days ago then saves 14 × (35.00 − 28.75) = 87.50.
 */
export function focusFileAroundToday(): Buffer {
  const template = readFileSync(join(__dirname, '..', 'fixtures', 'ai-tokens.focus-1.2.csv'), 'utf8').split('\n');
  const first = template[1].split(',');
  const rows: string[] = [];
  for (let offset = -44; offset <= -1; offset++) {
    const day = dayOf(offset);
    const reporting = offset >= -14;
    const cells = [...first];
    cells[3] = `${monthStart(day)}T00:00:00Z`;
    cells[4] = `${nextMonthStart(day)}T00:00:00Z`;
    cells[5] = `${day}T00:00:00Z`;
    cells[6] = `${dayOf(offset + 1)}T00:00:00Z`;
    cells[11] = cells[12] = cells[13] = cells[14] = reporting ? '28.75' : offset % 2 ? '35.20' : '34.80';
    cells[29] = '10000000';
    cells[30] = '1000000';
    cells[31] = reporting ? '5000000' : '0';
    cells[32] = `INV-${day.slice(0, 7)}`;
    rows.push(cells.join(','));
  }
  return Buffer.from([template[0], ...rows].join('\n') + '\n');
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the API's JSON, read by each test as it needs
export type OwnerApi = (method: string, path: string, body?: unknown) => Promise<any>;

/** The owner's API, logged in with their password; a refusal throws with the problem's text. */
export async function ownerApi(apiUrl: string, owner: NewOwner): Promise<OwnerApi> {
  const login = await fetch(`${apiUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: owner.email, password: owner.password }),
  });
  const token: string = (await login.json()).accessToken;
  return async (method, path, body) => {
    const response = await fetch(`${apiUrl}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
    return response.json();
  };
}

/**
 * A new organisation signs up in the portal, uploads `focusFileAroundToday()`, and a run files its caching
 * recommendation, which is then implemented 14 days ago through the API. The run filed it today; the database dates
 * it 20 days back, so that the change can have gone live before the reporting period that has already ended.
 */
export async function cachingProofImplementedTwoWeeksAgo(
  page: Page,
  portalUrl: string,
  apiUrl: string,
  pg: Pg,
  owner: NewOwner,
): Promise<{ api: OwnerApi; recommendationId: string; proof: { id: string; implementedOn: string; reportingEndsOn: string; status: string } }> {
  await signUp(page, portalUrl, owner);
  await page.goto(`${portalUrl}/app/value`);
  await page.getByTestId('focus-file-input').setInputFiles({ name: 'gpt-4o-around-today.csv', mimeType: 'text/csv', buffer: focusFileAroundToday() });
  await page.getByRole('button', { name: 'Upload', exact: true }).click();
  await expectText(page.getByTestId('upload-result'), 'Loaded 44 rows of gpt-4o-around-today.csv', 60_000);
  await page.getByRole('link', { name: 'Runs' }).click();
  await page.waitForURL(/\/app\/runs$/);
  await page.getByTestId('start-run').click();
  await expectText(page.getByTestId('run-outcome').first(), 'Finished:', RUN_MS);

  const api = await ownerApi(apiUrl, owner);
  const recommendations = await api('GET', '/recommendations?kind=prompt_caching');
  if (recommendations.items.length !== 1) throw new Error(`expected one caching recommendation, got ${recommendations.items.length}`);
  const recommendationId: string = recommendations.items[0].id;
  await pg.query("UPDATE recommendations SET created_at = created_at - interval '20 days' WHERE id = $1", [recommendationId]);
  const proof = await api('POST', `/recommendations/${recommendationId}/implemented`, { implementedOn: dayOf(-14) });
  return { api, recommendationId, proof };
}
