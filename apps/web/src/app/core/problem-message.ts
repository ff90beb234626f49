import { HttpErrorResponse } from '@angular/common/http';
import type { FieldError, ProblemDetails } from '@apex/contracts';

/** The RFC 9457 body of a failed API call, or null when the body is something else (a proxy's HTML page, nothing). */
export function problemOf(error: unknown): ProblemDetails | null {
  if (!(error instanceof HttpErrorResponse)) return null;
  let body: unknown = error.error;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      return null;
    }
  }
  if (typeof body !== 'object' || body === null) return null;
  const candidate = body as Partial<ProblemDetails>;
  return typeof candidate.title === 'string' && typeof candidate.status === 'number' ? (candidate as ProblemDetails) : null;
}

/** The field errors a validation problem lists, or none. */
export function fieldErrorsOf(error: unknown): FieldError[] {
  const errors = problemOf(error)?.errors;
  return Array.isArray(errors) ? errors.filter((e) => typeof e?.field === 'string' && typeof e?.message === 'string') : [];
}

const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

/** Turns a failed API call into a sentence a person can act on. */
export function problemMessage(error: unknown): string {
  if (!(error instanceof HttpErrorResponse)) {
    return 'Something unexpected went wrong. Please try again.';
  }
  if (error.status === 0) {
    return 'We could not reach Apex. Check your connection and try again.';
  }
  const problem = problemOf(error);
  if (!problem) {
    if (error.status >= 502 && error.status <= 504) {
      return `Apex is temporarily unavailable (HTTP ${error.status}). Please try again in a moment.`;
    }
    return `The request failed (HTTP ${error.status}${error.statusText ? ` ${error.statusText}` : ''}). Please try again.`;
  }
  const fieldErrors = fieldErrorsOf(error);
  const parts = [sentence(problem.title)];
  if (fieldErrors.length > 0) {
    // The API's detail for validation problems is written for developers; the field messages are what matter.
    parts.push(sentence(fieldErrors.map((e) => e.message).join('; ')));
  } else if (problem.detail) {
    parts.push(sentence(problem.detail));
  }
  if (problem.status >= 500 && typeof problem.requestId === 'string') {
    parts.push(`Reference: ${problem.requestId}.`);
  }
  return parts.join(' ');
}
