import type { z } from 'zod';

export interface ConnectionInputIssue {
  /** Dotted path of the field ("secretAccessKey", "serviceAccountKey.private_key"), empty for the whole object. */
  field: string;
  message: string;
}

/** Credentials or settings that do not have the shape a provider needs; the issues name fields, never values. */
export class InvalidConnectionInputError extends Error {
  override readonly name = 'InvalidConnectionInputError';

  constructor(
    readonly part: 'credentials' | 'settings',
    readonly issues: ConnectionInputIssue[],
  ) {
    super(`The ${part} are incomplete or malformed: ${issues.map((issue) => (issue.field ? `${issue.field}: ${issue.message}` : issue.message)).join('; ')}`);
  }

  static fromZod(part: 'credentials' | 'settings', error: z.ZodError, prefix: readonly (string | number)[] = []): InvalidConnectionInputError {
    return new InvalidConnectionInputError(
      part,
      error.issues.map((issue) => ({ field: [...prefix, ...issue.path].map(String).join('.'), message: issue.message })),
    );
  }
}
