import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// Jest loads global setup outside its module map, so the path aliases do not resolve here.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { freePort } from '../../../devstack/src/ports';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { startEmbeddedPostgres } from '../../../devstack/src/embedded-postgres';

/**
 * One real PostgreSQL for the whole jest run, unless the caller already gives
 * one in APEX_TEST_DATABASE_URL (the full test command starts a single server
 * for every project).
 */
export default async function globalSetup(): Promise<void> {
  if (process.env['APEX_TEST_DATABASE_URL']) return;
  const dataDir = mkdtempSync(join(tmpdir(), 'apex-test-pg-'));
  const server = await startEmbeddedPostgres({ dataDir, port: await freePort(), persistent: false });
  process.env['APEX_TEST_DATABASE_URL'] = server.adminUrl;
  (globalThis as { __apexPostgres?: typeof server }).__apexPostgres = server;
}
