import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { PricingTerms, RoiForecast, RoiOtherCurrency, RoiPotentialPart, RoiRange, RoiVerifiedPart, Tier } from '@apex/contracts';
import { ROI_DAYS_PER_MONTH } from '@apex/contracts';
import { OrganizationBilling } from '@apex/billing';
import { Decimal, formatUsdAmount, roiFigures, scaled, verifiedMonthlyRate, VerifiedProofSavings } from '@apex/domain';
import { PotentialSavingsSum, RecommendationsStore } from '@apex/optimizer';

const BILLING_CURRENCY = 'USD';
const MS_PER_DAY = 86_400_000;

interface VerifiedProofRow {
  currency: string;
  savings: string;
  reporting_days: number;
}

const dayAfter = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * MS_PER_DAY);
const dayOf = (date: Date) => date.toISOString().slice(0, 10);
const money = (amount: Decimal | string) => formatUsdAmount(Decimal.of(amount).toFixed(2));
/** "$560.00 a month ($450.00–$670.00)", or "$300.00 a month" when low and high are the same. */
const monthlyText = (range: RoiRange) => `${money(range.expected)} a month${range.low === range.high ? '' : ` (${money(range.low)}–${money(range.high)})`}`;
const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;
const tierName = (tier: string) => tier.charAt(0).toUpperCase() + tier.slice(1);

function sumRanges(sums: PotentialSavingsSum[]): RoiRange | null {
  if (sums.length === 0) return null;
  const total = (key: keyof RoiRange) => Decimal.sum(sums.map((sum) => sum.monthlySavings[key])).toString();
  return { low: total('low'), expected: total('expected'), high: total('high') };
}

/**
 * The ROI calculator's reads and figures for one organisation: its verified proofs (SQL over `proofs`), the potential
 * of its open and accepted recommendations (through the optimizer's store), and its fee from the AI spend billing
 * measures, priced by billing's own function (`spendBasedCharge`, through `roiFigures` in the domain).
 */
