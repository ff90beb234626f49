import { Browser, Page } from 'playwright-core';
import { Stack, StaticPortalHandle } from '@apex/devstack';
import { expectText, expectVisible, shoot } from './support/portal-page';
import { PortalStack, startPortalStack } from './support/portal-stack';

const PROSPECT = { email: 'grace@example.com', name: 'Grace Hopper', company: 'Compilers Inc', message: 'About 40 engineers use LLM APIs daily.' };

/** A prospect uses the built portal against the real back end, and follows the inquiry from the emailed link. */
describe('Portal: talk to sales', () => {
  let env: PortalStack;
  let stack: Stack;
  let portal: StaticPortalHandle;
  let browser: Browser;
  let page: Page;
  /** The status link in the acknowledgement email. */
  let statusLink: URL;

  beforeAll(async () => {
    env = await startPortalStack({ name: 'enterprise-inquiry' });
    ({ stack, portal, browser, page } = env);
  });

  afterAll(async () => {
    await env?.stop();
  });

  /** A page in a browser of its own, as when the prospect opens the email somewhere else. */
  const freshPage = async () => (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  const expectNoPersonalData = async (on: Page) => {
    const shown = (await on.locator('body').innerText()).toLowerCase();
    for (const said of Object.values(PROSPECT)) expect({ shows: shown.includes(said.toLowerCase()) ? said : null }).toEqual({ shows: null });
  };
  const waitForStatus = (on: Page, status: string) =>
    on.waitForFunction((s) => document.querySelector('[data-testid="inquiry-status"]')?.textContent?.trim() === s, status, { timeout: 60_000 });

  it('shows readable field errors for invalid input and sends nothing', async () => {
    await page.goto(`${portal.url}/enterprise`);
    await page.getByLabel('Work email').fill('not-an-email');
    await page.getByRole('button', { name: 'Send inquiry' }).click();
    await expectVisible(page.getByText(/valid email|email address/i));
    await shoot(page, 'enterprise-invalid.png');
    expect(await stack.smtp!.emails()).toHaveLength(0);
  });

  it('submits an inquiry and follows it until the confirmation email has gone out', async () => {
    await page.goto(portal.url);
    await page.locator('[data-tier]').first().waitFor();
    await shoot(page, 'home.png');
    await page.getByRole('link', { name: 'Talk to sales' }).click();
    await page.getByLabel('Work email').fill(PROSPECT.email);
    await page.getByLabel('Your name').fill(PROSPECT.name);
    await page.getByLabel('Company').fill(PROSPECT.company);
    await page.getByLabel('Message (optional)').fill(PROSPECT.message);
    await page.getByRole('button', { name: 'Send inquiry' }).click();

    await page.waitForURL(/\/enterprise\/inquiries\/inq_[0-9a-f]{24}\?token=[A-Za-z0-9_-]{43}$/);
    const landed = new URL(page.url());
    const id = landed.pathname.split('/').pop()!;
    await waitForStatus(page, 'acknowledged');
    await expectText(page.locator('.reference'), `Reference ${id}`);
    await expectVisible(page.getByText("We've emailed you."));
    await expectNoPersonalData(page);
    await shoot(page, 'inquiry-acknowledged.png');

    const emails = await stack.smtp!.emails();
    expect(emails.map((e) => e.to[0].address).sort()).toEqual([PROSPECT.email, 'sales@apex.local']);
    const ack = emails.find((e) => e.to[0].address === PROSPECT.email)!;
    const links = ack.text.match(/https?:\/\/\S+/g) ?? [];
    expect(links).toEqual([`${portal.url}/enterprise/inquiries/${id}?token=${landed.searchParams.get('token')}`]);
    statusLink = new URL(links[0] ?? 'no link in the acknowledgement email');
  });

  it('shows the status, and nothing the prospect wrote, to whoever opens the emailed link', async () => {
    const reader = await freshPage();
    try {
      await reader.goto(statusLink.href);
      await waitForStatus(reader, 'acknowledged');
      await expectText(reader.getByRole('heading', { level: 1 }), 'Inquiry status');
      await expectText(reader.locator('.reference'), `Reference ${statusLink.pathname.split('/').pop()}`);
      await expectVisible(reader.getByText("We've emailed you."));
      await expectNoPersonalData(reader);
      await shoot(reader, 'inquiry-from-email.png');
    } finally {
      await reader.context().close();
    }
  });

  const expectNoSuchInquiry = async (url: string, screenshot: string) => {
    const reader = await freshPage();
    try {
      await reader.goto(url);
      await expectVisible(reader.getByRole('heading', { name: 'No inquiry with this reference' }));
      expect(await reader.getByTestId('inquiry-status').count()).toBe(0);
      await expectNoPersonalData(reader);
      await shoot(reader, screenshot);
    } finally {
      await reader.context().close();
    }
  };

  it('tells the visitor plainly when the link has a wrong token or the reference does not exist', async () => {
    const id = statusLink.pathname.split('/').pop()!;
    const token = statusLink.searchParams.get('token')!;
    const wrongToken = `${token[0] === 'A' ? 'B' : 'A'}${token.slice(1)}`;
    await expectNoSuchInquiry(`${portal.url}/enterprise/inquiries/${id}?token=${wrongToken}`, 'inquiry-wrong-token.png');
    await expectNoSuchInquiry(`${portal.url}/enterprise/inquiries/inq_000000000000000000000000?token=${token}`, 'inquiry-unknown.png');
  });

  it('tells the visitor plainly when the link has lost its token', async () => {
    await expectNoSuchInquiry(`${portal.url}${statusLink.pathname}`, 'inquiry-no-token.png');
  });

  it('tells a prospect who sends the same inquiry again that it is on record, and sends nothing new', async () => {
    await page.goto(`${portal.url}/enterprise`);
    await page.getByLabel('Work email').fill(PROSPECT.email.toUpperCase());
    await page.getByLabel('Your name').fill(PROSPECT.name);
    await page.getByLabel('Company').fill(PROSPECT.company);
    await page.getByLabel('Message (optional)').fill(PROSPECT.message);
    await page.getByRole('button', { name: 'Send inquiry' }).click();

    await page.waitForURL(`${portal.url}${statusLink.pathname}`);
    await expectVisible(page.getByText('We already had this inquiry on record, so nothing new was sent.'));
    await page.waitForTimeout(2000);
    await shoot(page, 'inquiry-already-on-record.png');
    expect(await page.getByRole('alert').count()).toBe(0);
    await expectNoPersonalData(page);
    expect(await stack.smtp!.emails()).toHaveLength(2);
  });
});
