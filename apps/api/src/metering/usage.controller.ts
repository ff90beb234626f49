import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal, UsageSummary } from '@apex/contracts';
import { UsageTracker } from '@apex/metering';
import { CurrentPrincipal } from '../auth/current-principal.decorator';

@ApiTags('usage')
@ApiBearerAuth()
@Controller('usage')
export class UsageController {
  constructor(private readonly tracker: UsageTracker) {}

  @Get('me')
  @ApiOperation({ summary: 'Your runs in the rolling window (limit, used, remaining, reset) and your usage this window and month' })
  @ApiOkResponse({ description: 'UsageSummary with scope "user"' })
  mine(@CurrentPrincipal() principal: Principal): Promise<UsageSummary> {
    return this.tracker.getUsageSummary({ userId: principal.userId });
  }

  @Get('organization')
  @ApiOperation({ summary: "Your organisation's runs and usage this window and month, all members together" })
  @ApiOkResponse({ description: 'UsageSummary with scope "organization"' })
  organization(@CurrentPrincipal() principal: Principal): Promise<UsageSummary> {
    return this.tracker.getUsageSummary({ orgId: principal.orgId });
  }
}
