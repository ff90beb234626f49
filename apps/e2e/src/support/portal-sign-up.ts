import { Page } from 'playwright-core';
import type { SmtpCatcherHandle } from '@apex/devstack';
import { waitFor } from '@apex/testing';

export interface NewOwner {
  name: string;
  organization: string;
  email: string;
  password: string;
}

/** Opens the portal's sign-up page and fills it in, without sending it. */
export async function fillSignUp(page: Page, portalUrl: string, owner: NewOwner): Promise<void> {
  await page.goto(`${portalUrl}/signup`);
  await page.getByLabel('Your name').fill(owner.name);
  await page.getByLabel('Organisation').fill(owner.organization);
  await page.getByLabel('Work email').fill(owner.email);
  await page.getByLabel('Password').fill(owner.password);
}

/**
 * Signs a new organisation up through the portal and waits for its dashboard. With the stack's SMTP catcher, the
 * owner then verifies their email as a person would: through the link in the email, opened in the portal (needed
 * before inviting, connecting cost accounts or starting a trial).
 */
export async function signUp(page: Page, portalUrl: string, owner: NewOwner, inbox?: SmtpCatcherHandle): Promise<void> {
  await fillSignUp(page, portalUrl, owner);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL(/\/app$/);
  if (inbox) await verifyEmail(page, portalUrl, owner.email, inbox);
}

/** Opens the link of the verification email to this address, waits for the portal to confirm it, and returns to the dashboard. */
export async function verifyEmail(page: Page, portalUrl: string, address: string, inbox: SmtpCatcherHandle): Promise<void> {
  await page.getByTestId('verify-email-notice').waitFor();
  const emails = await waitFor(
    async () => (await inbox.emails()).filter((e) => e.to.some((to) => to.address === address) && /Verify your email/.test(e.subject)),
    (found) => found.length > 0,
    { what: `the verification email to ${address}`, timeoutMs: 30_000 },
  );
  const link = /^(http\S+\/verify-email\?token=\S+)$/m.exec(emails[emails.length - 1].text)?.[1];
  if (!link?.startsWith(portalUrl)) throw new Error(`No verification link to ${portalUrl} in: ${emails[emails.length - 1].text}`);
  await page.goto(link);
  await page.getByTestId('email-verified').waitFor();
  await page.goto(`${portalUrl}/app`);
  await page.waitForURL(/\/app$/);
  await page.getByTestId('account').waitFor();
  if ((await page.getByTestId('verify-email-notice').count()) !== 0) throw new Error('The portal still asks to verify the email after the link was opened');
}
