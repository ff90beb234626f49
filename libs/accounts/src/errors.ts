/** Failures of account operations; the API turns each into one problem type. */
export class AccountsError extends Error {}

export class EmailTakenError extends AccountsError {
  override name = 'EmailTakenError';
}

/** Deliberately the same for an unknown email and a wrong password. */
export class InvalidCredentialsError extends AccountsError {
  override name = 'InvalidCredentialsError';
}

export class InvalidRefreshTokenError extends AccountsError {
  override name = 'InvalidRefreshTokenError';
}

/** A refresh token that was already rotated came back: someone holds a copy of it. */
export class RefreshTokenReusedError extends AccountsError {
  override name = 'RefreshTokenReusedError';
}

/** A password-reset or invitation token that is unknown, used, revoked or expired. */
export class InvalidLinkTokenError extends AccountsError {
  override name = 'InvalidLinkTokenError';
}

/** The account's email is verified already: a second verification changes nothing. */
export class EmailAlreadyVerifiedError extends AccountsError {
  override name = 'EmailAlreadyVerifiedError';
}

export class NotInOrganizationError extends AccountsError {
  override name = 'NotInOrganizationError';
  constructor(readonly what: string, readonly id: string) {
    super(`No ${what} with the id ${id} in your organisation`);
  }
}

export class LastOwnerError extends AccountsError {
  override name = 'LastOwnerError';
}

export class RoleNotAllowedError extends AccountsError {
  override name = 'RoleNotAllowedError';
}

export class AlreadyMemberError extends AccountsError {
  override name = 'AlreadyMemberError';
}
