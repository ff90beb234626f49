import { ProblemType } from '@apex/contracts';
import { ProblemException } from '@apex/http';

/** For a body that takes no fields: `{}` or nothing; any field is an unknown one. */
export function rejectUnknownFields(body: unknown): void {
  if (body === undefined || body === null) return;
  const fields = typeof body === 'object' && !Array.isArray(body) ? Object.keys(body) : null;
  if (fields?.length === 0) return;
  throw new ProblemException({
    type: ProblemType.validation,
    title: 'Your request has invalid fields',
    status: 400,
    detail: fields ? 'This request takes no fields.' : 'The body must be a JSON object.',
    errors: (fields ?? ['(body)']).map((field) => ({ field, message: fields ? `property ${field} should not exist` : 'must be an object' })),
  });
}
