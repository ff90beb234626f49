import type { ModelResolution, SpendProfile, UnpricedModel } from '@apex/contracts';
import type { ServiceTier } from '@apex/domain';
import type { AgentContext } from '../agents/agent-context';
import type { EvidenceDay } from '../findings/evidence';

/** The cost rows of one UTC day that share currency, provider, service, model spelling and service tier, summed. */
export interface UsageGroup {
  day: string;
  currency: string;
  isAi: boolean;
  providerName: string;
  service: string | null;
  /** The model as the rows spell it. */
  model: string | null;
  tier: ServiceTier;
  rowCount: number;
  effectiveCost: string;
  billedCost: string;
  listCost: string | null;
  inputTokens: string;
  cachedTokens: string;
  outputTokens: string;
  requests: string;
}

/** The day digests of the recent window's AI rows of one currency, provider and model spelling (see evidence.ts). */
export interface SpellingDays {
  currency: string;
  providerName: string;
  model: string | null;
  days: Array<Omit<EvidenceDay, 'filterIndex'>>;
}

/** How one model spelling of the rows resolved in the run's price book. */
export interface SpellingResolution {
  providerName: string;
  model: string;
  resolution: ModelResolution;
}

/** What the data agent measured, kept for the run's other agents (aggregates only, never rows). */
export interface RunProfile {
  context: AgentContext;
  /** The 90-day window's groups, AI and other spend. */
  groups: UsageGroup[];
  /** The 30-day window's AI rows, for evidence. */
  evidence: SpellingDays[];
  resolutions: SpellingResolution[];
  profiles: SpendProfile[];
  unpriced: UnpricedModel[];
}
