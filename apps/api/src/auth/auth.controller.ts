import { Body, Controller, Get, HttpCode, Logger, Post, Req, UseFilters } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiNoContentResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import type { MeView, Principal, SessionTokens, SignUpAccepted } from '@apex/contracts';
import {
  AccountNoticesService,
  AccountsService,
  ClientAddresses,
  InvalidRefreshTokenError,
  LoginThrottle,
  SessionsService,
  Throttle,
  SignUpOutcome,
  ThrottledError,
} from '@apex/accounts';
import { AppConfig } from '@apex/config';
import { AccountEmailStarter } from './account-email.starter';
import { AccountProblemsFilter } from './account-problems.filter';
import { LogInDto, RefreshDto, SignUpAcceptedDto, SignUpDto } from './auth.dto';
import { CurrentPrincipal } from './current-principal.decorator';
import { Public } from './public.decorator';
import { ThrottledProblemFilter } from './throttled-problem';
import { SandboxSignUp } from '../sandbox/sandbox-sign-up';

@ApiTags('auth')
@UseFilters(AccountProblemsFilter, ThrottledProblemFilter)
@Controller()
export class AuthController {
  private readonly logger = new Logger(AuthController.name);

  constructor(
    private readonly accounts: AccountsService,
    private readonly notices: AccountNoticesService,
    private readonly sessions: SessionsService,
    private readonly sandboxSignUp: SandboxSignUp,
    private readonly throttle: Throttle,
    private readonly logins: LoginThrottle,
    private readonly addresses: ClientAddresses,
    private readonly emails: AccountEmailStarter,
    private readonly config: AppConfig,
  ) {}

  @Public()
  @Post('auth/signup')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Create an account and its organisation (Free plan) and email the link that verifies its email; then sign in',
    description:
      'The answer is the same whether or not the email has an account already: then nothing is created and its owner is emailed that ' +
      'someone tried. Until the email is verified the account can sign in, but not invite members, connect cost accounts or start a trial. ' +
      'With `sandboxToken`, the sandbox organisation becomes the new account\'s, with its cost data, run and recommendations (410 when the sandbox is gone).',
  })
  @ApiAcceptedResponse({ type: SignUpAcceptedDto, description: 'Always the same, whether or not the email has an account' })
  @ApiTooManyRequestsResponse({ description: 'Too many sign-ups from this address in the last hour (Retry-After)' })
  async signUp(@Body() body: SignUpDto, @Req() req: Request): Promise<SignUpAccepted> {
    await this.throttle.admit([
      { rule: 'sign-up-address', what: 'sign-ups from this address', limit: this.config.throttling.signUpsPerAddress, subject: [this.addresses.of(req)] },
    ]);
    const { sandboxToken, ...request } = body;
    const outcome = sandboxToken === undefined ? await this.accounts.signUp(request) : await this.sandboxSignUp.signUp(request, sandboxToken);
    this.emailAbout(outcome);
    return { email: request.email.trim(), detail: 'Check your inbox for the link that verifies your email, then sign in.' };
  }

  /**
   * Not awaited, like the reset email: neither an outage nor the round trip to Temporal may make a taken email answer
   * differently (or slower) than a new one. A new account can ask for another link once signed in.
   */
  private emailAbout(outcome: SignUpOutcome): void {
    if (outcome.kind === 'created' && outcome.verificationId) this.startEmail('email-verification', outcome.verificationId, (id) => this.emails.emailVerification(id));
    if (outcome.kind === 'email-taken' && outcome.noticeId) this.startEmail('sign-up-attempt', outcome.noticeId, (id) => this.emails.accountNotice(id));
  }

  private startEmail(what: string, id: string, start: (id: string) => Promise<void>): void {
    void start(id).catch((failure: Error) => this.logger.error(`Could not start the ${what} email ${id}: ${failure.message}`));
  }

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exchange email and password for a session',
    description:
      'After a few failures an account\'s next attempt must wait (429 with Retry-After, growing from 1 second); many failures from several ' +
      'addresses lock the account for a while and email its owner, who is emailed again when a session signs in while or soon after it is locked. ' +
      'Failures per address are limited too.',
  })
  @ApiTooManyRequestsResponse({ description: 'Wait, as Retry-After says: too many failures for this account or from this address' })
  async logIn(@Body() body: LogInDto, @Req() req: Request): Promise<SessionTokens> {
    try {
      const { userId, session } = await this.logins.attempt(body.email, this.addresses.of(req), () => this.accounts.logIn(body.email, body.password));
      const afterLock = await this.notices.signedIn(userId);
      if (afterLock) this.startEmail('sign-in-after-lock', afterLock, (id) => this.emails.accountNotice(id));
      return session;
    } catch (error) {
      if (error instanceof ThrottledError && error.newLockId) {
        const lockId = error.newLockId;
        // Not awaited, like the reset email: an outage must not change the answer. The lock stands either way.
        void this.emails.accountLocked(lockId).catch((failure: Error) => this.logger.error(`Could not start the account-locked email ${lockId}: ${failure.message}`));
      }
      throw error;
    }
  }

  @Public()
  @Post('auth/refresh')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exchange a refresh token for a new session; the old refresh token stops working',
    description:
      'Presenting a refresh token that was already exchanged ends every session of the account (401), except within ' +
      'REFRESH_REUSE_GRACE_SECONDS of the exchange, while its new session is unused: a retry gets that same session again.',
  })
  @ApiTooManyRequestsResponse({ description: 'Too many invalid refresh tokens from this address (Retry-After)' })
  refresh(@Body() body: RefreshDto, @Req() req: Request): Promise<SessionTokens> {
    return this.throttle.limitFailures(
      [{ rule: 'refresh-address', what: 'invalid refresh tokens from this address', limit: this.config.throttling.refreshFailuresPerAddress, subject: [this.addresses.of(req)] }],
      () => this.sessions.refresh(body.refreshToken),
      (error) => error instanceof InvalidRefreshTokenError,
    );
  }

  @Public()
  @Post('auth/logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'End the session of this refresh token (its access token lapses within minutes)' })
  @ApiNoContentResponse({ description: 'The refresh token no longer works (also when it never did)' })
  async logout(@Body() body: RefreshDto): Promise<void> {
    await this.sessions.logout(body.refreshToken);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed-in user, their organisation and role' })
  me(@CurrentPrincipal() principal: Principal): Promise<MeView> {
    return this.accounts.me(principal.userId);
  }
}
