import type { Feature, PlanPricing, Tier } from '@apex/contracts';
import { TIERS } from '@apex/contracts';
import { formatWindow } from './time';

/** Whole-dollar amounts without cents: 9900 → "$99", 123450 → "$1,234.50". Integer arithmetic only. */
export function formatCents(cents: number): string {
  const dollars = Math.trunc(cents / 100).toLocaleString('en-US');
  const rest = Math.abs(cents % 100);
  return rest === 0 ? `$${dollars}` : `$${dollars}.${String(rest).padStart(2, '0')}`;
}

/** A percentage as a decimal string from the API: "2.00" → "2%", "2.50" → "2.5%". */
export function formatPercent(decimal: string): string {
  const [whole, fraction = ''] = decimal.trim().split('.');
  const digits = fraction.replace(/0+$/, '');
  return `${whole}${digits ? `.${digits}` : ''}%`;
}

/** The price of a plan, split for display: the amount large, the unit small, the terms below. */
export interface PriceParts {
  amount: string;
  unit: string | null;
  terms: string;
}

export function priceParts(pricing: PlanPricing): PriceParts {
  switch (pricing.rule) {
    case 'free':
      return { amount: '$0', unit: null, terms: 'No charge.' };
    case 'flat_or_percent': {
      if (pricing.flatMonthlyCents === null) {
        return { amount: pricing.percentOfSpend ? formatPercent(pricing.percentOfSpend) : '—', unit: null, terms: 'of your measured AI spend.' };
      }
      const terms = pricing.percentOfSpend
        ? `Or ${formatPercent(pricing.percentOfSpend)} of your measured AI spend, whichever is less.`
        : 'A flat monthly fee.';
      return { amount: formatCents(pricing.flatMonthlyCents), unit: '/month', terms };
    }
    case 'contract':
      return { amount: contractRange(pricing) ?? 'Custom', unit: null, terms: 'of AI spend, by contract.' };
  }
}

/** The price in one phrase: "$99 a month, or 2% of your measured AI spend if that is less". */
export function priceSummary(pricing: PlanPricing): string {
  switch (pricing.rule) {
    case 'free':
      return 'Free';
    case 'flat_or_percent': {
      const flat = pricing.flatMonthlyCents === null ? null : `${formatCents(pricing.flatMonthlyCents)} a month`;
      const percent = pricing.percentOfSpend ? `${formatPercent(pricing.percentOfSpend)} of your measured AI spend` : null;
      if (flat && percent) return `${flat}, or ${percent} if that is less`;
      return flat ?? percent ?? 'Priced per plan';
    }
    case 'contract': {
      const range = contractRange(pricing);
      return range ? `${range} of AI spend, by contract` : 'By contract';
    }
  }
}

function contractRange(pricing: PlanPricing): string | null {
  const { contractPercentMin: min, contractPercentMax: max } = pricing;
  if (min && max && min !== max) return `${formatPercent(min).slice(0, -1)}–${formatPercent(max)}`;
  const one = min ?? max;
  return one ? formatPercent(one) : null;
}

/** "100 runs every 5 hours". */
export function runAllowance(runLimit: number, windowSeconds: number): string {
  return `${runLimit.toLocaleString('en-US')} run${runLimit === 1 ? '' : 's'} every ${formatWindow(windowSeconds)}`;
}

/** "Early and above", or just "Enterprise" for the top tier. */
export function tierAndAbove(tier: Tier, name: string): string {
  return TIERS.indexOf(tier) < TIERS.length - 1 ? `${name} and above` : name;
}

interface FeatureLabel {
  label: string;
  /** Whether the label reads as a plural ("API keys are …"). */
  plural: boolean;
}

export const FEATURE_LABELS: Record<Feature, FeatureLabel> = {
  basic_chat: { label: 'Chat', plural: false },
  simple_optimization: { label: 'Simple optimisation', plural: false },
  advanced_optimization: { label: 'Advanced optimisation', plural: false },
  basic_analytics: { label: 'Basic analytics', plural: false },
  api_access: { label: 'API keys', plural: true },
  all_agents: { label: 'All agents', plural: true },
  team_collaboration: { label: 'Team collaboration', plural: false },
  advanced_analytics: { label: 'Advanced analytics', plural: false },
  white_label: { label: 'White-label branding', plural: false },
  custom_models: { label: 'Custom models', plural: true },
  dedicated_support: { label: 'Dedicated support', plural: false },
};

/** "API keys are part of Early and above." */
export function featureNeedsTier(feature: Feature, tier: Tier, tierName: string): string {
  const { label, plural } = FEATURE_LABELS[feature] ?? { label: feature, plural: false };
  return `${label} ${plural ? 'are' : 'is'} part of ${tierAndAbove(tier, tierName)}.`;
}
