import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import type { InvitationPreview, InvitationView, Principal, SessionTokens } from '@apex/contracts';
import { ProblemType } from '@apex/contracts';
import { ClientAddresses, InvalidLinkTokenError, InvitationsService, RoleNotAllowedError, SessionsService, Throttle } from '@apex/accounts';
import { AppConfig } from '@apex/config';
import { ProblemException } from '@apex/http';
import { AccountEmailStarter } from '../auth/account-email.starter';
import { AccountProblemsFilter } from '../auth/account-problems.filter';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { FeatureGate } from '../auth/feature-gate';
import { Public } from '../auth/public.decorator';
import { SessionOnly } from '../auth/session-only.decorator';
import { ThrottledProblemFilter } from '../auth/throttled-problem';
import { uuidParam } from '../auth/uuid-param.pipe';
import { VerifiedEmailCheck } from '../auth/verified-email.guard';
import { AcceptInvitationDto, CreateInvitationDto, InvitationTokenDto } from './organization.dto';

const ownersAndAdmins = (principal: Principal, what: string) => {
  if (principal.role === 'member') throw new RoleNotAllowedError(`Only an owner or an admin can ${what}`);
};

@ApiTags('organization')
@UseFilters(AccountProblemsFilter, ThrottledProblemFilter)
@Controller()
export class InvitationsController {
  constructor(
    private readonly invitations: InvitationsService,
    private readonly sessions: SessionsService,
    private readonly features: FeatureGate,
    private readonly verifiedEmail: VerifiedEmailCheck,
    private readonly emails: AccountEmailStarter,
    private readonly throttle: Throttle,
    private readonly addresses: ClientAddresses,
    private readonly config: AppConfig,
  ) {}

  /** Invitation tokens presented from one address are limited by how many turned out invalid. */
  private limitTokenGuesses<T>(req: Request, attempt: () => Promise<T>): Promise<T> {
    const limit = this.config.throttling.linkTokenFailuresPerAddress;
    return this.throttle.limitFailures(
      [{ rule: 'link-token-address', what: 'invalid link tokens from this address', limit, subject: [this.addresses.of(req)] }],
      attempt,
      (error) => error instanceof InvalidLinkTokenError,
    );
  }

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
    summary: 'Invite someone by email as admin or member (owners and admins with a verified email; needs team_collaboration)',
    description: 'Emails an accept link valid for 7 days. A new invitation to the same email replaces the pending one.',
  })
  @ApiCreatedResponse({ description: 'The invitation; the email is on its way' })
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreateInvitationDto): Promise<InvitationView> {
    ownersAndAdmins(principal, 'invite people');
    await this.features.require(principal.orgId, 'team_collaboration');
    // After the plan: verifying the email would not make a plan without teams invite.
    await this.verifiedEmail.require(principal);
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
  @ApiTooManyRequestsResponse({ description: 'Too many invalid link tokens from this address (Retry-After)' })
  async preview(@Body() body: InvitationTokenDto, @Req() req: Request): Promise<InvitationPreview> {
    const { id: _id, orgId: _orgId, ...preview } = await this.limitTokenGuesses(req, () => this.invitations.findPending(body.token));
    return preview;
  }

  @Public()
  @Post('invitations/accept')
  @ApiOperation({ summary: "Accept an invitation: creates the account in the inviting organisation and signs in" })
  @ApiCreatedResponse({ description: 'The new session' })
  @ApiTooManyRequestsResponse({ description: 'Too many invalid link tokens from this address (Retry-After)' })
  async accept(@Body() body: AcceptInvitationDto, @Req() req: Request): Promise<SessionTokens> {
    const pending = await this.limitTokenGuesses(req, () => this.invitations.findPending(body.token));
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
