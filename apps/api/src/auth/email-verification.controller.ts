import { Body, Controller, HttpCode, Logger, Post, Req, UseFilters } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import type { EmailVerified, Principal } from '@apex/contracts';
import { ProblemType } from '@apex/contracts';
import { ClientAddresses, EMAIL_VERIFICATIONS_PER_HOUR, EmailVerificationService, InvalidLinkTokenError, Throttle } from '@apex/accounts';
import { AppConfig } from '@apex/config';
import { ProblemException } from '@apex/http';
import { AccountEmailStarter } from './account-email.starter';
import { AccountProblemsFilter } from './account-problems.filter';
import { EmailVerificationConfirmDto, EmailVerifiedDto } from './auth.dto';
import { CurrentPrincipal } from './current-principal.decorator';
import { Public } from './public.decorator';
import { SessionOnly } from './session-only.decorator';
import { ThrottledProblemFilter } from './throttled-problem';

@ApiTags('auth')
@UseFilters(AccountProblemsFilter, ThrottledProblemFilter)
@Controller('auth/email-verification')
export class EmailVerificationController {
  private readonly logger = new Logger(EmailVerificationController.name);

  constructor(
    private readonly verifications: EmailVerificationService,
    private readonly emails: AccountEmailStarter,
    private readonly throttle: Throttle,
    private readonly addresses: ClientAddresses,
    private readonly config: AppConfig,
  ) {}

  @Post()
  @SessionOnly()
  @HttpCode(202)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Email a new link that verifies your email (the earlier links keep working until they expire)' })
  @ApiAcceptedResponse({ description: 'The email is on its way' })
  @ApiConflictResponse({ description: 'The email is already verified' })
  @ApiTooManyRequestsResponse({ description: `More than ${EMAIL_VERIFICATIONS_PER_HOUR} links asked for in the last hour` })
  async resend(@CurrentPrincipal() principal: Principal): Promise<void> {
    const verification = await this.verifications.resend(principal.userId);
    if (!verification) {
      throw new ProblemException({
        type: ProblemType.limitReached,
        title: 'Too many verification emails',
        status: 429,
        detail: `At most ${EMAIL_VERIFICATIONS_PER_HOUR} verification emails go out in an hour. Open the latest one, or ask again later.`,
      });
    }
    await this.emails.emailVerification(verification.verificationId).catch((error: Error) => {
      this.logger.error(`Could not start the email-verification email ${verification.verificationId}: ${error.message}`);
      throw new ProblemException({
        type: ProblemType.serviceUnavailable,
        title: 'The email could not be sent',
        status: 503,
        detail: 'Try again in a minute.',
      });
    });
  }

  @Public()
  @Post('confirm')
  @HttpCode(200)
  @ApiOperation({ summary: 'Verify your email with the token from the emailed link (works once, until it expires)' })
  @ApiOkResponse({ type: EmailVerifiedDto })
  @ApiConflictResponse({ description: 'The email is already verified (the link was used)' })
  @ApiTooManyRequestsResponse({ description: 'Too many invalid link tokens from this address (Retry-After)' })
  async confirm(@Body() body: EmailVerificationConfirmDto, @Req() req: Request): Promise<EmailVerified> {
    const { email, verifiedAt } = await this.throttle.limitFailures(
      [{ rule: 'link-token-address', what: 'invalid link tokens from this address', limit: this.config.throttling.linkTokenFailuresPerAddress, subject: [this.addresses.of(req)] }],
      () => this.verifications.confirm(body.token),
      (error) => error instanceof InvalidLinkTokenError,
    );
    return { email, verifiedAt };
  }
}
