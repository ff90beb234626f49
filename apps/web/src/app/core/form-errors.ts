import { AbstractControl, FormGroup, ValidationErrors } from '@angular/forms';
import { fieldErrorsOf, problemMessage, problemOf } from './problem-message';

/** Like Validators.required, but whitespace alone counts as empty. */
export const notBlank = (control: AbstractControl<string>): ValidationErrors | null =>
  control.value.trim() === '' ? { required: true } : null;

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * Puts the field errors of a failed call on the matching form controls (as `server`
 * errors) and returns the sentence for the form's banner. `controlOf` names the control of an API field
 * whose name differs from it.
 */
export function applyServerErrors(form: FormGroup, error: unknown, controlOf: Record<string, string> = {}): string {
  const fieldErrors = fieldErrorsOf(error);
  const controls: Record<string, AbstractControl> = form.controls;
  let unmatched = 0;
  for (const { field, message } of fieldErrors) {
    const control = controls[controlOf[field] ?? field];
    if (!control) {
      unmatched++;
      continue;
    }
    const server = control.errors?.['server'] as string | undefined;
    control.setErrors({ ...control.errors, server: server ? `${server}. ${capitalize(message)}` : capitalize(message) });
    control.markAsTouched();
  }
  if (fieldErrors.length > 0 && unmatched === 0) {
    return `${problemOf(error)?.title ?? 'Some fields are invalid'}. Check the highlighted fields.`;
  }
  return problemMessage(error);
}

/** Moves focus to the first invalid field once its error has rendered, so screen readers announce both. */
export function focusFirstInvalid(host: HTMLElement): void {
  setTimeout(() => host.querySelector<HTMLElement>('input.ng-invalid, textarea.ng-invalid, mat-select.ng-invalid')?.focus());
}

/** What to show under a field: the server's message when it rejected the value, else the form's own. */
export function serverErrorOr(control: AbstractControl, message: string): string {
  return (control.getError('server') as string | null) ?? message;
}
