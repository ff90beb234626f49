import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { ApiClient } from '../../core/api-client';
import { notBlank, serverErrorOr } from '../../core/form-errors';
import { formSubmission } from '../../core/form-submission';
import { AuthCard } from '../auth/auth-card';

/** Asks for a password-reset link by email. The answer never says whether the account exists. */
@Component({
  selector: 'apex-forgot-password-page',
  imports: [ReactiveFormsModule, RouterLink, MatButtonModule, MatFormFieldModule, MatInputModule, AuthCard],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <apex-auth-card heading="Reset your password" lede="We'll email you a link to choose a new password.">
      @if (sentTo(); as email) {
        <div class="banner banner--success" role="status">
          If an Apex account uses {{ email }}, we've sent it a link to reset the password. The link works once,
          for an hour; check your spam folder if it doesn't arrive.
        </div>
        <a mat-button routerLink="/login">Back to log in</a>
      } @else {
        <form class="form-stack" [formGroup]="form" (ngSubmit)="submit()" novalidate aria-labelledby="auth-title">
          @if (submission.error(); as message) {
            <div class="banner banner--error" role="alert">{{ message }}</div>
          }
          <mat-form-field appearance="outline">
            <mat-label>Email</mat-label>
            <input matInput type="email" formControlName="email" autocomplete="email" required />
            <mat-error>{{ serverErrorOr(form.controls.email, 'Enter the email you log in with.') }}</mat-error>
          </mat-form-field>
          <button mat-flat-button type="submit" [disabled]="submission.submitting()">Send reset link</button>
        </form>
        <p class="alt"><a routerLink="/login">Back to log in</a></p>
      }
    </apex-auth-card>
  `,
  styles: `.alt { margin: 24px 0 0; font: var(--mat-sys-body-medium); }`,
})
export class ForgotPasswordPage {
  private readonly api = inject(ApiClient);

  protected readonly serverErrorOr = serverErrorOr;
  protected readonly sentTo = signal<string | null>(null);

  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [notBlank, Validators.email, Validators.maxLength(254)]],
  });

  protected readonly submission = formSubmission(this.form);

  protected submit(): Promise<void> {
    return this.submission.submit(async () => {
      const email = this.form.getRawValue().email.trim();
      await firstValueFrom(this.api.requestPasswordReset({ email }), { defaultValue: undefined });
      this.sentTo.set(email);
    });
  }
}
