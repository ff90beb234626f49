import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CostFileDetail, CostFileStatus, CostFileView, CostFileWarning, FocusVersion } from '@apex/contracts';
import { sourceFormatStored } from './file-source-format';

interface SourceRow {
  id: string;
  file_name: string;
  focus_version: FocusVersion;
  status: CostFileStatus;
  row_count: number;
  period_start: Date;
  period_end: Date;
  file_sha256: string | null;
  created_at: Date;
  created_by: string | null;
  loaded_at: Date | null;
  warnings: CostFileWarning[] | null;
}

const COLUMNS = 's.id, s.file_name, s.focus_version, s.status, s.row_count, s.period_start, s.period_end, s.file_sha256, s.created_at, s.created_by, s.loaded_at, s.warnings';

function toView(row: SourceRow): CostFileView {
  return {
    id: row.id,
    fileName: row.file_name,
    focusVersion: row.focus_version,
    status: row.status,
    rowCount: row.row_count,
    periodStart: row.period_start.toISOString(),
    periodEnd: row.period_end.toISOString(),
    sha256: row.file_sha256,
    uploadedAt: row.created_at.toISOString(),
    uploadedBy: row.created_by,
    loadedAt: row.loaded_at?.toISOString() ?? null,
    warnings: row.warnings ?? [],
  };
}

/** The FOCUS files an organisation uploaded (its file sources), as the API shows them. */
@Injectable()
export class CostFileViews {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Newest first. */
  async list(orgId: string, limit = 100): Promise<CostFileView[]> {
    const rows: SourceRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM cost_sources s
        WHERE s.org_id = $1 AND s.kind = 'file'
        ORDER BY s.created_at DESC, s.id LIMIT $2`,
      [orgId, limit],
    );
    return rows.map(toView);
  }

  async get(orgId: string, id: string): Promise<CostFileDetail | null> {
    const [row]: (SourceRow & { source_format: string | null })[] = await this.db.query(
      `SELECT ${COLUMNS}, s.source_format FROM cost_sources s WHERE s.org_id = $1 AND s.id = $2 AND s.kind = 'file'`,
      [orgId, id],
    );
    if (!row) return null;
    const totals: { currency: string; row_count: string; billed: string; effective: string }[] = await this.db.query(
      `SELECT billing_currency AS currency, count(*) AS row_count, sum(billed_cost)::text AS billed, sum(effective_cost)::text AS effective
         FROM cost_rows WHERE org_id = $1 AND source_id = $2
        GROUP BY billing_currency ORDER BY billing_currency`,
      [orgId, id],
    );
    return {
      ...toView(row),
      sourceFormat: sourceFormatStored(row.source_format),
      totals: totals.map((t) => ({ currency: t.currency.trim(), rowCount: Number(t.row_count), billedCost: t.billed, effectiveCost: t.effective })),
    };
  }
}
