import type { RecommendationView, RunDetail, RunProgress, RunReport, RunStatus, SpendProfile } from '@apex/contracts';

export const RUN_ID = 'run_0123456789abcdef01234567';

/** A prompt-caching finding of gpt-4o on OpenAI, as the optimizer files it. */
export function recommendation(overrides: Partial<RecommendationView> = {}): RecommendationView {
  return {
    id: 'rec_caching',
    kind: 'prompt_caching',
    title: 'Cache the repeated start of gpt-4o prompts: 0 % of input is cached today',
    steps: ['Put the parts every request repeats first.', 'Keep that prefix byte-for-byte identical between requests.'],
    docUrl: 'https://platform.openai.com/docs/guides/prompt-caching',
    scope: { provider: 'openai', service: null, model: 'gpt-4o', resource: null },
    evidence: {
      filters: [{ from: '2026-11-01', to: '2026-12-01', scope: 'ai', currency: 'USD', provider: 'OpenAI', model: 'gpt-4o' }],
      rowCount: 30,
      amount: '1050',
      sha256: 'a'.repeat(64),
    },
    priceBookVersion: 1,
    currency: 'USD',
    monthlySavings: { low: '93.75', expected: '187.5', high: '281.25' },
    scenarios: [
      { sharePercent: 25, monthlySavings: '93.75' },
      { sharePercent: 50, monthlySavings: '187.5' },
      { sharePercent: 75, monthlySavings: '281.25' },
    ],
    assumptions: ['Requests average 5,000 input tokens.', 'Scenarios: a repeated prefix serves 25 %, 50 % or 75 % of the uncached input.'],
    effort: 'low',
    risk: 'low',
    caveat: null,
    status: 'open',
    statusReason: null,
    statusChangedAt: null,
    firstRunId: RUN_ID,
    lastRunId: RUN_ID,
    createdAt: '2026-12-01T10:00:00.000Z',
    updatedAt: '2026-12-01T10:00:00.000Z',
    ...overrides,
  };
}

/** The fields of a spend profile that the report shows; the rest is the data agent's detail. */
const recentProfile = {
  currency: 'USD',
  windowDays: 30,
  from: '2026-11-01',
  to: '2026-12-01',
  aiSpend: '1050',
  cloudSpend: '0',
  rowCount: 30,
} satisfies Partial<SpendProfile> as unknown as SpendProfile;

export function report(overrides: Partial<RunReport> = {}): RunReport {
  return {
    runId: RUN_ID,
    status: 'analysed',
    summary: 'Apex analysed 30 cost rows of the last 30 days, $1,050.00 of AI spend, priced with price book version 1.',
    summarySource: 'template',
    priceBookVersion: 1,
    agents: ['data', 'prompt_caching', 'batch', 'reporting'],
    profiles: [recentProfile],
    findings: [recommendation()],
    potentialMonthlySavings: [{ currency: 'USD', amount: '187.5' }],
    unpriced: [],
    locked: [],
    narrative: null,
    createdAt: '2026-12-01T10:00:05.000Z',
    ...overrides,
  };
}

export function progress(overrides: Partial<RunProgress> = {}): RunProgress {
  return { agent: 'prompt_caching', completed: ['data'], planned: ['data', 'prompt_caching', 'batch', 'reporting'], findings: 0, state: 'working', ...overrides };
}

export function detail(status: RunStatus, overrides: Partial<RunDetail> = {}): RunDetail {
  const working = status === 'admitted' || status === 'running';
  return {
    id: RUN_ID,
    status,
    workflowId: `run-${RUN_ID}`,
    admittedAt: '2026-12-01T10:00:00.000Z',
    startedAt: status === 'admitted' ? null : '2026-12-01T10:00:01.000Z',
    finishedAt: working ? null : '2026-12-01T10:00:06.000Z',
    tokensUsed: 0,
    costSaved: '0',
    failure: null,
    progress: working ? progress() : null,
    report: status === 'succeeded' ? report() : null,
    ...overrides,
  };
}
