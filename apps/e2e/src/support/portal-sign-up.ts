import { Page } from 'playwright-core';

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

/** Signs a new organisation up through the portal and waits for its dashboard. */
export async function signUp(page: Page, portalUrl: string, owner: NewOwner): Promise<void> {
  await fillSignUp(page, portalUrl, owner);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL(/\/app$/);
}
