import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
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

/** 8 to 15 inclusive, at most two decimals. */
const CONTRACT_PERCENT = /^(?:(?:[89]|1[0-4])(?:\.\d{1,2})?|15(?:\.0{1,2})?)$/;

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

  @ApiPropertyOptional({ example: '10.50', description: 'Percent of measured savings charged, 8 to 15' })
  @IsOptional()
  @IsString()
  @Matches(CONTRACT_PERCENT, { message: 'contractPercent must be a decimal string from 8 to 15 with at most two decimals, like "10.50"' })
  contractPercent?: string | null;

  @ApiPropertyOptional({ description: 'Minimum monthly charge in cents', minimum: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  contractMinimumCents?: number | null;
}
