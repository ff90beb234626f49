import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, ValidateBy } from 'class-validator';
import { ROI_SPEND_SCALE_MAX, ROI_SPEND_SCALE_MIN } from '@apex/contracts';
import { parseSpendScale } from '@apex/domain';

export class RoiQueryDto {
  @ApiPropertyOptional({
    type: String,
    example: '2',
    default: '1',
    description: `The what-if: your measured AI spend, and the savings with it, scaled by this decimal from ${ROI_SPEND_SCALE_MIN} to ${ROI_SPEND_SCALE_MAX}.`,
  })
  @IsOptional()
  @IsString()
  @ValidateBy({
    name: 'isSpendScale',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && parseSpendScale(value) !== null,
      defaultMessage: () => `spendScale must be a decimal number from ${ROI_SPEND_SCALE_MIN} to ${ROI_SPEND_SCALE_MAX} (up to 6 decimals), e.g. 1.5`,
    },
  })
  spendScale?: string;
}
