import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal, RoiForecast } from '@apex/contracts';
import { Decimal, parseSpendScale } from '@apex/domain';
import { RoiService } from '@apex/proofs';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { RoiQueryDto } from './roi.dto';

@ApiTags('roi')
@ApiBearerAuth()
@Controller('roi')
export class RoiController {
  constructor(private readonly roi: RoiService) {}

  @Get()
  @ApiOperation({
    summary: 'What Apex will save you a month, verified and potential, against its fee under your plan: ROI and breakeven, with a what-if on your spend',
  })
  @ApiOkResponse({
    description:
      'RoiForecast. USD decimal strings; the verified part is what proofs verified, the potential part what open and accepted recommendations expect. ' +
      'status no_cost_data (and no figure) while no AI spend is measured.',
  })
  forecast(@CurrentPrincipal() principal: Principal, @Query() query: RoiQueryDto): Promise<RoiForecast> {
    // The query's validation has refused any other text, so parsing answers a factor here.
    const scale = (query.spendScale === undefined ? null : parseSpendScale(query.spendScale)) ?? Decimal.ONE;
    return this.roi.forecast(principal.orgId, scale);
  }
}
