import { Decimal, monthly } from '@apex/domain';
import { money } from '../llm/llm-agent';
import { cloudDocUrl, CloudFindingSpec, serviceName } from './cloud-finding';

/** How many consecutive UTC days of cost with nothing consumed make a resource idle. */
export const IDLE_DAYS = 14;

/** A resource idle up to the last charge day (a row of IDLE_RESOURCES_SQL, read). */
export interface IdleResource {
  currency: string;
  provider: string;
  resource: string;
  service: string | null;
  /** The idle run: first and last day (YYYY-MM-DD), its length, its rows and what they cost. */
  firstDay: string;
  lastDay: string;
  days: number;
  rowCount: number;
  amount: Decimal;
}

/**
 * A resource that has cost something on each of the last `days` days while every one of its Usage rows reported a
 * ConsumedQuantity of 0. Removing it saves what it costs: its cost per idle day, for a month, at low, expected and
 * high alike (whether it is kept for standby or recovery is for its owner to say, so the risk is medium).
 */
export function idleResourceSpec(idle: IdleResource, idleDays: number): Omit<CloudFindingSpec, 'spend'> {
  const { currency, provider } = idle;
  const perDay = idle.amount.dividedBy(idle.days, 6);
  const service = serviceName(idle.service);
  return {
    kind: 'idle_resource',
    resource: idle.resource,
    title: `${idle.resource} has cost ${money(perDay, currency)} a day for ${idle.days} days with nothing consumed`,
    steps: [
      `Check that ${idle.resource} (${service} on ${provider}) is not kept for standby, recovery or a job that runs less often than every ${idle.days} days.`,
      'Keep what it holds that is still needed (a snapshot or backup costs less than the resource).',
      `Delete or stop it: it would save about ${money(monthly(idle.amount, idle.days, 2), currency)} a month.`,
    ],
    docUrl: cloudDocUrl(provider, 'idle_resource'),
    savings: { low: idle.amount, expected: idle.amount, high: idle.amount, days: idle.days },
    scenarios: [{ sharePercent: 100, saving: idle.amount }],
    assumptions: [
      `Idle: on each of the ${idle.days} UTC days from ${idle.firstDay} to ${idle.lastDay}, the last day with cost data, its Usage rows cost something and every one reported a ConsumedQuantity of 0 (${idle.rowCount} rows, ${money(idle.amount, currency)}); rows without a ConsumedQuantity are never taken as idle. A resource counts as idle after ${idleDays} such days.`,
      'Removing it saves its cost per idle day for every day of the month.',
    ],
    effort: 'low',
    risk: 'medium',
  };
}
