import { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporalBinaries } from '@apex/devstack';
import { workspaceRoot } from './workspace-root';

/** The Java time-skipping test server: a seven-day timer passes in milliseconds. */
export function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const { testServerPath } = temporalBinaries(workspaceRoot);
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: testServerPath } },
  });
}

/** A real Temporal dev server (the CLI's), on free ports. */
export function createLocalEnv(): Promise<TestWorkflowEnvironment> {
  const { cliPath } = temporalBinaries(workspaceRoot);
  return TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: cliPath }, ip: '127.0.0.1', ui: false },
  });
}
