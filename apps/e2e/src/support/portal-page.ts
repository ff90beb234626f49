import { join } from 'node:path';
import { Locator, Page } from 'playwright-core';
import { workspaceRoot } from '@apex/testing';

/** Where the portal specs leave their screenshots. */
export const SCREENSHOTS = join(workspaceRoot, 'test-results', 'screenshots');

/** A screenshot once click ripples have faded, so it shows the page at rest. */
export async function shoot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  await page.waitForFunction(() => document.querySelector('.mat-ripple-element') === null, undefined, { timeout: 5_000 }).catch(() => undefined);
  await page.screenshot({ path: join(SCREENSHOTS, name), ...options });
}

/** Waits for the dialog to be open and its opening animation to be over, so a screenshot shows it as a person sees it. */
export async function dialogOpened(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const container = document.querySelector('.mat-mdc-dialog-container');
      return !!container && container.classList.contains('mdc-dialog--open') && !container.classList.contains('mdc-dialog--opening');
    },
    undefined,
    { timeout: 15_000 },
  );
}

export async function expectVisible(locator: Locator): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout: 15_000 });
}

/** Waits until the element's text contains `text` (whitespace collapsed), failing with what it last showed. */
export async function expectText(locator: Locator, text: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let shown = '';
  while (Date.now() < deadline) {
    shown = ((await locator.first().textContent({ timeout: timeoutMs }).catch(() => '')) ?? '').replace(/\s+/g, ' ').trim();
    if (shown.includes(text)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Expected "${text}" in ${locator}, but it showed "${shown}"`);
}

export async function waitForCount(locator: Locator, count: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await locator.count()) !== count) {
    if (Date.now() > deadline) throw new Error(`Expected ${count} of ${locator}, found ${await locator.count()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits for at least one match and returns how many there are. */
export async function waitForAny(locator: Locator, timeoutMs = 15_000): Promise<number> {
  await locator.first().waitFor({ state: 'visible', timeout: timeoutMs });
  return locator.count();
}
