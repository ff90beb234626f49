import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal, UsageSummary } from '@apex/contracts';
import { UsageTracker } from '@apex/metering';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { RunSavings } from '../savings/run-savings';

@ApiTags('usage')
@ApiBearerAuth()
@Controller('usage')
export class UsageController {
  constructor(
    private readonly tracker: UsageTracker,
    private readonly savings: RunSavings,
  ) {}

  @Get('me')
  @ApiOperation({ summary: 'Your runs in the rolling window (limit, used, remaining, reset) and your usage this window and month' })
  @ApiOkResponse({ description: 'UsageSummary with scope "user"' })
  async mine(@CurrentPrincipal() principal: Principal): Promise<UsageSummary> {
    const scope = { userId: principal.userId };
    return this.savings.ofUsage(principal.orgId, scope, await this.tracker.getUsageSummary(scope));
  }

  @Get('organization')
  @ApiOperation({ summary: "Your organisation's runs and usage this window and month, all members together" })
  @ApiOkResponse({ description: 'UsageSummary with scope "organization"' })
  async organization(@CurrentPrincipal() principal: Principal): Promise<UsageSummary> {
    const scope = { orgId: principal.orgId };
    return this.savings.ofUsage(principal.orgId, scope, await this.tracker.getUsageSummary(scope));
  }
}
