import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowBundleOptions } from '@apex/temporal';

async function main(outFile: string): Promise<void> {
  const { code } = await bundleWorkflowCode(workflowBundleOptions(resolve(__dirname, '../../..')));
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, code);
  console.log(`Workflow bundle written to ${outFile} (${Math.round(code.length / 1024)} KiB)`);
}

main(resolve(process.argv[2] ?? 'dist/apps/worker/workflow-bundle.js')).catch((error) => {
  console.error(error);
  process.exit(1);
});
