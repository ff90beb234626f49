import { Controller, Get, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type {
  AiSpendSummary,
  CostDrivers,
  CostPerTokenSeries,
  CostRowsPage,
  Principal,
  SpendSeries,
  SpendTrend,
} from '@apex/contracts';
import { CostPerTokenMetrics, CostRowsDrillDown, SpendMetrics, SpendTrendMetrics } from '@apex/costs';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { MetricsQueryErrors } from './metrics-query-errors.interceptor';
import {
  costRowsFilterOf,
  CostDriversQueryDto,
  CostPerTokenQueryDto,
  CostRowsQueryDto,
  MetricsRangeQueryDto,
  SpendQueryDto,
  SpendTrendQueryDto,
} from './metrics.dto';

const PER_CURRENCY = 'Amounts are decimal strings, one entry per currency, never added across currencies, summing the cost column `basis` names.';
const DRILL_DOWN = 'Each figure carries `rows`: pass it to GET /metrics/rows for the cost rows it sums.';

@ApiTags('metrics')
@ApiBearerAuth()
@Controller('metrics')
@UseInterceptors(MetricsQueryErrors)
export class MetricsController {
  constructor(
    private readonly spend: SpendMetrics,
    private readonly costPerToken: CostPerTokenMetrics,
    private readonly trends: SpendTrendMetrics,
    private readonly drillDown: CostRowsDrillDown,
  ) {}

  @Get('summary')
  @ApiOperation({ summary: 'All cloud spend over a range, AI spend as its part, per provider, with credits and adjustments; and whether the organisation has any cost data' })
  @ApiOkResponse({ description: `AiSpendSummary. ${PER_CURRENCY} ${DRILL_DOWN}` })
  summary(@CurrentPrincipal() principal: Principal, @Query() query: MetricsRangeQueryDto): Promise<AiSpendSummary> {
    return this.spend.summary(principal.orgId, query);
  }

  @Get('spend')
  @ApiOperation({ summary: 'AI spend per day, week or month, by provider, service or model' })
  @ApiOkResponse({ description: `SpendSeries. ${PER_CURRENCY} ${DRILL_DOWN}` })
  spendSeries(@CurrentPrincipal() principal: Principal, @Query() query: SpendQueryDto): Promise<SpendSeries> {
    return this.spend.spend(principal.orgId, { ...query, bucket: query.bucket ?? 'month', by: query.by ?? 'provider' });
  }

  @Get('cost-per-token')
  @ApiOperation({ summary: 'Cost per 1K tokens by model over time, from the rows that count tokens only' })
  @ApiOkResponse({ description: `CostPerTokenSeries; status no_token_counts when no row counts tokens. ${DRILL_DOWN}` })
  costPerTokenSeries(@CurrentPrincipal() principal: Principal, @Query() query: CostPerTokenQueryDto): Promise<CostPerTokenSeries> {
    return this.costPerToken.series(principal.orgId, { ...query, bucket: query.bucket ?? 'month' });
  }

  @Get('drivers')
  @ApiOperation({ summary: 'The largest AI cost drivers by service, model or resource, with their share of the total' })
  @ApiOkResponse({ description: `CostDrivers. ${PER_CURRENCY} ${DRILL_DOWN}` })
  drivers(@CurrentPrincipal() principal: Principal, @Query() query: CostDriversQueryDto): Promise<CostDrivers> {
    return this.spend.drivers(principal.orgId, { ...query, by: query.by ?? 'service', limit: query.limit ?? 10 });
  }

  @Get('trend')
  @ApiOperation({ summary: 'Monthly AI spend and the month-end projection (labelled as a projection, with its method)' })
  @ApiOkResponse({ description: `SpendTrend. ${PER_CURRENCY} ${DRILL_DOWN}` })
  trend(@CurrentPrincipal() principal: Principal, @Query() query: SpendTrendQueryDto): Promise<SpendTrend> {
    return this.trends.trend(principal.orgId, query);
  }

  @Get('rows')
  @ApiOperation({ summary: 'The cost rows behind a figure, oldest first, with provenance; their total equals the figure' })
  @ApiOkResponse({ description: 'CostRowsPage' })
  rows(@CurrentPrincipal() principal: Principal, @Query() query: CostRowsQueryDto): Promise<CostRowsPage> {
    return this.drillDown.page(principal.orgId, costRowsFilterOf(query), { cursor: query.cursor, limit: query.limit ?? 100, basis: query.basis });
  }
}
