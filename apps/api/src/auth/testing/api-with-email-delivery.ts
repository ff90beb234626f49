import { afterAll, beforeAll } from '@jest/globals';
import { DataSource } from 'typeorm';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { SmtpCatcherHandle } from '@apex/devstack';
import { createLocalEnv, createTestDatabase, startTestSmtp, TestDatabase } from '@apex/testing';
import { ApiUnderTest, startApiUnderTest } from '../../testing/api-under-test';
import { startAccountEmailWorker } from './account-fixtures';

export interface ApiWithEmailDelivery {
  database: TestDatabase;
  temporal: TestWorkflowEnvironment;
  smtp: SmtpCatcherHandle;
  api: ApiUnderTest;
  db: DataSource;
  stop(): Promise<void>;
}

/**
 * The API on a fresh database with a local Temporal, a catching SMTP server and a worker
 * delivering account emails, whose links lead to http://portal.test; `env` adds to or overrides the API's settings.
 */
export async function startApiWithEmailDelivery(env: Record<string, string> = {}): Promise<ApiWithEmailDelivery> {
  let database: TestDatabase | undefined;
  let temporal: TestWorkflowEnvironment | undefined;
  let smtp: SmtpCatcherHandle | undefined;
  let api: ApiUnderTest | undefined;
  let worker: { stop(): Promise<void> } | undefined;
  const stop = async () => {
    await worker?.stop();
    await api?.close();
    await Promise.all([temporal?.teardown(), smtp?.stop()]);
    await database?.drop();
  };
  try {
    [database, temporal, smtp] = await Promise.all([createTestDatabase(), createLocalEnv(), startTestSmtp()]);
    api = await startApiUnderTest({
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: temporal.connection.options.address as string,
      SMTP_URL: smtp.smtpUrl,
      APP_URL: 'http://portal.test',
      ...env,
    });
    const db = api.app.get(DataSource);
    worker = await startAccountEmailWorker(api, temporal, smtp);
    return { database, temporal, smtp, api, db, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * The API with email delivery for the tests of the describe block that calls this: started before them (`env` as
 * for startApiWithEmailDelivery), stopped after them. Its parts are there from the block's first hook on.
 */
export function apiWithEmailDeliveryForSuite(env: Record<string, string> = {}): Readonly<ApiWithEmailDelivery> {
  const suite = {} as ApiWithEmailDelivery;
  beforeAll(async () => {
    Object.assign(suite, await startApiWithEmailDelivery(env));
  }, 120_000);
  afterAll(async () => {
    await suite.stop?.();
  });
  return suite;
}
