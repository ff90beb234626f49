import { resolve } from 'node:path';
import type { BundleOptions } from '@temporalio/worker';

type Aliases = Record<string, string>;

/** The tsconfig path aliases a workflow may import (contracts and domain only). */
export function workflowAliases(workspaceRoot: string): Aliases {
  return {
    '@apex/contracts': resolve(workspaceRoot, 'libs/contracts/src/index.ts'),
    '@apex/domain': resolve(workspaceRoot, 'libs/domain/src/index.ts'),
  };
}

export const workflowsEntry = (workspaceRoot: string) => resolve(workspaceRoot, 'workflows/src/index.ts');

/** Bundler options shared by the worker in development, the build and the tests. */
export function workflowBundleOptions(workspaceRoot: string): Pick<BundleOptions, 'workflowsPath' | 'webpackConfigHook'> {
  const aliases = workflowAliases(workspaceRoot);
  return {
    workflowsPath: workflowsEntry(workspaceRoot),
    webpackConfigHook: (config) => ({
      ...config,
      resolve: { ...config.resolve, alias: { ...(config.resolve?.alias as Aliases | undefined), ...aliases } },
    }),
  };
}
