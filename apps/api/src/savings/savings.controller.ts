import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal, SavingsBreakdown, SavingsSummary } from '@apex/contracts';
import { SavingsService } from '@apex/proofs';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { RequiresFeature } from '../entitlements/requires-feature.decorator';
import { SavingsBreakdownDto, SavingsSummaryDto } from './savings.dto';

@ApiTags('savings')
@ApiBearerAuth()
@Controller('savings')
export class SavingsController {
  constructor(private readonly savings: SavingsService) {}

  @Get()
  @ApiOperation({
    summary:
      'Per currency: verified savings to date (finished proofs with the verified verdict), savings being measured (interim readings, not yet savings) and potential (open and accepted recommendations, expected a month), each with what makes it up',
  })
  @ApiOkResponse({ type: SavingsSummaryDto })
  summary(@CurrentPrincipal() principal: Principal): Promise<SavingsSummary> {
    return this.savings.summary(principal.orgId);
  }

  @Get('breakdown')
  @RequiresFeature('advanced_analytics')
  @ApiOperation({ summary: 'Verified savings by recommendation and by the month each reporting period ended (advanced analytics)' })
  @ApiOkResponse({ type: SavingsBreakdownDto })
  breakdown(@CurrentPrincipal() principal: Principal): Promise<SavingsBreakdown> {
    return this.savings.breakdown(principal.orgId);
  }
}
