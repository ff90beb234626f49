import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CostPerTokenSeries, CostRowsFilter, MetricsRangeQuery, ModelCostPerToken, SpendBucket } from '@apex/contracts';
import { basisMeasure, COST_FACTS, CostFacts, keyColumn } from './cost-facts';
import { bucketOf, SqlParams } from './cost-rows-sql';
import { MetricsRanges } from './metrics-ranges.service';
import { NO_COST_DATA, noAiSpendIn } from './spend-metrics.service';

export const COST_PER_TOKEN_METHOD =
  'Cost per 1K tokens = AI spend of the rows that count tokens × 1,000 ÷ (input + output tokens), per model and period. ' +
  'Rows without token counts are left out and listed separately; nothing is estimated.';

interface PointRow {
  bucket_start: string;
  bucket_end: string;
  currency: string;
  model: string | null;
  cost: string;
  input_tokens: string;
  output_tokens: string;
  cached_tokens: string;
  tokens: string;
  per_1k: string;
  row_count: number;
  first_bucket: string;
  last_bucket: string;
  before_per_1k: string;
  after_per_1k: string;
  buckets: number;
  change: string | null;
}

/** What 1,000 tokens of each model cost, period by period: the basis for comparing before and after. */
@Injectable()
export class CostPerTokenMetrics {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly ranges: MetricsRanges,
    @Inject(COST_FACTS) private readonly facts: CostFacts,
  ) {}

  async series(orgId: string, query: MetricsRangeQuery & { bucket: SpendBucket }): Promise<CostPerTokenSeries> {
    const range = await this.ranges.resolve(orgId, query, query.bucket);
    const base: CostRowsFilter = { from: range.from, to: range.to, scope: 'ai' };
    const withTokens: CostRowsFilter = { ...base, tokens: 'with' };
    const facts = this.facts;
    const model = keyColumn(facts, 'model');
    const basis = query.basis ?? 'effective';
    const cost = basisMeasure(basis);

    const params = new SqlParams();
    const bucket = bucketOf(query.bucket, range, params, facts.dayTimestamp);
    const points = (await this.db.query(
      `WITH point AS (
         SELECT ${bucket.start} AS bucket_start, ${bucket.end} AS bucket_end, r.billing_currency::text AS currency, ${model} AS model,
                ${facts.sum(cost)} AS cost,
                ${facts.sum('input_tokens')} AS input_tokens,
                ${facts.sum('output_tokens')} AS output_tokens,
                ${facts.sum('cached_tokens')} AS cached_tokens,
                ${facts.sum('tokens')} AS tokens,
                ${facts.rowCount}::int AS row_count
         ${facts.from}
         WHERE ${facts.where(orgId, withTokens, params)}
         GROUP BY 1, 2, 3, 4
       ), priced AS (
         SELECT point.*, round(cost * 1000 / tokens, 6) AS per_1k FROM point
       ), framed AS (
         SELECT priced.*,
                first_value(bucket_start) OVER model_series AS first_bucket,
                last_value(bucket_start) OVER model_series AS last_bucket,
                first_value(per_1k) OVER model_series AS before_per_1k,
                last_value(per_1k) OVER model_series AS after_per_1k,
                (count(*) OVER model_series)::int AS buckets
         FROM priced
         WINDOW model_series AS (PARTITION BY currency, model ORDER BY bucket_start ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
       )
       SELECT bucket_start, bucket_end, currency, model, trim_scale(cost)::text AS cost,
              input_tokens::text, output_tokens::text, cached_tokens::text, tokens::text, trim_scale(per_1k)::text AS per_1k, row_count,
              first_bucket, last_bucket, trim_scale(before_per_1k)::text AS before_per_1k, trim_scale(after_per_1k)::text AS after_per_1k, buckets,
              CASE WHEN before_per_1k = 0 THEN NULL ELSE trim_scale(round((after_per_1k - before_per_1k) * 100 / before_per_1k, 2))::text END AS change
       FROM framed
       ORDER BY currency, model NULLS LAST, bucket_start`,
      params.values,
    )) as PointRow[];

    const models = new Map<string, ModelCostPerToken>();
    for (const row of points) {
      const id = `${row.currency}\u0000${row.model ?? ''}\u0000${row.model === null}`;
      const entry = models.get(id) ?? {
        currency: row.currency,
        model: row.model,
        points: [],
        change:
          row.buckets > 1 && row.change !== null
            ? { fromBucket: row.first_bucket, toBucket: row.last_bucket, before: row.before_per_1k, after: row.after_per_1k, changePercent: row.change }
            : null,
      };
      entry.points.push({
        bucketStart: row.bucket_start,
        bucketEnd: row.bucket_end,
        cost: row.cost,
        tokens: row.tokens,
        inputTokens: row.input_tokens,
        outputTokens: row.output_tokens,
        cachedTokens: row.cached_tokens,
        costPer1kTokens: row.per_1k,
        rowCount: row.row_count,
        rows: { ...withTokens, from: row.bucket_start, to: row.bucket_end, currency: row.currency, model: row.model },
      });
      models.set(id, entry);
    }

    const without = new SqlParams();
    const withoutTokenCounts = (
      (await this.db.query(
        `SELECT r.billing_currency::text AS currency, ${model} AS model, trim_scale(${facts.sum(cost)})::text AS amount, ${facts.rowCount}::int AS row_count
         ${facts.from}
         WHERE ${facts.where(orgId, { ...base, tokens: 'without' }, without)}
         GROUP BY 1, 2
         ORDER BY 1, ${facts.sum(cost)} DESC, 2 NULLS LAST`,
        without.values,
      )) as { currency: string; model: string | null; amount: string; row_count: number }[]
    ).map((row) => ({
      currency: row.currency,
      model: row.model,
      amount: row.amount,
      rowCount: row.row_count,
      rows: { ...base, tokens: 'without' as const, currency: row.currency, model: row.model },
    }));

    const measured = models.size > 0;
    let message: string | null = null;
    if (!measured) {
      message = withoutTokenCounts.length
        ? 'None of the AI cost rows in this range count tokens, so cost per 1K tokens cannot be computed. It is not estimated.'
        : (await this.ranges.hasCostData(orgId))
          ? noAiSpendIn(range)
          : NO_COST_DATA;
    }
    return {
      range,
      basis,
      bucket: query.bucket,
      status: measured ? 'measured' : 'no_token_counts',
      method: COST_PER_TOKEN_METHOD,
      message,
      models: [...models.values()],
      withoutTokenCounts,
    };
  }
}
