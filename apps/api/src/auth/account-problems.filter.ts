import { Catch } from '@nestjs/common';
import { ProblemDetails, ProblemType } from '@apex/contracts';
import {
  AccountsError,
  AlreadyMemberError,
  EmailAlreadyVerifiedError,
  EmailTakenError,
  InvalidCredentialsError,
  InvalidLinkTokenError,
  InvalidRefreshTokenError,
  LastOwnerError,
  NotInOrganizationError,
  RefreshTokenReusedError,
  RoleNotAllowedError,
} from '@apex/accounts';
import { problemsFilter } from '@apex/http';

function problemFor(error: AccountsError): ProblemDetails {
  const detail = error.message;
  if (error instanceof InvalidRefreshTokenError || error instanceof RefreshTokenReusedError) {
    return { type: ProblemType.unauthorized, title: 'Log in again', status: 401, detail };
  }
  if (error instanceof InvalidLinkTokenError) return { type: ProblemType.invalidToken, title: 'This link is not valid', status: 400, detail };
  if (error instanceof NotInOrganizationError) return { type: ProblemType.notFound, title: `No such ${error.what}`, status: 404, detail };
  if (error instanceof RoleNotAllowedError) return { type: ProblemType.forbidden, title: 'Your role does not allow this', status: 403, detail };
  if (error instanceof LastOwnerError) return { type: ProblemType.conflict, title: 'The last owner must stay an owner', status: 409, detail };
  if (error instanceof EmailAlreadyVerifiedError) return { type: ProblemType.conflict, title: 'Your email is already verified', status: 409, detail };
  if (error instanceof AlreadyMemberError) return { type: ProblemType.conflict, title: 'Already a member', status: 409, detail };
  if (error instanceof EmailTakenError) return { type: ProblemType.conflict, title: 'Email already registered', status: 409, detail };
  if (error instanceof InvalidCredentialsError) return { type: ProblemType.unauthorized, title: 'Wrong email or password', status: 401, detail };
  return { type: ProblemType.internal, title: 'Something went wrong on our side', status: 500 };
}

/** Turns the accounts library's errors into their problem+json answers. */
@Catch(AccountsError)
export class AccountProblemsFilter extends problemsFilter(problemFor) {}
