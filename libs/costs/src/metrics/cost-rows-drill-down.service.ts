import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CostBasis, CostRowsFilter, CostRowsPage, CostRowView } from '@apex/contracts';
import { basisMeasure, COST_FACTS, CostFacts, factsFor } from './cost-facts';
import { COST_ROWS_FROM, costRowsWhere, SqlParams } from './cost-rows-sql';
import { totalsByCurrency } from './cost-totals';
import { MetricsQueryError, rangeErrors, throwIfAny } from './metrics-query';

interface RowRecord {
  id: string;
  cursor_position: string;
  charge_period_start: string;
  charge_period_end: string;
  charge_category: string;
  charge_description: string | null;
  provider_name: string;
  service_name: string | null;
  model: string | null;
  resource_id: string | null;
  resource_name: string | null;
  region_id: string | null;
  sku_id: string | null;
  billing_currency: string;
  billed_cost: string;
  effective_cost: string;
  consumed_quantity: string | null;
  consumed_unit: string | null;
  input_tokens: string | null;
  output_tokens: string | null;
  cached_tokens: string | null;
  requests: string | null;
  is_ai: boolean;
  source_kind: 'file' | 'api';
  connection_id: string;
  connection_name: string;
  source_id: string;
  file_name: string | null;
  source_page: string | null;
  source_row: number;
}

/** The position of a row in the drill-down order: its charge period start (to the microsecond) and its id. */
interface Position {
  at: string;
  id: string;
}

const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z) (\d{1,19})$/;

const encodeCursor = (position: string) => Buffer.from(position).toString('base64url');

function decodeCursor(cursor: string): Position {
  const match = CURSOR.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw new MetricsQueryError([{ field: 'cursor', message: 'cursor must be the `next` value of a previous page' }]);
  return { at: match[1], id: match[2] };
}

const iso = "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'";

/** The cost rows behind a figure, oldest first, with where each came from, and their total. */
@Injectable()
export class CostRowsDrillDown {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(COST_FACTS) private readonly facts: CostFacts,
  ) {}

  async page(orgId: string, filter: CostRowsFilter, page: { cursor?: string; limit: number; basis?: CostBasis }): Promise<CostRowsPage> {
    const basis = page.basis ?? 'effective';
    throwIfAny(rangeErrors(filter));
    const after = page.cursor === undefined ? null : decodeCursor(page.cursor);
    const params = new SqlParams();
    const where = costRowsWhere(orgId, filter, params);
    const position = after ? `AND (r.charge_period_start, r.id) > (${params.add(after.at)}::timestamptz, ${params.add(after.id)}::bigint)` : '';
    const records = (await this.db.query(
      `SELECT r.id::text AS id,
              to_char(r.charge_period_start AT TIME ZONE 'UTC', ${iso}) || ' ' || r.id AS cursor_position,
              to_char(r.charge_period_start AT TIME ZONE 'UTC', ${iso}) AS charge_period_start,
              to_char(r.charge_period_end AT TIME ZONE 'UTC', ${iso}) AS charge_period_end,
              r.charge_category, r.charge_description, r.provider_name, r.service_name, r.model, r.resource_id, r.resource_name,
              r.region_id, r.sku_id, r.billing_currency::text AS billing_currency,
              r.billed_cost::text AS billed_cost, r.effective_cost::text AS effective_cost,
              r.consumed_quantity::text AS consumed_quantity, r.consumed_unit,
              r.input_tokens::text AS input_tokens, r.output_tokens::text AS output_tokens, r.cached_tokens::text AS cached_tokens,
              r.requests::text AS requests, r.is_ai,
              s.kind AS source_kind, r.connection_id, c.name AS connection_name, r.source_id, s.file_name, r.source_page, r.source_row
       ${COST_ROWS_FROM}
       JOIN cost_connections c ON c.id = r.connection_id AND c.org_id = r.org_id
       WHERE ${where} ${position}
       ORDER BY r.charge_period_start, r.id
       LIMIT ${params.add(page.limit + 1)}`,
      params.values,
    )) as RowRecord[];

    const more = records.length > page.limit;
    const items = records.slice(0, page.limit);
    const totals = (await totalsByCurrency(this.db, factsFor(filter, this.facts), orgId, filter, basisMeasure(basis))).map(({ currency, amount, rowCount }) => ({ currency, amount, rowCount }));
    return { filter, basis, totals, items: items.map(toView), next: more ? encodeCursor(items[items.length - 1].cursor_position) : null };
  }
}

function toView(row: RowRecord): CostRowView {
  return {
    id: row.id,
    chargePeriodStart: row.charge_period_start,
    chargePeriodEnd: row.charge_period_end,
    chargeCategory: row.charge_category,
    chargeDescription: row.charge_description,
    providerName: row.provider_name,
    serviceName: row.service_name,
    model: row.model,
    resourceId: row.resource_id,
    resourceName: row.resource_name,
    regionId: row.region_id,
    skuId: row.sku_id,
    billingCurrency: row.billing_currency,
    billedCost: row.billed_cost,
    effectiveCost: row.effective_cost,
    consumedQuantity: row.consumed_quantity,
    consumedUnit: row.consumed_unit,
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    cachedTokens: row.cached_tokens,
    requests: row.requests,
    isAi: row.is_ai,
    provenance: {
      kind: row.source_kind,
      connectionId: row.connection_id,
      connectionName: row.connection_name,
      sourceId: row.source_id,
      fileName: row.file_name,
      sourcePage: row.source_page,
      sourceRow: row.source_row,
    },
  };
}
