import { Body, Controller, Get, HttpCode, Post, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { MeView, Principal, SessionTokens } from '@apex/contracts';
import { AccountsService, SessionsService } from '@apex/accounts';
import { AccountProblemsFilter } from './account-problems.filter';
import { LogInDto, RefreshDto, SignUpDto } from './auth.dto';
import { CurrentPrincipal } from './current-principal.decorator';
import { Public } from './public.decorator';
import { SandboxSignUp } from '../sandbox/sandbox-sign-up';

@ApiTags('auth')
@UseFilters(AccountProblemsFilter)
@Controller()
export class AuthController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly sessions: SessionsService,
    private readonly sandboxSignUp: SandboxSignUp,
  ) {}

  @Public()
  @Post('auth/signup')
  @ApiOperation({
    summary: 'Create an account and its organisation (Free plan); returns a session',
    description: 'With `sandboxToken`, the sandbox organisation becomes the new account\'s, with its cost data, run and recommendations (410 when the sandbox is gone).',
  })
  signUp(@Body() body: SignUpDto): Promise<SessionTokens> {
    const { sandboxToken, ...request } = body;
    return sandboxToken === undefined ? this.accounts.signUp(request) : this.sandboxSignUp.signUp(request, sandboxToken);
  }

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange email and password for a session' })
  logIn(@Body() body: LogInDto): Promise<SessionTokens> {
    return this.accounts.logIn(body.email, body.password);
  }

  @Public()
  @Post('auth/refresh')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exchange a refresh token for a new session; the old refresh token stops working',
    description: 'Presenting a refresh token that was already exchanged ends every session of the account (401).',
  })
  refresh(@Body() body: RefreshDto): Promise<SessionTokens> {
    return this.sessions.refresh(body.refreshToken);
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
