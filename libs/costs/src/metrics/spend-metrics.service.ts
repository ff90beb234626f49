import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  AiSpendSummary,
  CostDriverDimension,
  CostDrivers,
  CostRowsFilter,
  CurrencyCostDrivers,
  CurrencySpendSeries,
  MetricsRange,
  MetricsRangeQuery,
  rangeInWords,
  SpendBucket,
  SpendDimension,
  SpendSeries,
} from '@apex/contracts';
import { basisMeasure, COST_FACTS, CostFacts, factsFor, keyColumn } from './cost-facts';
import { bucketOf, SqlParams } from './cost-rows-sql';
import { MetricsRanges } from './metrics-ranges.service';
import { spendBreakdown } from './spend-breakdown';

export const NO_COST_DATA = 'Your organisation has no cost data yet: connect a cloud or AI provider account, or upload a FOCUS file.';
export const noAiSpendIn = (range: MetricsRange) => `No AI spend was recorded in the range ${rangeInWords(range.from, range.to)}.`;

/** The filter value of a key: the dimension's column, null meaning rows that name none. */
export function keyFilter(dimension: SpendDimension | CostDriverDimension, key: string | null): Partial<CostRowsFilter> {
  return dimension === 'provider' ? { provider: key ?? '' } : { [dimension]: key };
}

