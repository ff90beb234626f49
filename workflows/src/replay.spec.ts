import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { workflowBundleOptions } from '@apex/temporal';
import { workspaceRoot } from '@apex/testing';

/*
 * Histories recorded from earlier versions of the workflows (tools/workflow-history/record.ts). Each must replay
 * against today's code without a non-determinism error: a workflow in flight when the code changed resumes from
 * exactly such a history. A change of shape goes behind `patched` and adds a history; none is ever re-recorded.
 */
const HISTORIES = join(__dirname, 'histories');
const WORKFLOW_TYPES: Record<string, string> = { proof: 'proofWorkflow', 'supervisor-run': 'supervisorRunWorkflow', sandbox: 'sandboxWorkflow' };

function recorded() {
  return readdirSync(HISTORIES)
    .filter((file) => file.endsWith('.history.bin'))
    .sort()
    .map((file) => {
      const history = temporal.api.history.v1.History.decode(readFileSync(join(HISTORIES, file)));
      const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
      return { file, history, workflowType: started?.workflowType?.name ?? null };
    });
}

describe('recorded workflow histories replay against the current code', () => {
  const histories = recorded();
  const { workflowsPath, webpackConfigHook } = workflowBundleOptions(workspaceRoot);

  it('has a history of the proof, the supervisor run and the sandbox, and of the supervisor run from before the cloud agent', () => {
    const files = histories.map((h) => h.file);
    expect(histories.map((h) => h.workflowType)).toEqual(expect.arrayContaining(Object.values(WORKFLOW_TYPES)));
    expect(files).toContain('supervisor-run-before-cloud-agent.history.bin');
  });

  it.each(histories.map((h) => [h.file, h] as const))('%s replays deterministically', async (_file, { file, history, workflowType }) => {
    expect(workflowType).toBe(WORKFLOW_TYPES[file.replace(/-(before-.*|\d{4}-\d{2}-\d{2})\.history\.bin$/, '')]);
    await expect(Worker.runReplayHistory({ workflowsPath, bundlerOptions: { webpackConfigHook }, replayName: file }, history, file)).resolves.toBeUndefined();
  });
});
