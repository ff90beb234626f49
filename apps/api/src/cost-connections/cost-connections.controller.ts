import { Body, Controller, Delete, Get, HttpCode, Param, Post, Res, UseFilters, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { CostConnectionView, Principal } from '@apex/contracts';
import { RoleNotAllowedError } from '@apex/accounts';
import { CostConnectionsService } from '@apex/costs';
import { AccountProblemsFilter } from '../auth/account-problems.filter';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { uuidParam } from '../auth/uuid-param.pipe';
import { VerifiedEmailGuard } from '../auth/verified-email.guard';
import { CloudBillingGuard } from './cloud-billing.guard';
import { CostConnectionProblemsFilter } from './cost-connection-problems.filter';
import { CostConnectionViewDto, CreateCostConnectionDto } from './cost-connections.dto';

const ownersAndAdmins = (principal: Principal, what: string) => {
  if (principal.role === 'member') throw new RoleNotAllowedError(`Only an owner or an admin can ${what}`);
};

@ApiTags('cost-connections')
@ApiBearerAuth()
@UseGuards(CloudBillingGuard)
@UseFilters(AccountProblemsFilter, CostConnectionProblemsFilter)
@ApiForbiddenResponse({ description: 'cloud_billing_integration is off (cloud-billing-disabled), or a member tried to change connections (forbidden)' })
@Controller('cost-connections')
export class CostConnectionsController {
  constructor(private readonly connections: CostConnectionsService) {}

  @Post()
  @UseGuards(VerifiedEmailGuard)
  @ApiOperation({
    summary: 'Connect a cloud or AI provider account (owners and admins with a verified email)',
    description:
      'Checks the credentials with the provider first: refused ones answer 422 with the provider\'s reason and nothing is saved. ' +
      'Then stores them encrypted (never returned), starts the backfill of the last months and the scheduled sync.',
  })
  @ApiCreatedResponse({ type: CostConnectionViewDto })
  @ApiUnprocessableEntityResponse({ description: 'The provider refused the credentials (cost-credentials-rejected); nothing was saved' })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateCostConnectionDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CostConnectionView> {
    ownersAndAdmins(principal, 'connect accounts');
    const view = await this.connections.create({ orgId: principal.orgId, userId: principal.userId }, body);
    res.location(`/api/v1/cost-connections/${view.id}`);
    return view;
  }

  @Get()
  @ApiOperation({ summary: "Your organisation's cost connections with status, last sync, last error and live backfill progress" })
  @ApiOkResponse({ type: [CostConnectionViewDto] })
  list(@CurrentPrincipal() principal: Principal): Promise<CostConnectionView[]> {
    return this.connections.list(principal.orgId);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One cost connection' })
  @ApiOkResponse({ type: CostConnectionViewDto })
  get(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam('cost connection')) id: string): Promise<CostConnectionView> {
    return this.connections.get(principal.orgId, id);
  }

  @Delete(':id')
  @ApiOperation({
    summary: 'Disconnect (owners and admins)',
    description:
      'Stops the scheduled sync and any running ingestion and erases the credentials. The cost rows already ingested stay: ' +
      'they are the measured spend that value reports and invoices rest on.',
  })
  @ApiOkResponse({ type: CostConnectionViewDto, description: 'The connection, now disconnected' })
  disconnect(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam('cost connection')) id: string): Promise<CostConnectionView> {
    ownersAndAdmins(principal, 'disconnect accounts');
    return this.connections.disconnect(principal.orgId, id);
  }

  @Post(':id/sync')
  @HttpCode(202)
  @ApiOperation({ summary: 'Sync now (owners and admins): re-ingests the recent months unless a sync is running' })
  @ApiAcceptedResponse({ type: CostConnectionViewDto })
  sync(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam('cost connection')) id: string): Promise<CostConnectionView> {
    ownersAndAdmins(principal, 'sync accounts');
    return this.connections.syncNow(principal.orgId, id);
  }
}
