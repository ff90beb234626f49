import type { DataSource } from 'typeorm';

export interface FixtureRow {
  /** The UTC day the charge starts on (YYYY-MM-DD), or a full timestamp. */
  start: string;
  provider: string;
  service?: string | null;
  model?: string | null;
  resourceId?: string | null;
  resourceName?: string | null;
  /** EffectiveCost, a decimal string; BilledCost is the same unless given. */
  cost: string;
  billed?: string;
  currency?: string;
  isAi?: boolean;
  /** FOCUS ChargeCategory; Usage unless given. */
  chargeCategory?: string;
  inputTokens?: number | null;
  outputTokens?: number | null;
  cachedTokens?: number | null;
  page?: string | null;
}

type SourceStatus = 'loading' | 'loaded' | 'failed' | 'replaced';

/** Cost data written straight to the canonical tables, as ingestion leaves it, for one organisation. */
export class CostDataFixture {
  constructor(
    private readonly db: DataSource,
    readonly orgId: string,
  ) {}

  async connection(name: string, provider: 'aws' | 'azure' | 'gcp' | 'openai' | 'focus_upload' = 'focus_upload'): Promise<string> {
    const [{ id }] = await this.db.query(
      "INSERT INTO cost_connections (org_id, provider, name, status) VALUES ($1, $2, $3, 'active') RETURNING id",
      [this.orgId, provider, name],
    );
    return id;
  }

  /** A source (a file when `fileName` is given, else an API pull) holding `rows`, numbered from 1 in order. */
  async source(connectionId: string, rows: FixtureRow[], options: { fileName?: string; status?: SourceStatus } = {}): Promise<string> {
    const [{ id: sourceId }] = await this.db.query(
      `INSERT INTO cost_sources (org_id, connection_id, kind, file_name, period_start, period_end, row_count, status, loaded_at)
       VALUES ($1, $2, $3, $4, '2024-01-01T00:00:00Z', '2027-01-01T00:00:00Z', $5, $6, now()) RETURNING id`,
      [this.orgId, connectionId, options.fileName ? 'file' : 'api', options.fileName ?? null, rows.length, options.status ?? 'loaded'],
    );
    for (const [index, row] of rows.entries()) {
      const start = row.start.length === 10 ? `${row.start}T00:00:00Z` : row.start;
      await this.db.query(
        `INSERT INTO cost_rows (org_id, connection_id, source_id, source_page, source_row, charge_period_start, charge_period_end,
           charge_category, billed_cost, effective_cost, billing_currency, provider_name, service_name, resource_id, resource_name,
           is_ai, model, input_tokens, output_tokens, cached_tokens)
         VALUES ($1, $2, $3, $4, $5, $6::timestamptz, $6::timestamptz + interval '1 day', $19, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
        [
          this.orgId,
          connectionId,
          sourceId,
          row.page ?? null,
          index + 1,
          start,
          row.billed ?? row.cost,
          row.cost,
          row.currency ?? 'USD',
          row.provider,
          row.service ?? null,
          row.resourceId ?? null,
          row.resourceName ?? null,
          row.isAi ?? true,
          row.model ?? null,
          row.inputTokens ?? null,
          row.outputTokens ?? null,
          row.cachedTokens ?? null,
          row.chargeCategory ?? 'Usage',
        ],
      );
    }
    return sourceId;
  }
}

/** Exact sum of decimal strings, without trailing zeros: what the API's figures must equal. */
export function decimalSum(values: string[]): string {
  const scale = 12;
  const total = values.reduce((sum, value) => sum + scaled(value, scale), 0n);
  return unscaled(total, scale);
}

/** A decimal string without trailing zeros ("14.40" → "14.4", "3.0" → "3"). */
export const normalized = (value: string): string => decimalSum([value]);

function scaled(value: string, scale: number): bigint {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value);
  if (!match) throw new Error(`Not a decimal: ${value}`);
  const fraction = (match[3] ?? '').padEnd(scale, '0');
  if (fraction.length > scale) throw new Error(`More than ${scale} decimals: ${value}`);
  const magnitude = BigInt(match[2]) * 10n ** BigInt(scale) + BigInt(fraction);
  return match[1] ? -magnitude : magnitude;
}

function unscaled(value: bigint, scale: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, -scale);
  const fraction = digits.slice(-scale).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}
