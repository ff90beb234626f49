import type { LockedFindings, UnpricedModel } from '@apex/contracts';
import { Decimal } from '@apex/domain';
import { money } from '../agents/llm/llm-agent';
import type { SequencedFinding } from './sequence-findings';

export const NO_DATA_SUMMARY =
  'There is no cost data to analyse yet. Upload a FOCUS file or connect a cloud or AI account on the value page, then start a run again.';

export interface SummaryFacts {
  rowCount: number;
  days: number;
  aiSpend: Array<{ currency: string; amount: string }>;
  priceBookVersion: number | null;
  shown: SequencedFinding[];
  potential: Array<{ currency: string; amount: string }>;
  unpriced: UnpricedModel[];
  locked: LockedFindings[];
}

const list = (amounts: Array<{ currency: string; amount: string }>) => amounts.map((a) => money(Decimal.of(a.amount), a.currency)).join(' and ');

/** The computed figures as sentences: the templated summary, and the only facts a language model is given. */
export function summaryFacts(facts: SummaryFacts): string[] {
  const lines = [
    `Apex analysed ${facts.rowCount.toLocaleString('en-US')} cost rows of the last ${facts.days} days, ${list(facts.aiSpend) || 'no'} of AI spend, priced with price book version ${facts.priceBookVersion ?? 'none'}.`,
  ];
  if (facts.shown.length === 0) {
    lines.push('It found no saving opportunity that your data supports.');
  } else {
    lines.push(`It found ${facts.shown.length} potential saving${facts.shown.length === 1 ? '' : 's'} worth ${list(facts.potential)} a month if carried out as expected; none is verified until it is measured.`);
    for (const { finding } of facts.shown.slice(0, 3)) {
      lines.push(`${finding.title}: potential ${money(Decimal.of(finding.monthlySavings.expected), finding.currency)} a month (${money(Decimal.of(finding.monthlySavings.low), finding.currency)} to ${money(Decimal.of(finding.monthlySavings.high), finding.currency)}).`);
    }
  }
  if (facts.unpriced.length) {
    lines.push(`${facts.unpriced.length} model name${facts.unpriced.length === 1 ? ' has' : 's have'} no price in the price book and ${facts.unpriced.length === 1 ? 'is' : 'are'} listed as unpriced.`);
  }
  for (const locked of facts.locked) {
    lines.push(`${locked.findingCount} more finding${locked.findingCount === 1 ? '' : 's'}, up to ${list(locked.upTo.map((u) => ({ currency: u.currency, amount: u.monthlySavings })))} a month, on ${locked.upgrade?.name ?? locked.tier}.`);
  }
  return lines;
}
