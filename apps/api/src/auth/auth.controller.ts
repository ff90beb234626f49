import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { MeView, Principal, SessionTokens } from '@apex/contracts';
import { ProblemType } from '@apex/contracts';
import { AccountsService, EmailTakenError, InvalidCredentialsError } from '@apex/accounts';
import { ProblemException } from '@apex/http';
import { LogInDto, SignUpDto } from './auth.dto';
import { CurrentPrincipal } from './current-principal.decorator';
import { Public } from './public.decorator';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(private readonly accounts: AccountsService) {}

  @Public()
  @Post('auth/signup')
  @ApiOperation({ summary: 'Create an account and its organisation (Free plan); returns a session' })
  async signUp(@Body() body: SignUpDto): Promise<SessionTokens> {
    try {
      return await this.accounts.signUp(body);
    } catch (error) {
      if (error instanceof EmailTakenError) {
        throw new ProblemException({ type: ProblemType.conflict, title: 'Email already registered', status: 409, detail: 'Log in instead, or reset your password.' });
      }
      throw error;
    }
  }

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange email and password for a session' })
  async logIn(@Body() body: LogInDto): Promise<SessionTokens> {
    try {
      return await this.accounts.logIn(body.email, body.password);
    } catch (error) {
      if (error instanceof InvalidCredentialsError) {
        throw new ProblemException({ type: ProblemType.unauthorized, title: 'Wrong email or password', status: 401, detail: error.message });
      }
      throw error;
    }
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed-in user, their organisation and role' })
  me(@CurrentPrincipal() principal: Principal): Promise<MeView> {
    return this.accounts.me(principal.userId);
  }
}
