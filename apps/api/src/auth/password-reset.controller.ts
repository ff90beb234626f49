import { Body, Controller, HttpCode, Logger, Post, Req, UseFilters } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { AccountNoticesService, ClientAddresses, InvalidLinkTokenError, LoginThrottle, PasswordResetService, Throttle } from '@apex/accounts';
import { AppConfig } from '@apex/config';
import { AccountEmailStarter } from './account-email.starter';
import { AccountProblemsFilter } from './account-problems.filter';
import { PasswordResetConfirmDto, PasswordResetRequestDto } from './auth.dto';
import { Public } from './public.decorator';
import { ThrottledProblemFilter } from './throttled-problem';

@Public()
@ApiTags('auth')
@UseFilters(AccountProblemsFilter, ThrottledProblemFilter)
@Controller('auth/password-reset')
export class PasswordResetController {
  private readonly logger = new Logger(PasswordResetController.name);

  constructor(
    private readonly resets: PasswordResetService,
    private readonly notices: AccountNoticesService,
    private readonly emails: AccountEmailStarter,
    private readonly throttle: Throttle,
    private readonly logins: LoginThrottle,
    private readonly addresses: ClientAddresses,
    private readonly config: AppConfig,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Email a single-use password-reset link, valid for one hour, if an account has this email' })
  @ApiAcceptedResponse({ description: 'Always, whether or not an account has this email' })
  @ApiTooManyRequestsResponse({ description: 'Too many reset requests from this address in the last hour (Retry-After)' })
  async request(@Body() body: PasswordResetRequestDto, @Req() req: Request): Promise<void> {
    const limit = this.config.throttling.passwordResetRequestsPerAddress;
    await this.throttle.admit([{ rule: 'password-reset-address', what: 'password-reset requests from this address', limit, subject: [this.addresses.of(req)] }]);
    const reset = await this.resets.request(body.email);
    if (!reset) return;
    // Not awaited: neither an outage nor the round trip to Temporal may make a known email answer
    // differently (or slower) than an unknown one. If the start fails, the person asks again.
    void this.emails
      .passwordReset(reset.resetId)
      .catch((error: Error) => this.logger.error(`Could not start the password-reset email ${reset.resetId}: ${error.message}`));
  }

  @Post('confirm')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Set a new password with the emailed token; every session of the account ends, and so does a sign-in lock',
    description: 'The account\'s owner is emailed that the password was changed.',
  })
  @ApiNoContentResponse({ description: 'The password is changed' })
  @ApiTooManyRequestsResponse({ description: 'Too many invalid link tokens from this address (Retry-After)' })
  async confirm(@Body() body: PasswordResetConfirmDto, @Req() req: Request): Promise<void> {
    const { userId } = await this.throttle.limitFailures(
      [{ rule: 'link-token-address', what: 'invalid link tokens from this address', limit: this.config.throttling.linkTokenFailuresPerAddress, subject: [this.addresses.of(req)] }],
      () => this.resets.confirm(body.token, body.password),
      (error) => error instanceof InvalidLinkTokenError,
    );
    await this.logins.endLockOf(userId);
    const noticeId = await this.notices.passwordChanged(userId);
    // Not awaited: the password is changed either way, and an outage must not make it look as if it were not.
    void this.emails.accountNotice(noticeId).catch((error: Error) => this.logger.error(`Could not start the password-changed email ${noticeId}: ${error.message}`));
  }
}
