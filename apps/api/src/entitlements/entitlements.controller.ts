import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { EntitlementsView, PlanView, Principal } from '@apex/contracts';
import { EntitlementsPort, FeatureFlagsService } from '@apex/entitlements';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Public } from '../auth/public.decorator';

@ApiTags('plans')
@Controller()
export class EntitlementsController {
  constructor(
    private readonly entitlements: EntitlementsPort,
    private readonly flags: FeatureFlagsService,
  ) {}

  @Public()
  @Get('plans')
  @ApiOperation({ summary: 'Every plan by rank: run limit and window, features and pricing (the tier comparison)' })
  @ApiOkResponse({ description: 'PlanView[], lowest rank first' })
  plans(): Promise<PlanView[]> {
    return this.entitlements.plans();
  }

  @Get('entitlements')
  @ApiBearerAuth()
  @ApiOperation({ summary: "What your organisation's plan (with its contract terms) allows, and the feature flags in force" })
  @ApiOkResponse({ description: 'EntitlementsView' })
  async mine(@CurrentPrincipal() principal: Principal): Promise<EntitlementsView> {
    const [entitlements, flags] = await Promise.all([this.entitlements.forOrganization(principal.orgId), this.flags.values()]);
    return { ...entitlements, flags };
  }
}
