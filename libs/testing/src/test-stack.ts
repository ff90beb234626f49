import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Stack, startStack } from '@apex/devstack';
import { createTestDatabase, TestDatabase } from './test-database';
import { workspaceRoot } from './workspace-root';

export interface TestStack extends Stack {
  database: TestDatabase;
}

/** The whole back end as real processes, on free ports, with a fresh database of its own. */
export async function startTestStack(env: Record<string, string> = {}): Promise<TestStack> {
  const database = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'apex-stack-'));
  try {
    const stack = await startStack({
      workspaceRoot,
      dataDir,
      persistent: false,
      ports: { api: 0, postgres: 0, temporal: 0, temporalUi: 0, smtp: 0, inbox: 0 },
      external: { databaseUrl: database.url },
      env: { LOG_LEVEL: 'warn', ...env },
      output: () => undefined,
    });
    return {
      ...stack,
      database,
      async stop() {
        await stack.stop();
        await database.drop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
