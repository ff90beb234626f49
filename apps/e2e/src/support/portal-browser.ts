import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { serveStaticPortal, StaticPortalHandle } from '@apex/devstack';
import { workspaceRoot } from '@apex/testing';

export interface PortalBrowser {
  portal: StaticPortalHandle;
  browser: Browser;
  page: Page;
  stop(): Promise<void>;
}

/** The built portal (dist/apps/web) served against apiUrl, and a headless Chromium with one page open. */
export async function startPortalBrowser(options: { port: number; apiUrl: string }): Promise<PortalBrowser> {
  const portal = await serveStaticPortal({ root: join(workspaceRoot, 'dist/apps/web/browser'), port: options.port, apiUrl: options.apiUrl });
  let browser: Browser | undefined;
  const stop = async () => {
    await browser?.close();
    await portal.stop();
  };
  try {
    browser = await chromium.launch({
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    return { portal, browser, page, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
