import { Body, Controller, Delete, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FeatureFlag, FeatureFlagView, OrganizationPlanView, OrganizationSummary, Principal } from '@apex/contracts';
import { FEATURE_FLAGS, ProblemType } from '@apex/contracts';
import { ContractStillBilledError, FeatureFlagsService, OrganizationPlansService, UnknownOrganizationError } from '@apex/entitlements';
import { ProblemException } from '@apex/http';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { OperatorOnly } from '../auth/operator-only.decorator';
import { uuidParam } from '../auth/uuid-param.pipe';
import { OrganizationSearchDto, OrganizationTermsDto, SetFeatureFlagDto, SetOrganizationPlanDto } from './admin.dto';
import { OrganizationDirectory } from './organization-directory';

function knownFlag(flag: string): FeatureFlag {
  if ((FEATURE_FLAGS as readonly string[]).includes(flag)) return flag as FeatureFlag;
  throw new ProblemException({
    type: ProblemType.notFound,
    title: 'No such feature flag',
    status: 404,
    detail: `The feature flags are ${FEATURE_FLAGS.join(', ')}.`,
  });
}

async function orNotFound<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof UnknownOrganizationError) {
      throw new ProblemException({ type: ProblemType.notFound, title: 'No such organisation', status: 404, detail: error.message });
    }
    if (error instanceof ContractStillBilledError) {
      throw new ProblemException({ type: ProblemType.conflict, title: 'The contract is still billed', status: 409, detail: error.message });
    }
    throw error;
  }
}

@OperatorOnly()
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin')
export class AdminController {
  constructor(
    private readonly flags: FeatureFlagsService,
    private readonly plans: OrganizationPlansService,
    private readonly directory: OrganizationDirectory,
  ) {}

  @Get('feature-flags')
  @ApiOperation({ summary: 'Every feature flag: its value, whether an override or the configured default applies' })
  featureFlags(): Promise<FeatureFlagView[]> {
    return this.flags.all();
  }

  @Put('feature-flags/:flag')
  @ApiOperation({ summary: 'Override a feature flag at runtime (every process follows at once)' })
  setFeatureFlag(@Param('flag') flag: string, @Body() body: SetFeatureFlagDto, @CurrentPrincipal() operator: Principal): Promise<FeatureFlagView> {
    return this.flags.override(knownFlag(flag), body.enabled, operator.userId);
  }

  @Delete('feature-flags/:flag')
  @ApiOperation({ summary: 'Remove the override: the configured default applies again' })
  clearFeatureFlag(@Param('flag') flag: string): Promise<FeatureFlagView> {
    return this.flags.clearOverride(knownFlag(flag));
  }

  @Get('organizations')
  @ApiOperation({ summary: "Organisations by name, a member's email or id, newest first" })
  organizations(@Query() query: OrganizationSearchDto): Promise<OrganizationSummary[]> {
    return this.directory.search(query.search ?? '', query.limit ?? 25);
  }

  @Get('organizations/:orgId/plan')
  @ApiOperation({ summary: "An organisation's tier, contract terms and resulting entitlements" })
  plan(@Param('orgId', uuidParam('organisation')) orgId: string): Promise<OrganizationPlanView> {
    return orNotFound(this.plans.view(orgId));
  }

  @Put('organizations/:orgId/plan')
  @ApiOperation({ summary: 'Move an organisation to another tier, without billing (refused while an Enterprise contract is billed)' })
  setPlan(@Param('orgId', uuidParam('organisation')) orgId: string, @Body() body: SetOrganizationPlanDto): Promise<OrganizationPlanView> {
    return orNotFound(this.plans.setTier(orgId, body.tier));
  }

  @Put('organizations/:orgId/overrides')
  @ApiOperation({ summary: "Set an organisation's overrides of its plan as a whole (fields left out follow the plan)" })
  setOverrides(
    @Param('orgId', uuidParam('organisation')) orgId: string,
    @Body() body: OrganizationTermsDto,
    @CurrentPrincipal() operator: Principal,
  ): Promise<OrganizationPlanView> {
    return orNotFound(this.plans.setTerms(orgId, body, operator.userId));
  }

  @Delete('organizations/:orgId/overrides')
  @ApiOperation({ summary: "Remove an organisation's overrides: its plan applies as is (an Enterprise contract's terms stay)" })
  clearOverrides(@Param('orgId', uuidParam('organisation')) orgId: string): Promise<OrganizationPlanView> {
    return orNotFound(this.plans.clearTerms(orgId));
  }
}
