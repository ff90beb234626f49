import { ElementRef, inject, signal } from '@angular/core';
import { FormGroup } from '@angular/forms';
import { applyServerErrors, focusFirstInvalid } from './form-errors';

export interface FormSubmissionOptions {
  /** Move focus to the first field the server rejected. */
  focusServerErrors?: boolean;
}

/**
 * The submit of a form that calls the API: checks the fields first, ignores a second click while one is under way,
 * and turns a failure into errors on the fields plus a sentence for the form's banner.
 */
export class FormSubmission {
  readonly submitting = signal(false);
  readonly error = signal<string | null>(null);

  constructor(
    private readonly form: FormGroup,
    private readonly host: HTMLElement,
    private readonly options: FormSubmissionOptions = {},
  ) {}

  /** Runs `send` (the API call and whatever follows it, e.g. navigating) if the form is valid. */
  async submit(send: () => Promise<unknown>): Promise<void> {
    if (!this.start()) return;
    try {
      await send();
      this.submitting.set(false);
    } catch (error) {
      this.fail(error);
    }
  }

  /** Whether to send: false while a submission is under way or when a field is invalid (then shown and focused). */
  start(): boolean {
    if (this.submitting()) return false;
    this.error.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      focusFirstInvalid(this.host);
      return false;
    }
    this.submitting.set(true);
    return true;
  }

  /** Ends a submission the API refused. */
  fail(error: unknown): void {
    this.submitting.set(false);
    this.error.set(applyServerErrors(this.form, error));
    if (this.options.focusServerErrors) focusFirstInvalid(this.host);
  }
}

/** A FormSubmission for `form` on the component being created. */
export function formSubmission(form: FormGroup, options?: FormSubmissionOptions): FormSubmission {
  return new FormSubmission(form, inject<ElementRef<HTMLElement>>(ElementRef).nativeElement, options);
}
