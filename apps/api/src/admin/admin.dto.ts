import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayUnique, IsArray, IsBoolean, IsEmpty, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { Feature, OrganizationTerms, SetFeatureFlag, SetOrganizationPlan, Tier } from '@apex/contracts';
import { FEATURES, TIERS } from '@apex/contracts';

export class SetFeatureFlagDto implements SetFeatureFlag {
  @ApiProperty()
  @IsBoolean({ message: 'enabled must be true or false' })
  enabled!: boolean;
}

export class SetOrganizationPlanDto implements SetOrganizationPlan {
  @ApiProperty({ enum: TIERS })
  @IsIn(TIERS, { message: `tier must be one of ${TIERS.join(', ')}` })
  tier!: Tier;
}

const CONTRACT_TERMS_ELSEWHERE =
  'an Enterprise contract is set with PUT /admin/organizations/:orgId/enterprise-terms, which also opens its billing';

export class OrganizationTermsDto implements OrganizationTerms {
  @ApiPropertyOptional({ description: 'Runs per window instead of the plan’s', minimum: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  runLimit?: number | null;

  @ApiPropertyOptional({ description: 'Length of the rolling window in seconds instead of the plan’s', minimum: 60 })
  @IsOptional()
  @IsInt()
  @Min(60)
  @Max(31_536_000)
  windowSeconds?: number | null;

  @ApiPropertyOptional({ enum: FEATURES, isArray: true, description: 'Features granted on top of the plan' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(FEATURES, { each: true, message: `each of extraFeatures must be one of ${FEATURES.join(', ')}` })
  extraFeatures?: Feature[];

  /** Refused with a pointer to where contracts are set. */
  @IsEmpty({ message: `contractPercent is not set here: ${CONTRACT_TERMS_ELSEWHERE}` })
  contractPercent?: never;

  @IsEmpty({ message: `contractMinimumCents is not set here: ${CONTRACT_TERMS_ELSEWHERE}` })
  contractMinimumCents?: never;
}

export class OrganizationSearchDto {
  @ApiPropertyOptional({ description: "Part of the organisation's name or of a member's email, or its id; empty lists the newest" })
  @IsOptional()
  @IsString()
  @MaxLength(200, { message: 'search must be at most 200 characters' })
  search?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 25 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be between 1 and 100' })
  @Max(100, { message: 'limit must be between 1 and 100' })
  limit?: number;
}