@Injectable()
export class RoiService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly billing: OrganizationBilling,
    private readonly recommendations: RecommendationsStore,
  ) {}

  /** Finished proofs with the verdict `verified`, with the savings of their reporting periods. */
  async verifiedProofs(orgId: string): Promise<Array<VerifiedProofSavings & { currency: string }>> {
    const rows = (await this.db.query(
      `SELECT currency, savings::text AS savings, reporting_days
         FROM proofs
        WHERE org_id = $1 AND verdict = 'verified' AND savings IS NOT NULL
        ORDER BY finished_at, id`,
      [orgId],
    )) as VerifiedProofRow[];
    return rows.map((row) => ({ currency: row.currency.trim(), savings: row.savings, reportingDays: row.reporting_days }));
  }

  /** The latest UTC day with AI spend in the billing currency, and whether the organisation has any cost rows at all. */
  private async latestAiSpendDay(orgId: string): Promise<{ lastDay: string | null; anyCostRows: boolean }> {
    const [row] = (await this.db.query(
      `SELECT to_char(max((charge_period_start AT TIME ZONE 'UTC')::date) FILTER (WHERE is_ai AND billing_currency = $2), 'YYYY-MM-DD') AS last_day,
              count(*) > 0 AS any_rows
         FROM cost_rows
        WHERE org_id = $1`,
      [orgId, BILLING_CURRENCY],
    )) as Array<{ last_day: string | null; any_rows: boolean }>;
    return { lastDay: row?.last_day ?? null, anyCostRows: row?.any_rows ?? false };
  }

  /** A self-serve plan's own price rule, for an organisation not on it yet (a sandbox's prospect asking about Early). */
  private async planTerms(tier: Tier): Promise<PricingTerms | null> {
    const [row] = (await this.db.query(
      `SELECT tier, pricing_rule, flat_monthly_cents, percent_of_spend::text AS percent_of_spend,
              contract_percent_min::text AS contract_percent_min, contract_percent_max::text AS contract_percent_max
         FROM plans WHERE tier = $1`,
      [tier],
    )) as Array<Record<string, unknown>>;
    if (!row) return null;
    return {
      tier: row['tier'] as Tier,
      rule: row['pricing_rule'] as PricingTerms['rule'],
      flatMonthlyCents: row['flat_monthly_cents'] as number | null,
      percentOfSpend: row['percent_of_spend'] as string | null,
      contractPercent: null,
      contractMinimumCents: null,
      contractPercentMin: row['contract_percent_min'] as string | null,
      contractPercentMax: row['contract_percent_max'] as string | null,
    };
  }

  /**
   * The ROI of the organisation at its measured AI spend × `spendScale` (1 unless a what-if); with `onTier`, the fee
   * is that plan's instead of the organisation's own.
   */
  async forecast(orgId: string, spendScale: Decimal = Decimal.ONE, onTier?: Tier): Promise<RoiForecast> {
    const { lastDay, anyCostRows } = await this.latestAiSpendDay(orgId);
    if (!lastDay) return noCostData(anyCostRows);

    const to = dayAfter(lastDay, 1);
    const from = dayAfter(lastDay, 1 - ROI_DAYS_PER_MONTH);
    const [measured, terms, proofs, potential] = await Promise.all([
      this.billing.measuredAiSpend(orgId, from, to),
      onTier ? this.planTerms(onTier) : this.billing.pricingTerms(orgId),
      this.verifiedProofs(orgId),
      this.recommendations.potentialByStatus(orgId),
    ]);
    if (!terms) throw new Error(`organisation ${orgId} has no plan`);

    const inBillingCurrency = <T extends { currency: string }>(items: T[]) => items.filter((item) => item.currency === BILLING_CURRENCY);
    const usdProofs = inBillingCurrency(proofs);
    const usdPotential = inBillingCurrency(potential);
    const figures = roiFigures({ terms, measured, spendScale, verifiedProofs: usdProofs, potential: sumRanges(usdPotential) });
    const whatIf = !spendScale.eq(Decimal.ONE);
    const scaleText = spendScale.toString();

    const measuredSavings = Decimal.sum(usdProofs.map((proof) => proof.savings));
    const verified: RoiVerifiedPart = figures.verifiedMonthly
      ? {
          kind: 'verified',
          status: 'verified',
          proofCount: usdProofs.length,
          measuredSavings: measuredSavings.toFixed(2),
          monthly: figures.verifiedMonthly.toFixed(2),
          message:
            `Verified by ${plural(usdProofs.length, 'proof')}: ${money(measuredSavings)} saved over ` +
            `${usdProofs.length === 1 ? 'its reporting period' : 'their reporting periods'}, a rate of ${money(figures.verifiedMonthly)} a month${whatIf ? ` at ${scaleText}× your spend` : ''}.`,
        }
      : {
          kind: 'verified',
          status: 'nothing_verified',
          proofCount: 0,
          measuredSavings: null,
          monthly: null,
          message: 'Nothing verified yet: no proof has verified a saving. A proof measures an implemented recommendation against its baseline.',
        };

    const potentialCount = usdPotential.reduce((count, sum) => count + sum.count, 0);
    const potentialPart: RoiPotentialPart = figures.potentialMonthly
      ? {
          kind: 'potential',
          status: 'potential',
          recommendationCount: potentialCount,
          byStatus: usdPotential.map((sum) => ({
            status: sum.status,
            count: sum.count,
            monthly: {
              low: scaled(Decimal.of(sum.monthlySavings.low), spendScale).toFixed(2),
              expected: scaled(Decimal.of(sum.monthlySavings.expected), spendScale).toFixed(2),
              high: scaled(Decimal.of(sum.monthlySavings.high), spendScale).toFixed(2),
            },
          })),
          monthly: fixed(figures.potentialMonthly),
          message:
            `Potential, not yet a saving: ${plural(potentialCount, 'open or accepted recommendation')} ` +
            `${potentialCount === 1 ? 'expects' : 'expect'} ${monthlyText(fixed(figures.potentialMonthly))}${whatIf ? ` at ${scaleText}× your spend` : ''}.`,
        }
      : {
          kind: 'potential',
          status: 'nothing_open',
          recommendationCount: 0,
          byStatus: [],
          monthly: null,
          message: 'No open or accepted recommendation: run an analysis to find what Apex can cut.',
        };

    const forecast = figures.forecast ? fixed(figures.forecast) : null;
    const message = forecast
      ? `${whatIf ? `At ${scaleText}× your AI spend, Apex would save you` : 'Based on your usage, Apex will save you'} ${monthlyText(forecast)}.`
      : 'Nothing verified yet and no open or accepted recommendation, so there is no savings figure yet: run an analysis to find what Apex can save you.';

    const window = `${dayOf(from)} to ${lastDay}`;
    const method = [
      `Measured AI spend: the effective cost of your AI cost rows in ${BILLING_CURRENCY} over the ${ROI_DAYS_PER_MONTH} days up to the latest day with AI spend (${window}), summed as billing measures a period: ${money(measured.amount)} over ${plural(measured.rowCount, 'cost row')}.`,
      `Fee: ${onTier ? 'the' : 'your'} ${tierName(terms.tier)} plan's price rule applied to that spend${whatIf ? ` × ${scaleText}` : ''} by the same function that prices each billing period: ${figures.fee.description.replace(/\.$/, '')}.`,
      `Verified: each verified proof's savings ÷ its reporting days × ${ROI_DAYS_PER_MONTH}, to the cent, summed.`,
      'Potential: the expected (low to high) monthly savings of your open and accepted recommendations, summed. A potential is not a saving until a proof verifies it.',
      `ROI = (monthly savings − fee) ÷ fee; breakeven days = fee ÷ (monthly savings ÷ ${ROI_DAYS_PER_MONTH}). Each is shown for the verified savings alone and for verified plus potential.`,
    ];
    if (whatIf) {
      method.push(`What-if: your measured AI spend and every monthly figure × ${scaleText}, assuming savings grow and shrink in proportion to spend; the fee is priced on the scaled spend.`);
    }
    const otherCurrencies = otherCurrencyFigures(proofs, potential, spendScale);
    if (otherCurrencies.length > 0) {
      method.push(`Figures in ${otherCurrencies.map((other) => other.currency).join(', ')} are listed apart, never converted, and are not in the ROI: Apex bills in ${BILLING_CURRENCY}.`);
    }

    return {
      status: 'ready',
      message,
      currency: BILLING_CURRENCY,
      spend: {
        from: dayOf(from),
        to: dayOf(to),
        measured: Decimal.of(measured.amount).toFixed(2),
        rowCount: measured.rowCount,
        spendScale: scaleText,
        scaled: figures.scaledSpend.round(2).toFixed(2),
      },
      fee: figures.fee,
      verified,
      potential: potentialPart,
      forecast,
      scenarios: figures.scenarios,
      otherCurrencies,
      method,
    };
  }
}

