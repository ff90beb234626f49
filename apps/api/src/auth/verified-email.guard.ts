import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Principal } from '@apex/contracts';
import { ProblemType } from '@apex/contracts';
import { EmailVerificationService } from '@apex/accounts';
import { ProblemException } from '@apex/http';
import { RequestWithPrincipal } from './current-principal.decorator';

/** Where a signed-in account asks for a new verification link. */
export const RESEND_VERIFICATION_ROUTE = '/api/v1/auth/email-verification';

/**
 * For what commits the organisation to someone or something (inviting, connecting cost accounts, starting a trial):
 * the caller's email must be verified; an API key acts for its creator, whose email counts.
 */
@Injectable()
export class VerifiedEmailCheck {
  constructor(private readonly verifications: EmailVerificationService) {}

  async require(principal: Principal | undefined): Promise<void> {
    if (principal && (await this.verifications.isVerified(principal.userId))) return;
    throw new ProblemException({
      type: ProblemType.emailUnverified,
      title: 'Verify your email first',
      status: 403,
      detail:
        'Open the link in the email we sent when you signed up to verify your email; until then you cannot invite members, ' +
        `connect cost accounts or start a trial. Nothing was changed. For a new link, POST ${RESEND_VERIFICATION_ROUTE}.`,
      resend: RESEND_VERIFICATION_ROUTE,
    });
  }
}

/** VerifiedEmailCheck before the handler runs. */
@Injectable()
export class VerifiedEmailGuard implements CanActivate {
  constructor(private readonly check: VerifiedEmailCheck) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    await this.check.require(context.switchToHttp().getRequest<RequestWithPrincipal>().principal);
    return true;
  }
}
