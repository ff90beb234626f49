import type { DataSource } from 'typeorm';
import type { CostRowsFilter, CurrencyFigure, ProviderSpend, SpendFigure } from '@apex/contracts';
import { CostFacts, CostMeasure } from './cost-facts';
import { SqlParams } from './cost-rows-sql';

/** The charge categories that reduce a total, each reported on its own so that a negative or reduced total says why. */
const REDUCING = ['Credit', 'Adjustment'] as const;

export interface SpendBreakdown {
  all: SpendFigure[];
  ai: SpendFigure[];
  other: SpendFigure[];
  providers: ProviderSpend[];
}

interface GroupRow {
  currency: string;
  provider: string | null;
  is_ai: boolean | null;
  charge_category: string | null;
  by_provider: boolean;
  by_scope: boolean;
  by_category: boolean;
  amount: string;
  row_count: number;
}

type Scope = CostRowsFilter['scope'];

/**
 * All cloud spend of a range, its AI and other parts, per currency and per provider and currency, each with the credits
 * and adjustments within it: one query over every combination of currency with provider, AI flag and ChargeCategory.
 * Lists are largest first (ties by currency, then provider); providers follow the currencies' order of `all`.
 */
export async function spendBreakdown(
  db: DataSource,
  facts: CostFacts,
  orgId: string,
  range: { from: string; to: string },
  measure: CostMeasure,
): Promise<SpendBreakdown> {
  const params = new SqlParams();
  const amount = facts.sum(measure);
  const rows = (await db.query(
    `SELECT r.billing_currency::text AS currency, r.provider_name AS provider, r.is_ai, r.charge_category,
            GROUPING(r.provider_name) = 0 AS by_provider, GROUPING(r.is_ai) = 0 AS by_scope, GROUPING(r.charge_category) = 0 AS by_category,
            trim_scale(${amount})::text AS amount, ${facts.rowCount}::int AS row_count
     ${facts.from}
     WHERE ${facts.where(orgId, { ...range, scope: 'all' }, params)}
     GROUP BY r.billing_currency, CUBE (r.provider_name, r.is_ai, r.charge_category)
     HAVING GROUPING(r.charge_category) = 1 OR r.charge_category IN (${REDUCING.map((category) => params.add(category)).join(', ')})
     ORDER BY ${amount} DESC, 1, 2`,
    params.values,
  )) as GroupRow[];

  const scopeOf = (row: GroupRow): Scope => (!row.by_scope ? 'all' : row.is_ai ? 'ai' : 'other');
  const idOf = (row: GroupRow) => JSON.stringify([row.currency, row.by_provider ? row.provider : null, row.by_provider, scopeOf(row)]);
  const filterOf = (row: GroupRow): CostRowsFilter => ({
    ...range,
    scope: scopeOf(row),
    currency: row.currency,
    ...(row.by_provider ? { provider: row.provider ?? '' } : {}),
  });
  const figureOf = (row: GroupRow, rows: CostRowsFilter): CurrencyFigure => ({ currency: row.currency, amount: row.amount, rowCount: row.row_count, rows });

  const reductions = new Map<string, { credits: CurrencyFigure | null; adjustments: CurrencyFigure | null }>();
  for (const row of rows.filter((r) => r.by_category)) {
    const entry = reductions.get(idOf(row)) ?? { credits: null, adjustments: null };
    const figure = figureOf(row, { ...filterOf(row), chargeCategory: row.charge_category ?? '' });
    if (row.charge_category === 'Credit') entry.credits = figure;
    else entry.adjustments = figure;
    reductions.set(idOf(row), entry);
  }
  const spendOf = (row: GroupRow): SpendFigure => ({
    ...figureOf(row, filterOf(row)),
    ...(reductions.get(idOf(row)) ?? { credits: null, adjustments: null }),
  });

  const totals = rows.filter((row) => !row.by_category);
  const ofCurrency = (scope: Scope) => totals.filter((row) => !row.by_provider && scopeOf(row) === scope).map(spendOf);
  const all = ofCurrency('all');
  const currencyRank = new Map(all.map((figure, index) => [figure.currency, index]));

  const providers = new Map<string, ProviderSpend>();
  for (const row of totals.filter((r) => r.by_provider && scopeOf(r) === 'all')) {
    providers.set(idOf(row), { provider: row.provider ?? '', currency: row.currency, total: spendOf(row), ai: null, other: null });
  }
  for (const row of totals.filter((r) => r.by_provider && scopeOf(r) !== 'all')) {
    const entry = providers.get(idOf({ ...row, by_scope: false }));
    if (entry) entry[row.is_ai ? 'ai' : 'other'] = spendOf(row);
  }
  const byCurrency = [...providers.values()].sort((a, b) => (currencyRank.get(a.currency) ?? 0) - (currencyRank.get(b.currency) ?? 0));
  return { all, ai: ofCurrency('ai'), other: ofCurrency('other'), providers: byCurrency };
}
