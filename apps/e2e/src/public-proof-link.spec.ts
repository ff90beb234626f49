import { Client as Pg } from 'pg';
import { Browser, Page } from 'playwright-core';
import { StaticPortalHandle } from '@apex/devstack';
import { dialogOpened, expectText, expectVisible, shoot } from './support/portal-page';
import { PortalStack, startPortalStack } from './support/portal-stack';
import { cachingProofImplementedTwoWeeksAgo } from './support/proof-scenario';

const OWNER = { name: 'Dorothy Vaughan', organization: 'Langley Computing Ltd', email: 'dorothy@langley.example', password: 'fortran for everyone 1961' };

const PROOF_MS = 90_000;

/**
 * The owner of a finished proof shares its report; a reader in a signed-out browser opens the link, sees the report
 * and has it verified; once the owner revokes the link it shows only "This link is not available".
 */
describe('Portal: a public link to a signed proof report', () => {
  let env: PortalStack;
  let portal: StaticPortalHandle;
  let browser: Browser;
  let page: Page;
  let reader: Page;
  let pg: Pg;
  let proofId: string;
  let shareUrl: string;

  beforeAll(async () => {
    env = await startPortalStack({ name: 'share-links' });
    ({ portal, page, browser } = env);
    pg = new Pg({ connectionString: env.database.url });
    await pg.connect();
  });
  afterAll(async () => {
    await pg?.end();
    await env?.stop();
  });

  const panel = () => page.getByTestId('share-links');

  it('gets a finished proof: cost rows, a run’s caching recommendation, implemented two weeks ago', async () => {
    proofId = (await cachingProofImplementedTwoWeeksAgo(page, portal.url, env.stack.apiUrl, pg, OWNER)).proof.id;

    await page.goto(`${portal.url}/app/proofs/${proofId}`);
    await expectText(page.getByTestId('proof-verdict'), 'Verified saving', PROOF_MS);
    await expectText(panel(), 'No share links yet.');
  });

  it('creates a link in the portal: its URL shown once, then listed as active and never opened', async () => {
    await panel().getByTestId('share-link-expiry').selectOption({ label: '7 days' });
    await panel().getByRole('button', { name: 'Create link' }).click();
    const url = panel().getByTestId('share-link-url');
    await expectVisible(url);
    shareUrl = await url.inputValue();
    expect(shareUrl).toMatch(new RegExp(`^${portal.url}/proof/[A-Za-z0-9_-]{22}$`));
    await expectText(panel().getByTestId('share-link-created'), 'Copy this link now: it is shown only once.');
    await expectText(panel().getByTestId('share-link-status'), 'Active');
    await expectText(panel().getByTestId('share-link-opens'), '0 times');
    await expectText(panel().getByTestId('share-link-last-opened'), 'Never');
    // Shown once: the token is nowhere in the table.
    expect(await panel().getByTestId('share-links-table').textContent()).not.toContain(shareUrl.split('/proof/')[1]);
    await panel().scrollIntoViewIfNeeded();
    await shoot(page, 'proof-share-link-created.png');
  });

  it('opens in a signed-out browser: the report, and Verify says it is intact and signed with Apex’s key', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    reader = await context.newPage();
    await reader.goto(shareUrl);
    await expectText(reader.getByTestId('proof-verdict'), 'Verified saving');
    await expectText(reader.locator('h1'), 'Proof of savings');
    expect(await reader.title()).toBe('Proof of savings — Apex');
    await expectText(reader.getByTestId('proof-savings'), '$87.50');
    await expectVisible(reader.getByRole('link', { name: 'Log in' }));
    // No figure opens into cost rows, and no internal id is on the page.
    expect(await reader.locator('apex-proof-report-view button').count()).toBe(0);
    const shown = (await reader.locator('main').textContent()) ?? '';
    for (const hidden of [proofId, OWNER.name, OWNER.organization, OWNER.email]) expect(shown).not.toContain(hidden);

    const key = await (await fetch(`${env.stack.apiUrl}/api/v1/proofs/public-key`)).json();
    await expectText(reader.getByTestId('public-proof-key-url'), `${portal.url}/api/v1/proofs/public-key`);
    await reader.getByRole('button', { name: 'Verify' }).click();
    const result = reader.getByTestId('public-proof-verification');
    await expectText(result, 'Intact and signed by Apex');
    await expectText(result, `key id ${key.keyId}`);
    await reader.waitForTimeout(800);
    await shoot(reader, 'public-proof-verified.png', { fullPage: true });
  });

  it('counts the open for the owner, and once revoked the link shows only the plain not-available page', async () => {
    await page.reload();
    await expectText(panel().getByTestId('share-link-opens'), '1 time');
    expect(await panel().getByTestId('share-link-last-opened').textContent()).not.toContain('Never');
    // The URL was shown once: after a reload it is gone.
    expect(await panel().getByTestId('share-link-url').count()).toBe(0);

    await panel().getByTestId('share-link-revoke').click();
    const dialog = page.getByRole('dialog');
    await dialogOpened(page);
    await expectText(dialog, 'Revoke this link?');
    await dialog.getByRole('button', { name: 'Revoke link' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 15_000 });
    await expectText(panel().getByTestId('share-link-status'), 'Revoked');

    await reader.reload();
    const unavailable = reader.getByTestId('public-proof-unavailable');
    await expectText(unavailable, 'This link is not available');
    expect(await reader.getByTestId('proof-verdict').count()).toBe(0);
    await shoot(reader, 'public-proof-unavailable.png');
    const revokedPage = (await unavailable.textContent())?.replace(/\s+/g, ' ').trim();

    // A token that never existed gets the very same page.
    await reader.goto(`${portal.url}/proof/not-a-real-token`);
    await expectVisible(reader.getByTestId('public-proof-unavailable'));
    expect((await reader.getByTestId('public-proof-unavailable').textContent())?.replace(/\s+/g, ' ').trim()).toBe(revokedPage);
  });
});
