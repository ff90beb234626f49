import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { FeatureFlag, FeatureFlagView } from '@apex/contracts';
import { FEATURE_FLAGS } from '@apex/contracts';
import { AppConfig } from '@apex/config';
import { FeatureFlagsPort } from './entitlements-port';

interface OverrideRow {
  flag: FeatureFlag;
  enabled: boolean;
  updated_at: Date;
  updated_by: string | null;
}

/**
 * A flag is its configured default unless an operator has overridden it in
 * `feature_flag_overrides`. Read on every call (one indexed row), so an
 * override applies at once in every process.
 */
@Injectable()
export class FeatureFlagsService extends FeatureFlagsPort {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {
    super();
  }

  async isEnabled(flag: FeatureFlag): Promise<boolean> {
    const [row] = await this.db.query('SELECT enabled FROM feature_flag_overrides WHERE flag = $1', [flag]);
    return row ? row.enabled : this.config.flags[flag];
  }

  async all(): Promise<FeatureFlagView[]> {
    const rows: OverrideRow[] = await this.db.query('SELECT flag, enabled, updated_at, updated_by FROM feature_flag_overrides');
    const overrides = new Map(rows.map((row) => [row.flag, row]));
    return FEATURE_FLAGS.map((flag) => {
      const override = overrides.get(flag);
      return {
        flag,
        enabled: override ? override.enabled : this.config.flags[flag],
        source: override ? 'override' : 'config',
        configDefault: this.config.flags[flag],
        updatedAt: override?.updated_at.toISOString() ?? null,
        updatedBy: override?.updated_by ?? null,
      };
    });
  }

  async values(): Promise<Record<FeatureFlag, boolean>> {
    const views = await this.all();
    return Object.fromEntries(views.map((view) => [view.flag, view.enabled])) as Record<FeatureFlag, boolean>;
  }

  async override(flag: FeatureFlag, enabled: boolean, operatorId: string): Promise<FeatureFlagView> {
    await this.db.query(
      `INSERT INTO feature_flag_overrides (flag, enabled, updated_by) VALUES ($1, $2, $3)
       ON CONFLICT (flag) DO UPDATE SET enabled = EXCLUDED.enabled, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [flag, enabled, operatorId],
    );
    return this.viewOf(flag);
  }

  /** Back to the configured default. */
  async clearOverride(flag: FeatureFlag): Promise<FeatureFlagView> {
    await this.db.query('DELETE FROM feature_flag_overrides WHERE flag = $1', [flag]);
    return this.viewOf(flag);
  }

  private async viewOf(flag: FeatureFlag): Promise<FeatureFlagView> {
    return (await this.all()).find((view) => view.flag === flag)!;
  }
}
