import type { CostRowsFilter } from './value-metrics';
import type { Feature, Tier, UpgradeOffer } from './plans';
import type { RunView } from './usage';

/*
 * What a supervisor run finds. Every amount is a decimal string in `currency`, computed from the organisation's
 * own cost rows and one price-book version. A finding's savings are *potential*: only a proof verifies a saving.
 */

export const RECOMMENDATION_KINDS = [
  'model_substitution',
  'prompt_caching',
  'batch',
  'service_tier',
  'long_context',
  'deprecated_model',
  'commitment_coverage',
  'unused_commitment',
  'idle_resource',
] as const;
export type RecommendationKind = (typeof RECOMMENDATION_KINDS)[number];

export const RECOMMENDATION_STATUSES = ['open', 'accepted', 'dismissed', 'implemented'] as const;
export type RecommendationStatus = (typeof RECOMMENDATION_STATUSES)[number];

/** The agents of a run, in the order they work. */
export const OPTIMIZER_AGENTS = ['data', 'model_substitution', 'prompt_caching', 'batch', 'service_tier', 'deprecated_model', 'cloud', 'reporting'] as const;
export type OptimizerAgent = (typeof OPTIMIZER_AGENTS)[number];

/** Which plan feature lets an agent work: Free runs caching and batch, Early every LLM agent, Mid the cloud agent too. */
export const AGENT_FEATURE: Record<Exclude<OptimizerAgent, 'data' | 'reporting'>, Feature> = {
  prompt_caching: 'simple_optimization',
  batch: 'simple_optimization',
  model_substitution: 'advanced_optimization',
  service_tier: 'advanced_optimization',
  deprecated_model: 'advanced_optimization',
  cloud: 'all_agents',
};

export type Effort = 'low' | 'medium' | 'high';
export type Risk = 'low' | 'medium' | 'high';

export interface RecommendationScope {
  provider: string | null;
  service: string | null;
  /** The canonical model (price-book id) the finding concerns. */
  model: string | null;
  resource: string | null;
}

/** The cost rows a finding rests on: what selects them, how many, how much, and a digest of exactly those rows. */
export interface RecommendationEvidence {
  /** One filter per model name as the rows spell it (a canonical model may be spelt several ways). */
  filters: CostRowsFilter[];
  rowCount: number;
  /** The rows' EffectiveCost total. */
  amount: string;
  /** See `evidenceDigest` in the optimizer: SHA-256 over the rows' ids and amounts, in id order, day by day. */
  sha256: string;
}

/** The saving if `sharePercent` of the traffic moved (substitution) or qualified (caching, batch). */
export interface SavingsScenario {
  sharePercent: number;
  monthlySavings: string;
}

export interface MonthlySavings {
  low: string;
  expected: string;
  high: string;
}

export interface RecommendationView {
  id: string;
  kind: RecommendationKind;
  title: string;
  steps: string[];
  docUrl: string;
  scope: RecommendationScope;
  evidence: RecommendationEvidence;
  priceBookVersion: number;
  currency: string;
  monthlySavings: MonthlySavings;
  scenarios: SavingsScenario[];
  assumptions: string[];
  effort: Effort;
  risk: Risk;
  /** Set on substitutions: "quality not verified: prove it with a measured trial". */
  caveat: string | null;
  status: RecommendationStatus;
  statusReason: string | null;
  statusChangedAt: string | null;
  firstRunId: string;
  lastRunId: string;
  createdAt: string;
  updatedAt: string;
}

export interface RecommendationPage {
  items: RecommendationView[];
  next: string | null;
}

