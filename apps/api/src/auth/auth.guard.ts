import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ProblemType } from '@apex/contracts';
import { PrincipalResolver, UnauthenticatedError } from '@apex/accounts';
import { ProblemException } from '@apex/http';
import { RequestWithPrincipal } from './current-principal.decorator';
import { IS_PUBLIC } from './public.decorator';

const unauthorized = (detail: string) =>
  new ProblemException({ type: ProblemType.unauthorized, title: 'Sign in or send a valid API key', status: 401, detail });

/** Every route needs a session or an API key unless it is marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly principals: PrincipalResolver,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request & RequestWithPrincipal>();
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    try {
      const principal = await this.principals.resolve(request.headers as Record<string, string>);
      if (principal) request.principal = principal;
      if (isPublic || principal) return true;
    } catch (error) {
      if (error instanceof UnauthenticatedError) {
        if (isPublic) return true;
        throw unauthorized(error.message);
      }
      throw error;
    }
    throw unauthorized('This endpoint needs an access token (Authorization: Bearer …) or an API key (X-Api-Key).');
  }
}
