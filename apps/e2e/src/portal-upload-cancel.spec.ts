import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client as Pg } from 'pg';
import { Page } from 'playwright-core';
import { StaticPortalHandle } from '@apex/devstack';
import { expectText, expectVisible, shoot } from './support/portal-page';
import { signUp } from './support/portal-sign-up';
import { PortalStack, startPortalStack } from './support/portal-stack';

const FIXTURE = join(__dirname, 'fixtures', 'ai-spend.focus-1.2.csv');
const OWNER = { name: 'Ada Lovelace', organization: 'Analytical Engines', email: 'ada@engines.example', password: 'notes on the engine' };
const ROWS = 3_500;

/** A customer follows a long upload's progress and cancels it; nothing of the file is stored. */
describe('Portal: a long FOCUS upload shows its progress and can be cancelled', () => {
  let env: PortalStack;
  let portal: StaticPortalHandle;
  let page: Page;
  let pg: Pg;
  /** Holds the lock every upload of the connection takes before it replaces earlier rows, so the load cannot finish. */
  let holder: Pg;

  beforeAll(async () => {
    env = await startPortalStack({ name: 'upload-cancel' });
    ({ portal, page } = env);
    pg = new Pg({ connectionString: env.database.url });
    holder = new Pg({ connectionString: env.database.url });
    await Promise.all([pg.connect(), holder.connect()]);
  });

  afterAll(async () => {
    await holder?.end();
    await pg?.end();
    await env?.stop();
  });

  const countOf = async (sql: string, params: unknown[]) => (await pg.query<{ n: number }>(sql, params)).rows[0].n;
  const loadsOpen = () =>
    // Transactions that have written something: the load's, until it commits or rolls back.
    countOf('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()', []);

  it('shows bytes sent and rows read while it loads, and a cancelled upload stores nothing', async () => {
    await signUp(page, portal.url, OWNER);
    const { rows: [org] } = await pg.query<{ id: string }>('SELECT id FROM organizations WHERE name = $1', [OWNER.organization]);
    // The organisation's upload connection, made here so that its replace lock can be held before the upload starts.
    const { rows: [connection] } = await pg.query<{ id: string }>(
      "INSERT INTO cost_connections (org_id, provider, name, status) VALUES ($1, 'focus_upload', 'FOCUS file uploads', 'active') RETURNING id",
      [org.id],
    );
    await holder.query("SELECT pg_advisory_lock(hashtextextended('cost-upload-replace:' || $1::text, 0))", [connection.id]);

    const [header, ...lines] = readFileSync(FIXTURE, 'utf8').trim().split('\n');
    const big = join(env.dataDir, 'long.focus.csv');
    writeFileSync(big, [header, ...Array.from({ length: ROWS }, (_, i) => lines[i % lines.length])].join('\n') + '\n');

    await page.getByRole('link', { name: 'Value' }).click();
    await page.waitForURL(/\/app\/value$/);
    await page.getByTestId('focus-file-input').setInputFiles(big);
    await page.getByRole('button', { name: 'Upload', exact: true }).click();

    // Every row is read and the load waits to finish: the page says how far it got.
    const progress = page.getByTestId('upload-progress');
    await expectText(progress, `Uploaded. Checking every row and loading it… ${ROWS.toLocaleString('en-US')} rows read so far.`, 30_000);
    await shoot(page, 'value-upload-progress.png', { fullPage: true });

    await page.getByTestId('cancel-upload').click();
    await expectText(page.getByTestId('upload-cancelled'), 'Upload cancelled. Nothing of it was stored.');
    await holder.query("SELECT pg_advisory_unlock(hashtextextended('cost-upload-replace:' || $1::text, 0))", [connection.id]);

    const deadline = Date.now() + 15_000;
    while ((await loadsOpen()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await loadsOpen()).toBe(0);
    expect(await countOf('SELECT count(*)::int AS n FROM cost_rows WHERE org_id = $1', [org.id])).toBe(0);
    expect(await countOf('SELECT count(*)::int AS n FROM cost_sources WHERE org_id = $1', [org.id])).toBe(0);
    await expectVisible(page.getByTestId('value-empty-state'));
  });
});