/** All cloud spend with AI spend as its part, AI spend over time by provider, service or model, and the top cost drivers. */
@Injectable()
export class SpendMetrics {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly ranges: MetricsRanges,
    @Inject(COST_FACTS) private readonly facts: CostFacts,
  ) {}

  async summary(orgId: string, query: MetricsRangeQuery): Promise<AiSpendSummary> {
    const range = await this.ranges.resolve(orgId, query);
    const basis = query.basis ?? 'effective';
    const [hasCostData, coverage, spend] = await Promise.all([
      this.ranges.hasCostData(orgId),
      this.ranges.aiCoverage(orgId),
      spendBreakdown(this.db, this.facts, orgId, { from: range.from, to: range.to }, basisMeasure(basis)),
    ]);
    const message = !hasCostData ? NO_COST_DATA : spend.ai.length === 0 ? noAiSpendIn(range) : null;
    return { range, basis, hasCostData, coverage, allSpend: spend.all, aiSpend: spend.ai, otherSpend: spend.other, providers: spend.providers, message };
  }

  async spend(orgId: string, query: MetricsRangeQuery & { bucket: SpendBucket; by: SpendDimension }): Promise<SpendSeries> {
    const range = await this.ranges.resolve(orgId, query, query.bucket);
    const base: CostRowsFilter = { from: range.from, to: range.to, scope: 'ai' };
    const facts = this.facts;
    const key = keyColumn(facts, query.by);
    const basis = query.basis ?? 'effective';
    const amount = facts.sum(basisMeasure(basis));

    const pointParams = new SqlParams();
    const bucket = bucketOf(query.bucket, range, pointParams, facts.dayTimestamp);
    const points = (await this.db.query(
      `SELECT ${bucket.start} AS bucket_start, ${bucket.end} AS bucket_end, r.billing_currency::text AS currency, ${key} AS key,
              trim_scale(${amount})::text AS amount, ${facts.rowCount}::int AS row_count
       ${facts.from}
       WHERE ${facts.where(orgId, base, pointParams)}
       GROUP BY 1, 2, 3, 4
       ORDER BY 3, 1, 4 NULLS LAST`,
      pointParams.values,
    )) as { bucket_start: string; bucket_end: string; currency: string; key: string | null; amount: string; row_count: number }[];

    const keyParams = new SqlParams();
    const keys = (await this.db.query(
      `SELECT r.billing_currency::text AS currency, ${key} AS key,
              trim_scale(sum(${amount}) OVER (PARTITION BY r.billing_currency))::text AS currency_total,
              (sum(${facts.rowCount}) OVER (PARTITION BY r.billing_currency))::int AS currency_rows
       ${facts.from}
       WHERE ${facts.where(orgId, base, keyParams)}
       GROUP BY r.billing_currency, 2
       ORDER BY sum(${amount}) OVER (PARTITION BY r.billing_currency) DESC, 1, ${amount} DESC, 2 NULLS LAST`,
      keyParams.values,
    )) as { currency: string; key: string | null; currency_total: string; currency_rows: number }[];

    const currencies = new Map<string, CurrencySpendSeries>();
    for (const row of keys) {
      const series = currencies.get(row.currency) ?? { currency: row.currency, total: row.currency_total, rowCount: row.currency_rows, keys: [], points: [] };
      series.keys.push(row.key);
      currencies.set(row.currency, series);
    }
    for (const point of points) {
      currencies.get(point.currency)?.points.push({
        bucketStart: point.bucket_start,
        bucketEnd: point.bucket_end,
        key: point.key,
        amount: point.amount,
        rowCount: point.row_count,
        rows: { ...base, from: point.bucket_start, to: point.bucket_end, currency: point.currency, ...keyFilter(query.by, point.key) },
      });
    }
    const result = [...currencies.values()];
    return { range, basis, bucket: query.bucket, by: query.by, currencies: result, message: result.length ? null : await this.emptyMessage(orgId, range) };
  }

  async drivers(orgId: string, query: MetricsRangeQuery & { by: CostDriverDimension; limit: number }): Promise<CostDrivers> {
    const range = await this.ranges.resolve(orgId, query);
    const base: CostRowsFilter = { from: range.from, to: range.to, scope: 'ai' };
    // Resources are not kept in the rollups: drivers by resource are read from the rows.
    const facts = factsFor(query.by === 'resource' ? { ...base, resource: null } : base, this.facts);
    const key = keyColumn(facts, query.by);
    const basis = query.basis ?? 'effective';
    const label = query.by === 'resource' ? `COALESCE(max(NULLIF(r.resource_name, '')), ${key})` : key;
    const params = new SqlParams();
    const where = facts.where(orgId, base, params);
    const rows = (await this.db.query(
      `WITH driver AS (
         SELECT r.billing_currency::text AS currency, ${key} AS key, ${label} AS label, ${facts.sum(basisMeasure(basis))} AS amount, ${facts.rowCount}::int AS row_count
         ${facts.from}
         WHERE ${where}
         GROUP BY 1, 2
       ), ranked AS (
         SELECT driver.*,
                sum(amount) OVER (PARTITION BY currency) AS total,
                (sum(row_count) OVER (PARTITION BY currency))::int AS total_rows,
                (count(*) OVER (PARTITION BY currency))::int AS drivers,
                row_number() OVER (PARTITION BY currency ORDER BY amount DESC, key NULLS LAST) AS rank
         FROM driver
       )
       SELECT currency, key, label, trim_scale(amount)::text AS amount, row_count, trim_scale(total)::text AS total, total_rows, drivers,
              CASE WHEN total = 0 THEN NULL ELSE trim_scale(round(amount * 100 / total, 2))::text END AS share
       FROM ranked
       WHERE rank <= ${params.add(query.limit)}
       ORDER BY ranked.total DESC, currency, rank`,
      params.values,
    )) as {
      currency: string;
      key: string | null;
      label: string | null;
      amount: string;
      row_count: number;
      total: string;
      total_rows: number;
      drivers: number;
      share: string | null;
    }[];

    const currencies = new Map<string, CurrencyCostDrivers>();
    for (const row of rows) {
      const entry = currencies.get(row.currency) ?? {
        currency: row.currency,
        total: { currency: row.currency, amount: row.total, rowCount: row.total_rows, rows: { ...base, currency: row.currency } },
        drivers: [],
        moreDrivers: Math.max(0, row.drivers - query.limit),
      };
      entry.drivers.push({
        key: row.key,
        label: row.label,
        amount: row.amount,
        sharePercent: row.share,
        rowCount: row.row_count,
        rows: { ...base, currency: row.currency, ...keyFilter(query.by, row.key) },
      });
      currencies.set(row.currency, entry);
    }
    const result = [...currencies.values()];
    return { range, basis, by: query.by, currencies: result, message: result.length ? null : await this.emptyMessage(orgId, range) };
  }

  private async emptyMessage(orgId: string, range: MetricsRange): Promise<string> {
    return (await this.ranges.hasCostData(orgId)) ? noAiSpendIn(range) : NO_COST_DATA;
  }
}
