import { ChangeDetectionStrategy, Component, ElementRef, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { ApiClient } from '../../core/api-client';
import { applyServerErrors, focusFirstInvalid, notBlank } from '../../core/form-errors';
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
          @if (error(); as message) {
            <div class="banner banner--error" role="alert">{{ message }}</div>
          }
          <mat-form-field appearance="outline">
            <mat-label>Email</mat-label>
            <input matInput type="email" formControlName="email" autocomplete="email" required />
            @if (form.controls.email.hasError('server')) {
              <mat-error>{{ form.controls.email.getError('server') }}</mat-error>
            } @else {
              <mat-error>Enter the email you log in with.</mat-error>
            }
          </mat-form-field>
          <button mat-flat-button type="submit" [disabled]="submitting()">Send reset link</button>
        </form>
        <p class="alt"><a routerLink="/login">Back to log in</a></p>
      }
    </apex-auth-card>
  `,
  styles: `.alt { margin: 24px 0 0; font: var(--mat-sys-body-medium); }`,
})
export class ForgotPasswordPage {
  private readonly api = inject(ApiClient);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  protected readonly submitting = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly sentTo = signal<string | null>(null);

  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [notBlank, Validators.email, Validators.maxLength(254)]],
  });

  protected async submit(): Promise<void> {
    if (this.submitting()) return;
    this.error.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      focusFirstInvalid(this.host.nativeElement);
      return;
    }
    const email = this.form.getRawValue().email.trim();
    this.submitting.set(true);
    try {
      await firstValueFrom(this.api.requestPasswordReset({ email }), { defaultValue: undefined });
      this.sentTo.set(email);
    } catch (error) {
      this.error.set(applyServerErrors(this.form, error));
    } finally {
      this.submitting.set(false);
    }
  }
}
