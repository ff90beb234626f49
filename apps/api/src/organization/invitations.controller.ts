import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { InvitationPreview, InvitationView, Principal, SessionTokens } from '@apex/contracts';
import { ProblemType } from '@apex/contracts';
import { InvitationsService, RoleNotAllowedError, SessionsService } from '@apex/accounts';
import { ProblemException } from '@apex/http';
import { AccountEmailStarter } from '../auth/account-email.starter';
import { AccountProblemsFilter } from '../auth/account-problems.filter';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { FeatureGate } from '../auth/feature-gate';
import { Public } from '../auth/public.decorator';
import { SessionOnly } from '../auth/session-only.decorator';
import { uuidParam } from '../auth/uuid-param.pipe';
import { AcceptInvitationDto, CreateInvitationDto, InvitationTokenDto } from './organization.dto';

const ownersAndAdmins = (principal: Principal, what: string) => {
  if (principal.role === 'member') throw new RoleNotAllowedError(`Only an owner or an admin can ${what}`);
};

@ApiTags('organization')
@UseFilters(AccountProblemsFilter)
@Controller()
export class InvitationsController {
  constructor(
    private readonly invitations: InvitationsService,
    private readonly sessions: SessionsService,
    private readonly features: FeatureGate,
    private readonly emails: AccountEmailStarter,
  ) {}

  @Get('organization/invitations')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Invitations of the organisation that were not revoked, newest first (owners and admins)' })
  list(@CurrentPrincipal() principal: Principal): Promise<InvitationView[]> {
    ownersAndAdmins(principal, 'see invitations');
    return this.invitations.list(principal.orgId);
  }

  @Post('organization/invitations')
  @SessionOnly()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Invite someone by email as admin or member (owners and admins; needs team_collaboration)',
    description: 'Emails an accept link valid for 7 days. A new invitation to the same email replaces the pending one.',
  })
  @ApiCreatedResponse({ description: 'The invitation; the email is on its way' })
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreateInvitationDto): Promise<InvitationView> {
    ownersAndAdmins(principal, 'invite people');
    await this.features.require(principal.orgId, 'team_collaboration');
    const invitation = await this.invitations.create(principal, body);
    try {
      await this.emails.invitation(invitation.id);
    } catch {
      await this.invitations.revoke(principal, invitation.id);
      throw new ProblemException({
        type: ProblemType.serviceUnavailable,
        title: 'The invitation could not be sent',
        status: 503,
        detail: 'The invitation was withdrawn before anyone could use it. Try again in a minute.',
      });
    }
    return invitation;
  }

  @Delete('organization/invitations/:id')
  @SessionOnly()
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Revoke a pending invitation (owners and admins); its link stops working' })
  @ApiNoContentResponse({ description: 'Revoked (also when it already was, or was accepted)' })
  async revoke(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam('invitation')) id: string): Promise<void> {
    await this.invitations.revoke(principal, id);
  }

  @Public()
  @Post('invitations/preview')
  @HttpCode(200)
  @ApiOperation({ summary: 'What an invitation link is for: email, organisation, role, inviter, expiry' })
  async preview(@Body() body: InvitationTokenDto): Promise<InvitationPreview> {
    const { id: _id, orgId: _orgId, ...preview } = await this.invitations.findPending(body.token);
    return preview;
  }

  @Public()
  @Post('invitations/accept')
  @ApiOperation({ summary: "Accept an invitation: creates the account in the inviting organisation and signs in" })
  @ApiCreatedResponse({ description: 'The new session' })
  async accept(@Body() body: AcceptInvitationDto): Promise<SessionTokens> {
    const pending = await this.invitations.findPending(body.token);
    await this.features.require(
      pending.orgId,
      'team_collaboration',
      `${pending.organizationName}'s plan no longer includes team_collaboration; ask ${pending.invitedBy} to upgrade.`,
    );
    const { userId } = await this.invitations.accept(body);
    const { refreshTokenId: _id, ...session } = await this.sessions.issue(userId);
    return session;
  }
}
