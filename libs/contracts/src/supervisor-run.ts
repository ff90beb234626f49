import type { RunStatus, RunView } from './usage';

export interface SupervisorRunInput {
  runId: string;
  orgId: string;
  userId: string;
}

/** What a run's work measured. Never estimated: work that analysed nothing reports zeros. */
export interface SupervisorRunOutcome {
  tokensUsed: number;
  /** Decimal string. */
  costSaved: string;
}

export type RunEnding =
  | { status: 'succeeded'; outcome: SupervisorRunOutcome }
  | { status: 'failed'; failure: string }
  | { status: 'cancelled' };

export interface SupervisorRunActivities {
  /** Moves an admitted run to running and returns its status afterwards; only a 'running' run may do its work. */
  markRunRunning(runId: string): Promise<RunStatus>;
  executeSupervisorRun(runId: string): Promise<SupervisorRunOutcome>;
  /** Ends a run that has not ended yet; ending it again changes nothing. */
  finishRun(runId: string, ending: RunEnding): Promise<void>;
  /** Reports the ended run's usage; keyed on the run id, so a retry records nothing twice. */
  recordRunUsage(runId: string): Promise<void>;
}

/** One page of an organisation's runs, newest first; `next` is the cursor for the following page. */
export interface RunPage {
  items: RunView[];
  next: string | null;
}
