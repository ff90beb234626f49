import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AGENT_FEATURE, LockedFindings, NarrativeUsage, OPTIMIZER_AGENTS, SupervisorRunOutcome, UpgradeOffer } from '@apex/contracts';
import type { Feature } from '@apex/contracts';
import { Decimal, priceSplit } from '@apex/domain';
import { EntitlementsPort } from '@apex/entitlements';
import type { Finding } from '../findings/finding';
import { NarrativeWriter } from '../narrative';
import type { RunPrices } from '../agents/data/data-agent';
import type { RunProfile } from '../profile/run-profile';
import { RecommendationsStore } from '../stores/recommendations.store';
import { RunReportsStore } from '../stores/run-reports.store';
import { NO_DATA_SUMMARY, summaryFacts } from './report-summary';
import { SequencedFinding, sequenceFindings, totalsByCurrency } from './sequence-findings';

/**
 * A finding whose sequenced figure rounds to nothing is not worth a recommendation, unless it warns of a retired model
 * or of a commitment paid for and unused (whose expected saving is nil when nothing on demand could fill it).
 */
const worthShowing = ({ finding }: SequencedFinding) =>
  finding.kind === 'deprecated_model' ||
  Decimal.of(finding.monthlySavings.expected).isPositive() ||
  (finding.kind === 'unused_commitment' && Decimal.of(finding.monthlySavings.high).isPositive());


/**
 * The reporting agent: applies the findings in sequence, ranks them, files the ones the plan shows as
 * recommendations (a later run updates them), counts what a higher tier would add, and writes the run's report
 * with a summary of the computed figures, in a language model's words when one is configured.
 */
@Injectable()
export class ReportingAgent {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly entitlements: EntitlementsPort,
    private readonly recommendations: RecommendationsStore,
    private readonly reports: RunReportsStore,
    private readonly narrative: NarrativeWriter,
  ) {}

  async noData(orgId: string, runId: string): Promise<SupervisorRunOutcome> {
    await this.db.transaction((tx) =>
      this.reports.save(tx, orgId, {
        runId,
        status: 'no_data',
        summary: NO_DATA_SUMMARY,
        summarySource: 'template',
        priceBookVersion: null,
        agents: ['data', 'reporting'],
        profiles: [],
        potentialMonthlySavings: [],
        unpriced: [],
        locked: [],
        narrative: null,
      }),
    );
    return { tokensUsed: 0, costSaved: '0' };
  }

  async report(orgId: string, runId: string, profile: RunProfile, findings: Finding[], prices: RunPrices | null): Promise<SupervisorRunOutcome> {
    const { features } = await this.entitlements.forOrganization(orgId);
    const unlocked = (finding: Finding) => features.includes(AGENT_FEATURE[finding.agent as keyof typeof AGENT_FEATURE]);
    const sequenced = sequenceFindings(findings, unlocked).filter(worthShowing);
    const shown = sequenced.filter((s) => s.unlocked).sort((a, b) => Decimal.of(b.finding.monthlySavings.expected).compare(a.finding.monthlySavings.expected));
    const locked = await this.locked(sequenced.filter((s) => !s.unlocked));
    const potential = totalsByCurrency(shown, 'expected');
    const recent = profile.profiles.filter((p) => p.windowDays === 30);

    const facts = summaryFacts({
      rowCount: recent.reduce((n, p) => n + p.rowCount, 0),
      days: profile.context.recent.days,
      aiSpend: recent.map((p) => ({ currency: p.currency, amount: p.aiSpend })),
      priceBookVersion: profile.context.priceBookVersion,
      shown,
      potential,
      unpriced: profile.unpriced,
      locked,
    });
    const templated = facts.join(' ');
    const narrative = await this.narrative.write({ templated, facts });
    const usage = this.narrativeUsage(narrative, prices);

    await this.db.transaction(async (tx) => {
      await this.recommendations.file(tx, orgId, runId, shown.map((s) => s.finding));
      await this.reports.save(tx, orgId, {
        runId,
        status: 'analysed',
        summary: narrative.text,
        summarySource: narrative.source,
        priceBookVersion: profile.context.priceBookVersion,
        agents: [...OPTIMIZER_AGENTS],
        profiles: profile.profiles,
        potentialMonthlySavings: potential,
        unpriced: profile.unpriced,
        locked,
        narrative: usage,
      });
    });
    // "Cost saved" is what proofs verify, read from them when shown (the API's RunSavings); a run only finds potential savings.
    return { tokensUsed: narrative.promptTokens + narrative.completionTokens, costSaved: '0' };
  }

  private async locked(findings: SequencedFinding[]): Promise<LockedFindings[]> {
    const byFeature = new Map<Feature, SequencedFinding[]>();
    for (const s of findings) {
      const feature = AGENT_FEATURE[s.finding.agent as keyof typeof AGENT_FEATURE];
      byFeature.set(feature, [...(byFeature.get(feature) ?? []), s]);
    }
    const result: LockedFindings[] = [];
    for (const [feature, group] of byFeature) {
      const upgrade: UpgradeOffer | null = await this.entitlements.upgradeForFeature(feature);
      result.push({
        tier: upgrade?.tier ?? 'enterprise',
        feature,
        findingCount: group.length,
        upTo: totalsByCurrency(group, 'high').map((t) => ({ currency: t.currency, monthlySavings: t.amount })),
        upgrade,
      });
    }
    return result.sort((a, b) => a.tier.localeCompare(b.tier));
  }

  /** The model's tokens priced from the price book as of today, when the model resolves there. */
  private narrativeUsage(narrative: Awaited<ReturnType<NarrativeWriter['write']>>, prices: RunPrices | null): NarrativeUsage | null {
    if (narrative.model === null) return null;
    let cost: string | null = null;
    const resolution = prices?.resolve(narrative.model, null);
    if (prices && resolution?.resolved) {
      const entry = prices.priceAt(resolution.provider, resolution.model, new Date().toISOString().slice(0, 10));
      const split = { uncachedInput: Decimal.of(narrative.promptTokens), cachedInput: Decimal.ZERO, output: Decimal.of(narrative.completionTokens), requests: Decimal.ONE };
      cost = entry ? (priceSplit(split, entry.prices)?.round(6).toString() ?? null) : null;
    }
    return { model: narrative.model, promptTokens: narrative.promptTokens, completionTokens: narrative.completionTokens, cost, discarded: narrative.discarded };
  }
}
