import type { PricingClass } from '@apex/contracts';
import { Decimal } from '@apex/domain';

/** One row of SERVICE_DAYS_SQL. */
export interface ServiceDayRow {
  currency: string;
  provider_name: string;
  service: string | null;
  day: string;
  pricing: PricingClass | null;
  row_count: string;
  effective_cost: string;
  list_cost: string | null;
  listed_effective_cost: string | null;
}

/** The sums of one pricing class of a service over the window. */
export interface ClassTotals {
  rowCount: number;
  effectiveCost: Decimal;
  /** ListCost and EffectiveCost of the rows that carry a ListCost. */
  listCost: Decimal;
  listedEffectiveCost: Decimal;
}

/** A service's non-AI Usage spend in one currency over the recent window, by pricing class and, on demand, by day. */
export interface ServiceSpend {
  currency: string;
  provider: string;
  service: string | null;
  /** Every Usage row of the service, whatever its pricing: the spend its findings rest on. */
  total: ClassTotals;
  onDemand: ClassTotals;
  committed: ClassTotals;
  unused: ClassTotals;
  /** EffectiveCost of the on-demand rows by UTC day (YYYY-MM-DD); days without any are absent. */
  onDemandByDay: Map<string, Decimal>;
}

const emptyTotals = (): ClassTotals => ({ rowCount: 0, effectiveCost: Decimal.ZERO, listCost: Decimal.ZERO, listedEffectiveCost: Decimal.ZERO });

function addTo(totals: ClassTotals, row: ServiceDayRow): void {
  totals.rowCount += Number(row.row_count);
  totals.effectiveCost = totals.effectiveCost.plus(row.effective_cost);
  if (row.list_cost !== null && row.listed_effective_cost !== null) {
    totals.listCost = totals.listCost.plus(row.list_cost);
    totals.listedEffectiveCost = totals.listedEffectiveCost.plus(row.listed_effective_cost);
  }
}

export const serviceKey = (currency: string, provider: string, service: string | null) => `${currency}\u0000${provider}\u0000${service ?? ''}`;

/** Folds the daily aggregates into one entry per currency, provider and service. */
export function serviceSpends(rows: ServiceDayRow[]): Map<string, ServiceSpend> {
  const spends = new Map<string, ServiceSpend>();
  for (const row of rows) {
    const currency = row.currency.trim();
    const key = serviceKey(currency, row.provider_name, row.service);
    let spend = spends.get(key);
    if (!spend) {
      spend = {
        currency,
        provider: row.provider_name,
        service: row.service,
        total: emptyTotals(),
        onDemand: emptyTotals(),
        committed: emptyTotals(),
        unused: emptyTotals(),
        onDemandByDay: new Map(),
      };
      spends.set(key, spend);
    }
    addTo(spend.total, row);
    if (row.pricing === 'on_demand') {
      addTo(spend.onDemand, row);
      spend.onDemandByDay.set(row.day, (spend.onDemandByDay.get(row.day) ?? Decimal.ZERO).plus(row.effective_cost));
    } else if (row.pricing === 'committed') {
      addTo(spend.committed, row);
    } else if (row.pricing === 'unused_commitment') {
      addTo(spend.unused, row);
    }
  }
  return spends;
}
