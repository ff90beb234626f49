import { ChangeDetectionStrategy, Component, ElementRef, inject, signal } from '@angular/core';
import { AbstractControl, NonNullableFormBuilder, ReactiveFormsModule, ValidationErrors, Validators } from '@angular/forms';
import { Router } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import type { CreateEnterpriseInquiry, FieldError } from '@apex/contracts';
import { ApiClient } from '../../core/api-client';
import { fieldErrorsOf, problemMessage, problemOf } from '../../core/problem-message';
import { INQUIRY_LIMITS } from './inquiry-limits';

const notBlank = (control: AbstractControl<string>): ValidationErrors | null =>
  control.value.trim() === '' ? { required: true } : null;

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** "Talk to sales": collects an Enterprise inquiry, sends it, and moves on to its status page. */
@Component({
  selector: 'apex-enterprise-form-page',
  imports: [ReactiveFormsModule, MatButtonModule, MatCardModule, MatFormFieldModule, MatInputModule, MatProgressSpinnerModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './enterprise-form.page.html',
  styleUrl: './enterprise-form.page.scss',
})
export class EnterpriseFormPage {
  private readonly api = inject(ApiClient);
  private readonly router = inject(Router);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  protected readonly limits = INQUIRY_LIMITS;
  protected readonly submitting = signal(false);
  protected readonly error = signal<string | null>(null);

  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [notBlank, Validators.email, Validators.maxLength(INQUIRY_LIMITS.email)]],
    name: ['', [notBlank, Validators.maxLength(INQUIRY_LIMITS.name)]],
    company: ['', [notBlank, Validators.maxLength(INQUIRY_LIMITS.company)]],
    message: ['', [Validators.maxLength(INQUIRY_LIMITS.message)]],
  });

  protected submit(): void {
    if (this.submitting()) return;
    this.error.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.focusFirstInvalid();
      return;
    }
    this.submitting.set(true);
    this.api.createEnterpriseInquiry(this.request()).subscribe({
      next: (accepted) => {
        void this.router.navigate(['/enterprise/inquiries', accepted.id], { state: { alreadyOnRecord: !accepted.started } });
      },
      error: (error: unknown) => {
        this.submitting.set(false);
        this.showError(error);
      },
    });
  }

  private request(): CreateEnterpriseInquiry {
    const { email, name, company, message } = this.form.getRawValue();
    const request: CreateEnterpriseInquiry = { email: email.trim(), name: name.trim(), company: company.trim() };
    return message.trim() ? { ...request, message: message.trim() } : request;
  }

  private showError(error: unknown): void {
    const fieldErrors = fieldErrorsOf(error);
    const unmatched = this.applyFieldErrors(fieldErrors);
    if (fieldErrors.length > 0 && unmatched.length === 0) {
      this.error.set(`${problemOf(error)?.title ?? 'Some fields are invalid'}. Check the highlighted fields.`);
      this.focusFirstInvalid();
    } else {
      this.error.set(problemMessage(error));
    }
  }

  /** Puts each server-side field error on its form field; returns the ones that match no field. */
  private applyFieldErrors(errors: FieldError[]): FieldError[] {
    const controls: Record<string, AbstractControl> = this.form.controls;
    const unmatched: FieldError[] = [];
    for (const { field, message } of errors) {
      const control = controls[field];
      if (!control) {
        unmatched.push({ field, message });
        continue;
      }
      const server = control.errors?.['server'] as string | undefined;
      control.setErrors({ ...control.errors, server: server ? `${server}. ${capitalize(message)}` : capitalize(message) });
      control.markAsTouched();
    }
    return unmatched;
  }

  private focusFirstInvalid(): void {
    // Wait for the error state to render so screen readers announce the field with its error.
    setTimeout(() => this.host.nativeElement.querySelector<HTMLElement>('input.ng-invalid, textarea.ng-invalid')?.focus());
  }
}