/** What the data agent measured, per currency. */
export interface SpendProfile {
  currency: string;
  windowDays: 30 | 90;
  from: string;
  to: string;
  aiSpend: string;
  cloudSpend: string;
  rowCount: number;
  byProvider: Array<{ key: string; amount: string }>;
  byService: Array<{ key: string; amount: string }>;
  byModel: ModelUsage[];
  /** Spend per UTC hour of day (0–23) and weekday (0 = Sunday), where rows are hourly; null otherwise. */
  hourly: { byHour: string[]; byWeekday: string[] } | null;
  /**
   * Share of commitment-eligible spend covered by commitments, from FOCUS pricing and commitment columns, by
   * EffectiveCost over the window's Usage rows (so a committed dollar counts at its discounted price):
   *   covered  = rows used under a commitment (PricingCategory 'Committed' or a CommitmentDiscountId, and not
   *              CommitmentDiscountStatus 'Unused');
   *   eligible = covered + on-demand rows (PricingCategory 'Standard') of the provider and ServiceCategory pairs
   *              that have commitment rows (used or unused) in the window; unused commitment rows are in neither.
   * Null when no row of the window carries a commitment, so that nothing is eligible by this definition (rows
   * without pricing or commitment columns included).
   */
  commitmentCoverage: { eligibleSpend: string; coveredSpend: string; coveragePercent: string } | null;
  /**
   * FinOps Effective Savings Rate by provider and service, largest list cost first: (ListCost − EffectiveCost) ÷
   * ListCost over the window's Usage rows that carry a ListCost. Unused commitment rows count their EffectiveCost and
   * a ListCost of 0, whatever ListCost they carry (no usage was bought with them), so waste lowers the rate. Services
   * whose rows carry no ListCost are left out.
   */
  effectiveSavingsRate: EffectiveSavingsRate[];
}

export interface EffectiveSavingsRate {
  provider: string;
  service: string | null;
  listCost: string;
  effectiveCost: string;
  /** Percent, two decimals; negative when the rows cost more than list. */
  ratePercent: string;
}

export interface ModelUsage {
  /** The model as the rows spell it. */
  name: string;
  provider: string;
  /** Canonical price-book model, or null when it did not resolve. */
  resolved: string | null;
  amount: string;
  rowCount: number;
  uncachedInputTokens: string;
  cachedInputTokens: string;
  outputTokens: string;
  requests: string;
  /** Uncached plus cached input tokens per request; null without requests. */
  averageInputTokensPerRequest: string | null;
}

/** A model name from the rows that the price book could not price: listed with its spend, priced at nothing. */
export interface UnpricedModel {
  name: string;
  provider: string;
  amount: string;
  rowCount: number;
  reason: string;
}

/** What a higher tier would add to this run, in figures from the same data. */
export interface LockedFindings {
  tier: Tier;
  feature: Feature;
  findingCount: number;
  /** Expected monthly savings of those findings, by currency. */
  upTo: Array<{ currency: string; monthlySavings: string }>;
  upgrade: UpgradeOffer | null;
}

export type RunReportStatus = 'analysed' | 'no_data';

/** GET /runs/:id: the run and what it found. */
export interface RunReport {
  runId: string;
  status: RunReportStatus;
  /** Plain words for the user: the summary, or why there was nothing to analyse. */
  summary: string;
  /** 'model' when a language model wrote the summary around the computed figures; 'template' otherwise. */
  summarySource: 'template' | 'model';
  priceBookVersion: number | null;
  agents: OptimizerAgent[];
  profiles: SpendProfile[];
  /** Findings ranked by expected monthly savings, highest first. */
  findings: RecommendationView[];
  /** Sum of the findings' expected monthly savings, per currency: a potential, never a saving. */
  potentialMonthlySavings: Array<{ currency: string; amount: string }>;
  unpriced: UnpricedModel[];
  locked: LockedFindings[];
  /** The language model's part, when one wrote the summary: its tokens (the run's tokensUsed) and their price. */
  narrative: NarrativeUsage | null;
  createdAt: string;
}

export interface NarrativeUsage {
  model: string;
  promptTokens: number;
  completionTokens: number;
  /** What those tokens cost at the price book's prices for the model, in USD; null when the model is not priced. */
  cost: string | null;
  /** Set when the model's text was discarded for the templated summary, saying why. */
  discarded: string | null;
}

/** The run workflow's query: which agent is working and how far the run has got. */
export interface RunProgress {
  agent: OptimizerAgent | null;
  completed: OptimizerAgent[];
  /** Agents this run will run, in order. */
  planned: OptimizerAgent[];
  findings: number;
  state: 'starting' | 'working' | 'finished' | 'cancelled' | 'failed';
}

export const runProgressQueryName = 'runProgress';

/** GET /runs/:id: the run, its live progress while it works (null once it has ended), and its report once it has one. */
export interface RunDetail extends RunView {
  progress: RunProgress | null;
  report: RunReport | null;
}
