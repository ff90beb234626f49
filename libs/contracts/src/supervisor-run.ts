import type { OptimizerAgent } from './optimizer';
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

/** The run's bookkeeping: its status and its usage. */
export interface RunBookkeepingActivities {
  /** Moves an admitted run to running and returns its status afterwards; only a 'running' run may do its work. */
  markRunRunning(runId: string): Promise<RunStatus>;
  /** Ends a run that has not ended yet; ending it again changes nothing. */
  finishRun(runId: string, ending: RunEnding): Promise<void>;
  /** Reports the ended run's usage; keyed on the run id, so a retry records nothing twice. */
  recordRunUsage(runId: string): Promise<void>;
}

/** The supervisor's agents. Each is idempotent: retried, it replaces what it wrote before. */
export interface OptimizerActivities {
  /** Profiles the organisation's cost rows for the run's other agents; `hasData` is false when there are none. */
  runDataAgent(runId: string): Promise<{ hasData: boolean }>;
  /** One optimization agent over the data agent's profile; answers how many findings it made. */
  runOptimizationAgent(runId: string, agent: OptimizationAgentName): Promise<{ findings: number }>;
  /** Ranks and files the findings as recommendations and writes the run's report. */
  runReportingAgent(runId: string): Promise<SupervisorRunOutcome>;
}

export type OptimizationAgentName = Exclude<OptimizerAgent, 'data' | 'reporting'>;

export type SupervisorRunActivities = RunBookkeepingActivities & OptimizerActivities;

/** One page of an organisation's runs, newest first; `next` is the cursor for the following page. */
export interface RunPage {
  items: RunView[];
  next: string | null;
}
