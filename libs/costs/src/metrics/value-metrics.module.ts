import { Module } from '@nestjs/common';
import { CostPerTokenMetrics } from './cost-per-token.service';
import { CostRowsDrillDown } from './cost-rows-drill-down.service';
import { MetricsRanges } from './metrics-ranges.service';
import { SpendMetrics } from './spend-metrics.service';
import { SpendTrendMetrics } from './spend-trend.service';

/** The value metrics read from the canonical cost rows: spend, cost per token, drivers, trend and the rows behind each. */
@Module({
  providers: [MetricsRanges, SpendMetrics, CostPerTokenMetrics, SpendTrendMetrics, CostRowsDrillDown],
  exports: [MetricsRanges, SpendMetrics, CostPerTokenMetrics, SpendTrendMetrics, CostRowsDrillDown],
})
export class ValueMetricsModule {}
