import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsString, Matches, Max, Min } from 'class-validator';
import type { ChangePlan, CreateCheckout, EnterpriseTerms, SelfServeTier } from '@apex/contracts';
import { SELF_SERVE_TIERS } from '@apex/contracts';

const tierMessage = `tier must be one of ${SELF_SERVE_TIERS.join(', ')} (Enterprise is sold by contract)`;

export class CreateCheckoutDto implements CreateCheckout {
  @ApiProperty({ enum: SELF_SERVE_TIERS })
  @IsIn(SELF_SERVE_TIERS, { message: tierMessage })
  tier!: SelfServeTier;
}

export class ChangePlanDto implements ChangePlan {
  @ApiProperty({ enum: SELF_SERVE_TIERS })
  @IsIn(SELF_SERVE_TIERS, { message: tierMessage })
  tier!: SelfServeTier;
}

/** 8 to 15 inclusive, at most two decimals. */
const CONTRACT_PERCENT = /^(?:(?:[89]|1[0-4])(?:\.\d{1,2})?|15(?:\.0{1,2})?)$/;

export class EnterpriseTermsDto implements EnterpriseTerms {
  @ApiProperty({ example: '10.50', description: 'Percent of measured AI spend charged per period, 8 to 15' })
  @IsString()
  @Matches(CONTRACT_PERCENT, { message: 'percent must be a decimal string from 8 to 15 with at most two decimals, like "10.50"' })
  percent!: string;

  @ApiProperty({ description: 'Minimum charge per period, in cents', minimum: 0, example: 250000 })
  @IsInt({ message: 'minimumCents must be a whole number of cents' })
  @Min(0)
  @Max(1_000_000_000)
  minimumCents!: number;
}
