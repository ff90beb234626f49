import { Browser, Page } from 'playwright-core';
import { Stack, StaticPortalHandle } from '@apex/devstack';
import { operatorSession, sessionHeaders } from './support/operator';
import { dialogOpened, expectText, expectVisible, shoot, waitForCount } from './support/portal-page';
import { fillSignUp, verifyEmail } from './support/portal-sign-up';
import { PortalStack, startPortalStack } from './support/portal-stack';

const OWNER = { name: 'Ada Lovelace', organization: 'Analytical Engines Ltd', email: 'ada@engines.example', password: 'difference engine no. 2' };

/** A new customer signs up on the Free plan, runs into its limits and is shown what the next plan offers. */
describe('Portal: accounts, usage limits and upgrade prompts', () => {
  let env: PortalStack;
  let stack: Stack;
  let portal: StaticPortalHandle;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    env = await startPortalStack({ name: 'accounts' });
    ({ stack, portal, browser, page } = env);
  });

  afterAll(async () => {
    await env?.stop();
  });

  const usageCount = () => page.getByTestId('usage-count');
  const dialog = () => page.getByRole('dialog');
  const reason = () => dialog().getByTestId('upgrade-reason');

  it('signs up on the Free plan and opens the dashboard with 0 of 3 runs used', async () => {
    await fillSignUp(page, portal.url, OWNER);
    await shoot(page, 'accounts-sign-up.png');
    await page.getByRole('button', { name: 'Create account' }).click();

    await page.waitForURL(/\/app$/);
    await expectText(usageCount(), '0 of 3 runs used in the last 5 hours');
    await expectText(page.getByTestId('account'), OWNER.name);
    await expectText(page.getByTestId('account'), OWNER.organization);
    await expectVisible(page.getByText('No runs yet.'));
  });

  it('starts runs up to the limit and counts down to the next free slot', async () => {
    for (const used of [1, 2, 3]) {
      await page.getByRole('button', { name: 'Start a run' }).click();
      await expectText(usageCount(), `${used} of 3 runs used`);
    }
    await waitForCount(page.getByTestId('run-row'), 3);
    await expectVisible(page.getByText('No runs left until a slot frees.'));

    const countdown = page.getByTestId('countdown');
    const before = await countdown.textContent();
    expect(before).toMatch(/^(5h 00m 00s|4h 59m [0-5]\ds)$/);
    await page.waitForFunction(
      (shown) => document.querySelector('[data-testid="countdown"]')?.textContent?.trim() !== shown,
      before?.trim(),
      { timeout: 5_000 },
    );
    await shoot(page, 'accounts-dashboard.png');
  });

  it('answers the fourth run with an upgrade prompt naming the limit and the Early offer', async () => {
    await page.getByRole('button', { name: 'Start a run' }).click();

    await dialogOpened(page);
    await expectText(dialog().getByRole('heading', { level: 2 }), 'Run limit reached');
    // After 19:00 the slot frees tomorrow, and the time then carries its weekday ("Thu 02:17").
    expect(await reason().textContent()).toMatch(/^\s*You've used 3 of 3 runs in the last 5 hours\. The next one frees at (?:[A-Z][a-z]{2} )?\d\d:\d\d\.\s*$/);
    const offer = dialog().getByTestId('upgrade-offer');
    await expectText(offer, 'Early');
    await expectText(offer, '100 runs every 5 hours');
    await expectText(offer, '$99 a month, or 2% of your measured AI spend if that is less');
    await shoot(page, 'accounts-upgrade-prompt.png');
    await waitForCount(page.getByTestId('run-row'), 3);
  });

  it('goes from the prompt to the tier comparison in one click', async () => {
    await dialog().getByRole('link', { name: 'Compare plans' }).click();

    await page.waitForURL(/\/plans$/);
    await dialog().waitFor({ state: 'detached', timeout: 15_000 });
    for (const tier of ['Free', 'Early', 'Mid', 'Enterprise']) {
      await expectVisible(page.getByRole('heading', { level: 2, name: tier, exact: true }));
    }
    await expectText(page.locator('[data-tier="free"]'), 'Your plan');
    await expectText(page.locator('[data-tier="early"]'), '$99/month');
    await expectText(page.locator('[data-tier="mid"]'), '$499/month');
    await expectText(page.locator('[data-price="enterprise"]'), '8–15% of AI spend, by contract');
    await expectText(page.locator('[data-price="early"]'), '$99 a month, or 2% of your measured AI spend if that is less');
    await expectText(page.locator('[data-tier="early"]'), '100 runs every 5 hours');
    await shoot(page, 'accounts-plans.png', { fullPage: true });
  });

  it('tells a Free organisation that inviting teammates needs a higher plan', async () => {
    await page.getByRole('link', { name: 'Members' }).click();
    await page.waitForURL(/\/app\/members$/);
    await expectVisible(page.getByRole('rowheader', { name: /Ada Lovelace/ }));

    await page.getByLabel('Email to invite').fill('grace@engines.example');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await dialogOpened(page);
    await expectText(reason(), 'Team collaboration is part of Mid and above.');
    await expectText(dialog().getByTestId('upgrade-offer'), 'Mid');
    await shoot(page, 'accounts-members-gated.png');
    await dialog().getByRole('button', { name: 'Not now' }).click();
    await dialog().waitFor({ state: 'detached', timeout: 15_000 });
    await expectText(page.getByTestId('gated-notice'), 'Team collaboration is part of Mid and above.');
  });

  it('tells a Free organisation that API keys come with Early', async () => {
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.waitForURL(/\/app\/api-keys$/);
    await expectVisible(page.getByText('No API keys yet.'));

    await page.getByLabel('Key name').fill('Billing export');
    await page.getByRole('button', { name: 'Create key' }).click();
    await dialogOpened(page);
    await expectText(reason(), 'API keys are part of Early and above.');
    await shoot(page, 'accounts-api-keys-gated.png');
    await dialog().getByRole('button', { name: 'Not now' }).click();
    await dialog().waitFor({ state: 'detached', timeout: 15_000 });
    await expectText(page.getByTestId('gated-notice'), 'API keys are part of Early and above.');
  });

  it('keeps the session across a reload, logs out, and logs back in', async () => {
    await page.reload();
    await expectText(page.getByTestId('account'), OWNER.name);

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(/\/login$/);
    await expectVisible(page.getByText('You are logged out.'));
    expect(await page.getByTestId('account').count()).toBe(0);

    await page.goto(`${portal.url}/app`);
    await page.waitForURL(/\/login\?returnUrl=%2Fapp$/);
    await page.getByLabel('Email').fill(OWNER.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expectText(page.getByRole('alert'), 'Wrong email or password');

    await page.getByLabel('Password').fill(OWNER.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/\/app$/);
    await expectText(usageCount(), '3 of 3 runs used');
  });

  it('follows the runs on the dashboard until the worker has finished them', async () => {
    await page.waitForFunction(
      () => {
        const statuses = Array.from(document.querySelectorAll('[data-testid="run-status"]'), (e) => e.textContent?.trim());
        return statuses.length === 3 && statuses.every((s) => s !== 'Queued' && s !== 'Running');
      },
      undefined,
      { timeout: 60_000 },
    );
    await shoot(page, 'accounts-dashboard-runs-ended.png');
  });

  it('on Early, raises the limit, shows a new API key once and revokes it', async () => {
    await moveToTier(stack, OWNER, 'early');
    await page.reload();
    await expectText(usageCount(), '3 of 100 runs used');

    await page.getByRole('link', { name: 'API keys' }).click();
    await page.waitForURL(/\/app\/api-keys$/);
    await page.getByLabel('Key name').fill('Billing export');
    await page.getByRole('button', { name: 'Create key' }).click();
    await dialogOpened(page);
    await expectText(dialog(), "Copy this key now: you won't see it again.");
    const key = await dialog().getByTestId('new-api-key').inputValue();
    expect(key).toMatch(/^apx_/);
    await dialog().getByRole('button', { name: 'Copy' }).click();
    await expectText(dialog(), 'The key is on your clipboard.');
    await shoot(page, 'accounts-api-key-created.png');
    await dialog().getByRole('button', { name: "I've saved the key" }).click();
    await dialog().waitFor({ state: 'detached', timeout: 15_000 });

    const row = page.getByRole('row', { name: /Billing export/ });
    await expectText(row, 'Active');
    expect((await row.textContent()) ?? '').not.toContain(key);
    expect((await fetch(`${stack.apiUrl}/api/v1/me`, { headers: { 'X-Api-Key': key } })).status).toBe(200);
    await shoot(page, 'accounts-api-keys.png');

    await row.getByRole('button', { name: 'Revoke Billing export' }).click();
    await dialogOpened(page);
    await expectText(dialog(), 'stops working at once');
    await dialog().getByRole('button', { name: 'Revoke key' }).click();
    await expectText(row, 'Revoked');
    expect((await fetch(`${stack.apiUrl}/api/v1/me`, { headers: { 'X-Api-Key': key } })).status).toBe(401);
  });

  it('on Mid, invites a teammate who joins from the emailed link, then changes their role and removes them', async () => {
    await moveToTier(stack, OWNER, 'mid');
    // Inviting needs a verified email: the owner opens the link of the verification email.
    await verifyEmail(page, portal.url, OWNER.email, stack.smtp!);
    await page.getByRole('link', { name: 'Members' }).click();
    await page.waitForURL(/\/app\/members$/);
    await page.getByLabel('Email to invite').fill('grace@engines.example');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await expectText(page.getByText(/Invitation sent to/), 'Invitation sent to grace@engines.example as member.');

    const link = await emailedLink(stack, 'grace@engines.example', '/accept-invitation?token=');
    const invitee = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const grace = await invitee.newPage();
      await grace.goto(link);
      await expectText(grace.getByTestId('invitation-preview'), `${OWNER.name} invited you to join ${OWNER.organization} as member.`);
      await grace.getByLabel('Your name').fill('Grace Hopper');
      await grace.getByLabel('Password').fill('compilers all the way');
      await shoot(grace, 'accounts-accept-invitation.png');
      await grace.getByRole('button', { name: 'Join the team' }).click();
      await grace.waitForURL(/\/app$/);
      await expectText(grace.getByTestId('account'), 'Grace Hopper');
      await expectText(grace.getByTestId('account'), OWNER.organization);
    } finally {
      await invitee.close();
    }

    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('link', { name: 'Members' }).click();
    const graceRow = page.getByRole('row', { name: /Grace Hopper/ });
    await expectText(graceRow, 'grace@engines.example');
    await page.getByRole('combobox', { name: 'Role of Grace Hopper' }).click();
    const [changed] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/organization/members/') && r.request().method() === 'PATCH'),
      page.getByRole('option', { name: 'Admin' }).click(),
    ]);
    expect(changed.status()).toBe(200);
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('link', { name: 'Members' }).click();
    await expectText(page.getByRole('combobox', { name: 'Role of Grace Hopper' }), 'Admin');
    await shoot(page, 'accounts-members.png');

    await graceRow.getByRole('button', { name: 'Remove Grace Hopper' }).click();
    await dialogOpened(page);
    await expectText(dialog(), 'loses access to Analytical Engines Ltd at once');
    await dialog().getByRole('button', { name: 'Remove' }).click();
    await graceRow.waitFor({ state: 'detached', timeout: 15_000 });
    await expectVisible(page.getByRole('rowheader', { name: /Ada Lovelace/ }));
  });

  it('resets a forgotten password from the emailed link', async () => {
    const visitor = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const ada = await visitor.newPage();
      await ada.goto(`${portal.url}/login`);
      await ada.getByRole('link', { name: 'Forgot your password?' }).click();
      await ada.waitForURL(/\/forgot-password$/);
      await ada.getByLabel('Email').fill(OWNER.email);
      await ada.getByRole('button', { name: 'Send reset link' }).click();
      await expectText(ada.getByText(/If an Apex account uses/), `If an Apex account uses ${OWNER.email}, we've sent it a link`);

      await ada.goto(await emailedLink(stack, OWNER.email, '/reset-password?token='));
      await ada.getByLabel('New password', { exact: true }).fill('analytical engine no. 1');
      await ada.getByLabel('Repeat the new password').fill('analytical engine no. 1');
      await shoot(ada, 'accounts-reset-password.png');
      await ada.getByRole('button', { name: 'Set new password' }).click();

      await ada.waitForURL(/\/login$/);
      await expectText(ada.getByText(/Your password is changed/), 'Your password is changed. Log in with the new one.');
      await ada.getByLabel('Email').fill(OWNER.email);
      await ada.getByLabel('Password').fill('analytical engine no. 1');
      await ada.getByRole('button', { name: 'Log in' }).click();
      await ada.waitForURL(/\/app$/);
      await expectText(ada.getByTestId('account'), OWNER.name);
    } finally {
      await visitor.close();
    }
  });
});

/** The link containing `path` in an email to `address`, waiting for the email to arrive. */
async function emailedLink(stack: Stack, address: string, path: string): Promise<string> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const emails = (await stack.smtp!.emails()).filter((e) => e.to.some((to) => to.address === address));
    const link = emails.flatMap((e) => e.text.match(/https?:\/\/\S+/g) ?? []).find((url) => url.includes(path));
    if (link) return link;
    if (Date.now() > deadline) throw new Error(`No email to ${address} with a ${path} link arrived within a minute`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** What an Apex operator does to move a customer to another tier: the operator tool, then the admin API. */
async function moveToTier(stack: Stack, owner: { email: string; password: string }, tier: string): Promise<void> {
  const me = (await (await fetch(`${stack.apiUrl}/api/v1/me`, { headers: await sessionHeaders(stack, owner) })).json()) as { organization: { id: string } };
  const moved = await fetch(`${stack.apiUrl}/api/v1/admin/organizations/${me.organization.id}/plan`, {
    method: 'PUT',
    headers: { ...(await operatorSession(stack)), 'content-type': 'application/json' },
    body: JSON.stringify({ tier }),
  });
  expect(moved.status).toBe(200);
}