const fixed = (range: RoiRange<Decimal>): RoiRange => ({ low: range.low.toFixed(2), expected: range.expected.toFixed(2), high: range.high.toFixed(2) });

function otherCurrencyFigures(proofs: Array<VerifiedProofSavings & { currency: string }>, potential: PotentialSavingsSum[], spendScale: Decimal): RoiOtherCurrency[] {
  const currencies = [...new Set([...proofs, ...potential].map((item) => item.currency))].filter((currency) => currency !== BILLING_CURRENCY).sort();
  return currencies.map((currency) => {
    const rate = verifiedMonthlyRate(proofs.filter((proof) => proof.currency === currency));
    const sums = sumRanges(potential.filter((sum) => sum.currency === currency));
    return {
      currency,
      verifiedMonthly: rate === null ? null : scaled(rate, spendScale).toFixed(2),
      potentialMonthly: sums && fixed({ low: scaled(Decimal.of(sums.low), spendScale), expected: scaled(Decimal.of(sums.expected), spendScale), high: scaled(Decimal.of(sums.high), spendScale) }),
    };
  });
}

function noCostData(anyCostRows: boolean): RoiForecast {
  return {
    status: 'no_cost_data',
    message: anyCostRows
      ? `No AI spend in ${BILLING_CURRENCY} has been measured yet, and the ROI is worked out from it: upload a FOCUS file or connect a provider account with AI spend.`
      : 'Your organisation has no cost data yet, and the ROI is worked out from your measured AI spend: connect a cloud or AI provider account, or upload a FOCUS file.',
    currency: BILLING_CURRENCY,
    spend: null,
    fee: null,
    verified: null,
    potential: null,
    forecast: null,
    scenarios: null,
    otherCurrencies: [],
    method: [],
  };
}
