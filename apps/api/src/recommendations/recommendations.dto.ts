import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { RECOMMENDATION_KINDS, RECOMMENDATION_STATUSES } from '@apex/contracts';
import type { RecommendationKind, RecommendationStatus } from '@apex/contracts';

export class ListRecommendationsQuery {
  @ApiPropertyOptional({ enum: RECOMMENDATION_STATUSES })
  @IsOptional()
  @IsIn(RECOMMENDATION_STATUSES)
  status?: RecommendationStatus;

  @ApiPropertyOptional({ enum: RECOMMENDATION_KINDS })
  @IsOptional()
  @IsIn(RECOMMENDATION_KINDS)
  kind?: RecommendationKind;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only the recommendations this run last found' })
  @IsOptional()
  @IsUUID()
  runId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ format: 'uuid', description: 'The `next` cursor of the previous page' })
  @IsOptional()
  @IsUUID()
  after?: string;
}

export class DismissRecommendationDto {
  @ApiProperty({ minLength: 1, maxLength: 500, example: 'We need the larger model for legal review' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  @Matches(/\S/, { message: 'reason must say why' })
  // eslint-disable-next-line no-control-regex
  @Matches(/^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/, { message: 'reason must not contain control characters' })
  reason!: string;
}

export class RecommendationViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: RECOMMENDATION_KINDS }) kind!: RecommendationKind;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: RECOMMENDATION_STATUSES }) status!: RecommendationStatus;
  @ApiProperty({ description: 'Potential monthly savings, decimal strings in `currency`: low, expected, high' })
  monthlySavings!: { low: string; expected: string; high: string };
  @ApiProperty({ description: 'The cost rows the finding rests on: filters, row count, amount and SHA-256' })
  evidence!: object;
  @ApiProperty() priceBookVersion!: number;
}

export class RecommendationPageDto {
  @ApiProperty({ type: [RecommendationViewDto] }) items!: RecommendationViewDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `after` for the next page; null on the last page' }) next!: string | null;
}
