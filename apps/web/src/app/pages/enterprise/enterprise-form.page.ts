import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import type { CreateEnterpriseInquiry } from '@apex/contracts';
import { ApiClient } from '../../core/api-client';
import { notBlank } from '../../core/form-errors';
import { formSubmission } from '../../core/form-submission';
import { INQUIRY_LIMITS } from './inquiry-limits';

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

  protected readonly limits = INQUIRY_LIMITS;

  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [notBlank, Validators.email, Validators.maxLength(INQUIRY_LIMITS.email)]],
    name: ['', [notBlank, Validators.maxLength(INQUIRY_LIMITS.name)]],
    company: ['', [notBlank, Validators.maxLength(INQUIRY_LIMITS.company)]],
    message: ['', [Validators.maxLength(INQUIRY_LIMITS.message)]],
  });

  protected readonly submission = formSubmission(this.form, { focusServerErrors: true });

  protected submit(): void {
    if (!this.submission.start()) return;
    this.api.createEnterpriseInquiry(this.request()).subscribe({
      next: (accepted) => {
        void this.router.navigate(['/enterprise/inquiries', accepted.id], {
          state: { alreadyOnRecord: !accepted.started },
          ...(accepted.statusToken ? { queryParams: { token: accepted.statusToken } } : {}),
        });
      },
      error: (error: unknown) => this.submission.fail(error),
    });
  }

  private request(): CreateEnterpriseInquiry {
    const { email, name, company, message } = this.form.getRawValue();
    const request: CreateEnterpriseInquiry = { email: email.trim(), name: name.trim(), company: company.trim() };
    return message.trim() ? { ...request, message: message.trim() } : request;
  }
}
