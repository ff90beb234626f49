import { Body, Controller, Delete, Get, HttpCode, Param, Patch, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { MemberView, Principal } from '@apex/contracts';
import { MembersService } from '@apex/accounts';
import { AccountProblemsFilter } from '../auth/account-problems.filter';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { SessionOnly } from '../auth/session-only.decorator';
import { uuidParam } from '../auth/uuid-param.pipe';
import { ChangeMemberRoleDto } from './organization.dto';

@ApiTags('organization')
@ApiBearerAuth()
@UseFilters(AccountProblemsFilter)
@Controller('organization/members')
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @Get()
  @ApiOperation({ summary: "The people of the caller's organisation, oldest first" })
  list(@CurrentPrincipal() principal: Principal): Promise<MemberView[]> {
    return this.members.list(principal.orgId);
  }

  @Patch(':userId')
  @SessionOnly()
  @ApiOperation({ summary: "Change a member's role (owners only); the last owner cannot be demoted (409)" })
  changeRole(
    @CurrentPrincipal() principal: Principal,
    @Param('userId', uuidParam('member')) userId: string,
    @Body() body: ChangeMemberRoleDto,
  ): Promise<MemberView> {
    return this.members.changeRole(principal, userId, body.role);
  }

  @Delete(':userId')
  @SessionOnly()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Remove a member (owners and admins; only an owner removes an owner; never the last owner)',
    description: "The member's sessions and API keys stop working at once; their runs and usage stay on record.",
  })
  @ApiNoContentResponse({ description: 'Removed' })
  async remove(@CurrentPrincipal() principal: Principal, @Param('userId', uuidParam('member')) userId: string): Promise<void> {
    await this.members.remove(principal, userId);
  }
}
