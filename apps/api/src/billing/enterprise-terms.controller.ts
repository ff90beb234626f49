import { Body, Controller, Param, Put, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { EnterpriseTermsView, Principal } from '@apex/contracts';
import { PaymentService } from '@apex/billing';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { OperatorOnly } from '../auth/operator-only.decorator';
import { uuidParam } from '../auth/uuid-param.pipe';
import { BillingProblemsFilter } from './billing-problems.filter';
import { EnterpriseTermsDto } from './billing.dto';

@OperatorOnly()
@ApiTags('admin')
@ApiBearerAuth()
@UseFilters(BillingProblemsFilter)
@Controller('admin/organizations')
export class EnterpriseTermsController {
  constructor(private readonly payments: PaymentService) {}

  @Put(':orgId/enterprise-terms')
  @ApiOperation({ summary: "Set an organisation's Enterprise contract (percent of measured AI spend, minimum) and move it to Enterprise" })
  setTerms(
    @Param('orgId', uuidParam('organisation')) orgId: string,
    @Body() body: EnterpriseTermsDto,
    @CurrentPrincipal() operator: Principal,
  ): Promise<EnterpriseTermsView> {
    return this.payments.setEnterpriseTerms(orgId, body, operator.userId);
  }
}
