import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { WorkerOptions } from '@temporalio/worker';
import { workflowBundleOptions } from '@apex/temporal';

/**
 * A built worker ships `workflow-bundle.js` beside its main file; from source,
 * the workflows are bundled at start-up.
 */
export function workflowSource(): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath' | 'bundlerOptions'> {
  const prebuilt = process.env['WORKFLOW_BUNDLE_PATH'] ?? join(__dirname, 'workflow-bundle.js');
  if (existsSync(prebuilt)) return { workflowBundle: { codePath: prebuilt } };
  const { workflowsPath, webpackConfigHook } = workflowBundleOptions(resolve(__dirname, '../../..'));
  return { workflowsPath, bundlerOptions: { webpackConfigHook } };
}
