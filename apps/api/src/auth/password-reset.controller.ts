import { Body, Controller, HttpCode, Logger, Post, UseFilters } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PasswordResetService } from '@apex/accounts';
import { AccountEmailStarter } from './account-email.starter';
import { AccountProblemsFilter } from './account-problems.filter';
import { PasswordResetConfirmDto, PasswordResetRequestDto } from './auth.dto';
import { Public } from './public.decorator';

@Public()
@ApiTags('auth')
@UseFilters(AccountProblemsFilter)
@Controller('auth/password-reset')
export class PasswordResetController {
  private readonly logger = new Logger(PasswordResetController.name);

  constructor(
    private readonly resets: PasswordResetService,
    private readonly emails: AccountEmailStarter,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Email a single-use password-reset link, valid for one hour, if an account has this email' })
  @ApiAcceptedResponse({ description: 'Always, whether or not an account has this email' })
  async request(@Body() body: PasswordResetRequestDto): Promise<void> {
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
  @ApiOperation({ summary: 'Set a new password with the emailed token; every session of the account ends' })
  @ApiNoContentResponse({ description: 'The password is changed' })
  async confirm(@Body() body: PasswordResetConfirmDto): Promise<void> {
    await this.resets.confirm(body.token, body.password);
  }
}
