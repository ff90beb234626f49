import { Module } from '@nestjs/common';
import { COST_FACTS, ROLLUP_FACTS } from './cost-facts';
import { CostPerTokenMetrics } from './cost-per-token.service';
import { CostRowsDrillDown } from './cost-rows-drill-down.service';
import { MetricsRanges } from './metrics-ranges.service';
import { SpendMetrics } from './spend-metrics.service';
import { SpendTrendMetrics } from './spend-trend.service';

/** The value metrics, read from the cost rollups: spend, cost per token, drivers, trend, and the rows behind each. */
@Module({
  providers: [{ provide: COST_FACTS, useValue: ROLLUP_FACTS }, MetricsRanges, SpendMetrics, CostPerTokenMetrics, SpendTrendMetrics, CostRowsDrillDown],
  exports: [MetricsRanges, SpendMetrics, CostPerTokenMetrics, SpendTrendMetrics, CostRowsDrillDown],
})
export class ValueMetricsModule {}
