import { Location } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { AuthService } from '../../core/auth/auth.service';
import { notBlank } from '../../core/form-errors';
import { formSubmission } from '../../core/form-submission';
import { AuthCard } from '../auth/auth-card';
import { safeReturnUrl } from '../auth/return-url';

@Component({
  selector: 'apex-log-in-page',
  imports: [ReactiveFormsModule, RouterLink, MatButtonModule, MatFormFieldModule, MatInputModule, AuthCard],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <apex-auth-card heading="Log in to Apex">
      <form class="form-stack" [formGroup]="form" (ngSubmit)="submit()" novalidate aria-labelledby="auth-title">
        @if (submission.error(); as message) {
          <div class="banner banner--error" role="alert">{{ message }}</div>
        } @else if (notice) {
          <div class="banner banner--success" role="status">{{ notice }}</div>
        }
        <mat-form-field appearance="outline">
          <mat-label>Email</mat-label>
          <input matInput type="email" formControlName="email" autocomplete="username" required />
          <mat-error>Enter your email.</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Password</mat-label>
          <input matInput type="password" formControlName="password" autocomplete="current-password" required />
          <mat-error>Enter your password.</mat-error>
        </mat-form-field>
        <a class="forgot" routerLink="/forgot-password">Forgot your password?</a>
        <button mat-flat-button type="submit" [disabled]="submission.submitting()">Log in</button>
      </form>
      <p class="alt">New to Apex? <a routerLink="/signup">Create an account</a></p>
    </apex-auth-card>
  `,
  styles: `
    .forgot { align-self: flex-start; margin-bottom: 12px; font: var(--mat-sys-body-medium); }
    .alt { margin: 24px 0 0; font: var(--mat-sys-body-medium); color: var(--mat-sys-on-surface-variant); }
  `,
})
export class LogInPage {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);

  /** Where to go once logged in, from ?returnUrl=. */
  readonly returnUrl = input<string>();

  /** Set by whoever sent the user here: logged out, session ended, password changed. */
  protected readonly notice = (inject(Location).getState() as { notice?: string } | null)?.notice ?? null;

  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [notBlank, Validators.maxLength(254)]],
    password: ['', [Validators.required, Validators.maxLength(200)]],
  });

  protected readonly submission = formSubmission(this.form);

  protected submit(): Promise<void> {
    return this.submission.submit(async () => {
      const { email, password } = this.form.getRawValue();
      await this.auth.logIn({ email: email.trim(), password });
      await this.router.navigateByUrl(safeReturnUrl(this.returnUrl()));
    });
  }
}
