import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { AuthService } from '../../core/auth/auth.service';
import { notBlank, serverErrorOr } from '../../core/form-errors';
import { formSubmission } from '../../core/form-submission';
import { NewPasswordField, newPasswordValidators } from '../../shared/new-password-field';
import { AuthCard } from '../auth/auth-card';
import { safeReturnUrl } from '../auth/return-url';
import { SandboxApi } from '../try/sandbox-api';

/** Creates an account and its organisation on the Free plan, signs in and opens the dashboard (its email still to verify). */
@Component({
  selector: 'apex-sign-up-page',
  imports: [ReactiveFormsModule, RouterLink, MatButtonModule, MatFormFieldModule, MatInputModule, AuthCard, NewPasswordField],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <apex-auth-card heading="Create your Apex account" lede="Start on the Free plan: no card needed.">
      <form class="form-stack" [formGroup]="form" (ngSubmit)="submit()" novalidate aria-labelledby="auth-title">
        @if (submission.error(); as message) {
          <div class="banner banner--error" role="alert">{{ message }}</div>
        }
        @if (checkInbox(); as email) {
          <div class="banner" role="status" data-testid="sign-up-check-inbox">
            Check your inbox at {{ email }}. If you already have an Apex account, <a routerLink="/login">log in</a> or
            <a routerLink="/forgot-password">reset your password</a>.
          </div>
        }
        @if (sandbox()) {
          <div class="banner" data-testid="sign-up-sandbox">Your new account keeps the file you analysed and what Apex found in it.</div>
        }
        <mat-form-field appearance="outline">
          <mat-label>Your name</mat-label>
          <input matInput formControlName="name" autocomplete="name" required />
          <mat-error>{{ serverErrorOr(form.controls.name, 'Enter your name.') }}</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Organisation</mat-label>
          <input matInput formControlName="organizationName" autocomplete="organization" required />
          <mat-error>{{ serverErrorOr(form.controls.organizationName, "Enter your company or team's name.") }}</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Work email</mat-label>
          <input matInput type="email" formControlName="email" autocomplete="email" required />
          @let email = form.controls.email;
          @if (email.hasError('required')) {
            <mat-error>Enter your work email.</mat-error>
          } @else if (email.hasError('server')) {
            <mat-error>{{ email.getError('server') }}</mat-error>
          } @else {
            <mat-error>Enter a valid email address, like ada&#64;example.com.</mat-error>
          }
        </mat-form-field>
        <apex-new-password-field [control]="form.controls.password" />
        <button mat-flat-button type="submit" [disabled]="submission.submitting()">Create account</button>
      </form>
      <p class="alt">Already have an account? <a routerLink="/login">Log in</a></p>
    </apex-auth-card>
  `,
  styles: `
    button[type='submit'] { margin-top: 12px; }
    .alt { margin: 24px 0 0; font: var(--mat-sys-body-medium); color: var(--mat-sys-on-surface-variant); }
  `,
})
export class SignUpPage {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly sandboxes = inject(SandboxApi);

  /** Where to go once signed up, from ?returnUrl=. */
  readonly returnUrl = input<string>();

  /** A sandbox token from ?sandbox= (ROI before sign-up): the new account keeps that sandbox's data. */
  readonly sandbox = input<string>();

  protected readonly serverErrorOr = serverErrorOr;

  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', [notBlank, Validators.maxLength(120)]],
    organizationName: ['', [notBlank, Validators.maxLength(160)]],
    email: ['', [notBlank, Validators.email, Validators.maxLength(254)]],
    password: ['', newPasswordValidators],
  });

  protected readonly submission = formSubmission(this.form, { focusServerErrors: true });

  /** Set when the sign-up went through but signing in with it did not: the email had an account already. */
  protected readonly checkInbox = signal<string | null>(null);

  protected submit(): Promise<void> {
    return this.submission.submit(async () => {
      const { name, organizationName, email, password } = this.form.getRawValue();
      const sandboxToken = this.sandbox() || undefined;
      const me = await this.auth.signUp({ name: name.trim(), organizationName: organizationName.trim(), email: email.trim(), password, ...(sandboxToken ? { sandboxToken } : {}) });
      if (!me) {
        this.checkInbox.set(email.trim());
        return;
      }
      if (sandboxToken) this.sandboxes.storeToken(null);
      await this.router.navigateByUrl(safeReturnUrl(this.returnUrl()));
    });
  }
}
