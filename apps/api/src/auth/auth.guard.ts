import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import type { Principal } from '@apex/contracts';
import { ProblemType } from '@apex/contracts';
import { ClientAddresses, PrincipalResolver, ThrottledError, UnauthenticatedError } from '@apex/accounts';
import { ProblemException } from '@apex/http';
import { RequestWithPrincipal } from './current-principal.decorator';
import { FeatureGate } from './feature-gate';
import { IS_OPERATOR_ONLY } from './operator-only.decorator';
import { IS_PUBLIC } from './public.decorator';
import { IS_SESSION_ONLY } from './session-only.decorator';
import { throttledProblem } from './throttled-problem';

const unauthorized = (detail: string) =>
  new ProblemException({ type: ProblemType.unauthorized, title: 'Sign in or send a valid API key', status: 401, detail });

const forbidden = (title: string, detail: string) => new ProblemException({ type: ProblemType.forbidden, title, status: 403, detail });

/**
 * Every route needs a session or an API key unless it is marked @Public(); @OperatorOnly() routes
 * need an operator's session, @SessionOnly() routes a person's session. An API key works only while
 * its organisation's plan includes api_access. Failed API keys count against their limits (429 beyond them).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly principals: PrincipalResolver,
    private readonly features: FeatureGate,
    private readonly addresses: ClientAddresses,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request & RequestWithPrincipal>();
    const marked = (key: string) => this.reflector.getAllAndOverride<boolean>(key, [context.getHandler(), context.getClass()]) === true;
    const isPublic = marked(IS_PUBLIC);
    let principal: Principal | null;
    try {
      principal = await this.principals.resolve(request.headers as Record<string, string>, this.addresses.of(request));
    } catch (error) {
      if (error instanceof ThrottledError) throw throttledProblem(context.switchToHttp().getResponse<Response>(), error);
      if (error instanceof UnauthenticatedError) {
        if (isPublic) return true;
        throw unauthorized(error.message);
      }
      throw error;
    }
    if (principal) request.principal = principal;
    if (isPublic) return true;
    if (!principal) throw unauthorized('This endpoint needs an access token (Authorization: Bearer …) or an API key (X-Api-Key).');

    if (marked(IS_OPERATOR_ONLY) && !(principal.isOperator && principal.via === 'session')) {
      throw forbidden('Apex operators only', 'This endpoint is for Apex staff signed in with an operator account.');
    }
    if (marked(IS_SESSION_ONLY) && principal.via !== 'session') {
      throw forbidden('Sign in to do this', 'API keys cannot manage API keys, members or invitations; sign in as a person.');
    }
    if (principal.via === 'api_key') {
      await this.features.require(principal.orgId, 'api_access', 'Your plan no longer includes api_access, so API keys do not work. Upgrade, or sign in.');
    }
    return true;
  }
}
