import type { RecommendationKind } from '@apex/contracts';
import { applyInSequence, Decimal } from '@apex/domain';
import type { Finding } from '../findings/finding';

/**
 * The order findings on the same spend are applied in: the model, then how it is called; for a cloud service, what
 * to remove (idle resources), then commitments already paid for, then new commitments on what remains.
 */
export const KIND_ORDER: RecommendationKind[] = [
  'model_substitution',
  'deprecated_model',
  'service_tier',
  'long_context',
  'prompt_caching',
  'batch',
  'idle_resource',
  'unused_commitment',
  'commitment_coverage',
];

/** A finding after the ones before it on the same spend took their share. */
export interface SequencedFinding {
  finding: Finding;
  /** Whether the organisation's plan shows it; locked findings come after every shown one in each sequence. */
  unlocked: boolean;
  /** Low, expected and high as three consistent worlds: every finding at its low, at its expected, at its high. */
  worlds: { low: Decimal; expected: Decimal; high: Decimal };
}

/**
 * The spend a finding rests on: its currency and its model, or its service for cloud findings (an idle resource's
 * too, so that a resource removed is not also committed to).
 */
const spendKey = (finding: Finding) =>
  [finding.currency, finding.scope.provider, finding.scope.model ?? `service:${finding.scope.service ?? ''}`].join('\u0000');

/**
 * Applies the findings on each spend in sequence (shown ones first, each group in `KIND_ORDER`), each to what the
 * earlier ones left, and rescales each finding's own figures and scenarios to what was left for it in the expected
 * world, so that no dollar is counted twice in a figure, a scenario or a total.
 */
export function sequenceFindings(findings: Finding[], isUnlocked: (finding: Finding) => boolean): SequencedFinding[] {
  const bySpend = new Map<string, Finding[]>();
  for (const finding of findings) bySpend.set(spendKey(finding), [...(bySpend.get(spendKey(finding)) ?? []), finding]);
  const result: SequencedFinding[] = [];
  for (const group of bySpend.values()) {
    const ordered = [...group].sort(
      (a, b) => Number(isUnlocked(b)) - Number(isUnlocked(a)) || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.fingerprint.localeCompare(b.fingerprint),
    );
    const spend = Decimal.max(Decimal.ZERO, ...ordered.map((finding) => Decimal.of(finding.baseMonthlySpend)));
    const applied = applyInSequence(
      spend,
      ordered.map((finding) => ({ low: Decimal.of(finding.monthlySavings.low), expected: Decimal.of(finding.monthlySavings.expected), high: Decimal.of(finding.monthlySavings.high) })),
      2,
    );
    ordered.forEach((finding, index) => {
      const { low, expected, high, base } = applied[index];
      const left = spend.isPositive() ? base.dividedBy(spend, 12) : Decimal.ZERO;
      const scaled = (amount: string) => Decimal.of(amount).times(left).round(2).toString();
      result.push({
        finding: {
          ...finding,
          baseMonthlySpend: base.round(2).toString(),
          monthlySavings: { low: scaled(finding.monthlySavings.low), expected: scaled(finding.monthlySavings.expected), high: scaled(finding.monthlySavings.high) },
          scenarios: finding.scenarios.map((scenario) => ({ ...scenario, monthlySavings: scaled(scenario.monthlySavings) })),
          assumptions: index > 0 && left.lt(Decimal.ONE) ? [...finding.assumptions, `Counted after the findings before it on the same spend, on the ${left.times(100).round(0)} % of it they leave.`] : finding.assumptions,
        },
        unlocked: isUnlocked(finding),
        worlds: { low, expected, high },
      });
    });
  }
  return result;
}

/** Sum of one world per currency. */
export function totalsByCurrency(findings: SequencedFinding[], world: 'low' | 'expected' | 'high'): Array<{ currency: string; amount: string }> {
  const totals = new Map<string, Decimal>();
  for (const { finding, worlds } of findings) totals.set(finding.currency, (totals.get(finding.currency) ?? Decimal.ZERO).plus(worlds[world]));
  return [...totals].sort((a, b) => a[0].localeCompare(b[0])).map(([currency, amount]) => ({ currency, amount: amount.toString() }));
}
