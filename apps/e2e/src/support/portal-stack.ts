import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, Stack, startStack } from '@apex/devstack';
import { createTestDatabase, TestDatabase, workspaceRoot } from '@apex/testing';
import { PortalBrowser, startPortalBrowser } from './portal-browser';
import { SCREENSHOTS } from './portal-page';

export interface PortalStack extends PortalBrowser {
  database: TestDatabase;
  stack: Stack;
  dataDir: string;
}

/**
 * A fresh test database, the whole back end on it (API, worker, Temporal, SMTP catcher) and the built portal
 * in a headless browser; `stop()` ends them all and removes the data directory.
 */
export async function startPortalStack(options: { name: string; env?: Record<string, string> }): Promise<PortalStack> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const database = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), `apex-portal-${options.name}-`));
  let stack: Stack | undefined;
  let ui: PortalBrowser | undefined;
  const stop = async () => {
    await ui?.stop();
    await stack?.stop();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    // The portal's address is fixed up front so that the links in the emails the API sends lead to it.
    const portalPort = await freePort();
    stack = await startStack({
      workspaceRoot,
      dataDir,
      persistent: false,
      ports: { api: 0, postgres: 0, temporal: 0, temporalUi: 0, smtp: 0, inbox: 0 },
      external: { databaseUrl: database.url },
      env: { LOG_LEVEL: 'warn', APP_URL: `http://127.0.0.1:${portalPort}`, ...options.env },
      output: () => undefined,
    });
    ui = await startPortalBrowser({ port: portalPort, apiUrl: stack.apiUrl });
    return { ...ui, database, stack, dataDir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
