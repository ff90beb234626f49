import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import {
  CHARGE_CATEGORIES,
  COST_BASES,
  COST_DRIVER_DIMENSIONS,
  CostBasis,
  COST_ROWS_PAGE_MAX,
  CostDriverDimension,
  CostRowsFilter,
  PRICING_CLASSES,
  PricingClass,
  SPEND_BUCKETS,
  SPEND_DIMENSIONS,
  SPEND_SCOPES,
  SpendBucket,
  SpendDimension,
  SpendScope,
  TOKEN_FILTERS,
  TokenFilter,
} from '@apex/contracts';

const DAY = { format: 'date', example: '2026-01-01' } as const;

/** The cost basis every metrics endpoint takes. */
export class CostBasisQueryDto {
  @ApiPropertyOptional({
    enum: COST_BASES,
    default: 'effective',
    description: 'The cost column summed: effective (FOCUS EffectiveCost, amortised) or billed (FOCUS BilledCost, as invoiced). Echoed as `basis`.',
  })
  @IsOptional()
  @IsIn(COST_BASES)
  basis?: CostBasis;
}

export class MetricsRangeQueryDto extends CostBasisQueryDto {
  @ApiPropertyOptional({ ...DAY, description: 'First day of the range (UTC). Give both from and to, or neither for the default range.' })
  @IsOptional()
  @IsString()
  from?: string;

  @ApiPropertyOptional({ ...DAY, description: 'First day after the range (UTC).' })
  @IsOptional()
  @IsString()
  to?: string;
}

export class SpendQueryDto extends MetricsRangeQueryDto {
  @ApiPropertyOptional({ enum: SPEND_BUCKETS, default: 'month' })
  @IsOptional()
  @IsIn(SPEND_BUCKETS)
  bucket?: SpendBucket;

  @ApiPropertyOptional({ enum: SPEND_DIMENSIONS, default: 'provider' })
  @IsOptional()
  @IsIn(SPEND_DIMENSIONS)
  by?: SpendDimension;
}

export class CostPerTokenQueryDto extends MetricsRangeQueryDto {
  @ApiPropertyOptional({ enum: SPEND_BUCKETS, default: 'month' })
  @IsOptional()
  @IsIn(SPEND_BUCKETS)
  bucket?: SpendBucket;
}

export class CostDriversQueryDto extends MetricsRangeQueryDto {
  @ApiPropertyOptional({ enum: COST_DRIVER_DIMENSIONS, default: 'service' })
  @IsOptional()
  @IsIn(COST_DRIVER_DIMENSIONS)
  by?: CostDriverDimension;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 10 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class SpendTrendQueryDto extends CostBasisQueryDto {
  @ApiPropertyOptional({ ...DAY, description: 'The day to make the trend and projection on; today (UTC) when absent. Not in the future.' })
  @IsOptional()
  @IsString()
  asOf?: string;
}

const DIMENSION = 'An empty value selects rows that name none.';

export class CostRowsQueryDto extends CostBasisQueryDto {
  @ApiProperty({ ...DAY, description: 'First day (UTC).' })
  @IsString()
  from!: string;

  @ApiProperty({ ...DAY, description: 'First day after the range (UTC).' })
  @IsString()
  to!: string;

  @ApiPropertyOptional({ enum: SPEND_SCOPES, default: 'ai' })
  @IsOptional()
  @IsIn(SPEND_SCOPES)
  scope?: SpendScope;

  @ApiPropertyOptional({ example: 'USD' })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be a three-letter ISO 4217 code, e.g. USD' })
  currency?: string;

  @ApiPropertyOptional({ description: 'ProviderName' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  provider?: string;

  @ApiPropertyOptional({ description: `ServiceName. ${DIMENSION}` })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  service?: string;

  @ApiPropertyOptional({ description: `Model. ${DIMENSION}` })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  model?: string;

  @ApiPropertyOptional({ description: `ResourceId. ${DIMENSION}` })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  resource?: string;

  @ApiPropertyOptional({ enum: TOKEN_FILTERS })
  @IsOptional()
  @IsIn(TOKEN_FILTERS)
  tokens?: TokenFilter;

  @ApiPropertyOptional({ enum: CHARGE_CATEGORIES, description: 'FOCUS ChargeCategory' })
  @IsOptional()
  @IsIn(CHARGE_CATEGORIES)
  chargeCategory?: string;

  @ApiPropertyOptional({ enum: PRICING_CLASSES, description: 'How usage rows were priced, from their FOCUS pricing and commitment columns' })
  @IsOptional()
  @IsIn(PRICING_CLASSES)
  pricing?: PricingClass;

  @ApiPropertyOptional({ description: 'The `next` value of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: COST_ROWS_PAGE_MAX, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(COST_ROWS_PAGE_MAX)
  limit?: number;
}

/** The filter a drill-down query names: an empty dimension means rows without one. */
export function costRowsFilterOf(query: CostRowsQueryDto): CostRowsFilter {
  const filter: CostRowsFilter = { from: query.from, to: query.to, scope: query.scope ?? 'ai' };
  if (query.currency !== undefined) filter.currency = query.currency;
  if (query.provider !== undefined) filter.provider = query.provider;
  for (const dimension of ['service', 'model', 'resource'] as const) {
    const value = query[dimension];
    if (value !== undefined) filter[dimension] = value === '' ? null : value;
  }
  if (query.tokens !== undefined) filter.tokens = query.tokens;
  if (query.chargeCategory !== undefined) filter.chargeCategory = query.chargeCategory;
  if (query.pricing !== undefined) filter.pricing = query.pricing;
  return filter;
}
