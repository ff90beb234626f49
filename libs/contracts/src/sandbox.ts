import type { CostFileUploaded } from './cost-files';
import type { RunProgress, RunReport } from './optimizer';
import type { RunStatus } from './usage';
import type { RoiForecast } from './roi';

/*
 * ROI before sign-up: a prospect's FOCUS file analysed in a sandbox organisation of its own, read with the sandbox
 * token (returned once, stored only as its SHA-256) and deleted by `sandbox-<id>` when it expires, unless an
 * account claimed it at sign-up. Every figure is the run's potential and the ROI calculator's, never a saving.
 */

/** The header that carries the sandbox token on the public sandbox routes. */
export const SANDBOX_TOKEN_HEADER = 'x-sandbox-token';

/** POST /sandboxes answers the token once; the browser keeps it. */
export interface SandboxCreated {
  sandboxId: string;
  token: string;
  expiresAt: string;
  file: CostFileUploaded;
}

/** GET /sandboxes/current: the sandbox's file, its analysis run and, once the run is done, its report and ROI. */
export interface SandboxView {
  sandboxId: string;
  expiresAt: string;
  file: { fileName: string; rowCount: number; periodStart: string; periodEnd: string };
  run: { id: string; status: RunStatus; failure: string | null; progress: RunProgress | null };
  /** The run's report once it has one: its findings are potential savings. */
  report: RunReport | null;
  /** The ROI calculator over the sandbox's rows and the report's recommendations, on the Free plan it runs on (no fee). */
  roi: RoiForecast;
  /** The same figures with the fee of Early, the first paid plan: what the prospect's ROI would be there. */
  earlyRoi: RoiForecast;
}

export interface SandboxWorkflowInput {
  sandboxId: string;
  /** ISO 8601: when the sandbox and everything of it is deleted unless claimed. */
  expiresAt: string;
}

export type SandboxEnding = 'deleted' | 'claimed';

export interface SandboxActivities {
  /** Deletes the sandbox's organisation and everything of it, unless an account claimed it; says which. */
  deleteExpiredSandbox(input: { sandboxId: string }): Promise<SandboxEnding>;
}

export const sandboxWorkflowName = 'sandboxWorkflow';
export const sandboxWorkflowId = (sandboxId: string) => `sandbox-${sandboxId}`;
/** An account claimed the sandbox at sign-up: the workflow ends without deleting anything. */
export const sandboxClaimedSignal = 'sandboxClaimed';
