import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { temporalBinaries } from '@apex/devstack';
import { workspaceRoot } from './workspace-root';

let runtimeInstalled = false;

/** Workers in tests log warnings and errors only. */
function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Already installed in this process by an earlier test file; its settings stand.
  }
}

/** The Java time-skipping test server: a seven-day timer passes in milliseconds. */
export function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  const { testServerPath } = temporalBinaries(workspaceRoot);
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: testServerPath } },
  });
}

/** A real Temporal dev server (the CLI's), on free ports. */
export function createLocalEnv(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  const { cliPath } = temporalBinaries(workspaceRoot);
  return TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: cliPath }, ip: '127.0.0.1', ui: false },
  });
}
