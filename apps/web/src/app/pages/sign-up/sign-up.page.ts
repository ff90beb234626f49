import { ChangeDetectionStrategy, Component, ElementRef, inject, input, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { AuthService } from '../../core/auth/auth.service';
import { applyServerErrors, focusFirstInvalid, notBlank } from '../../core/form-errors';
import { AuthCard } from '../auth/auth-card';
import { PASSWORD_LIMITS } from '../auth/password-limits';
import { safeReturnUrl } from '../auth/return-url';

/** Creates an account and its organisation on the Free plan, then opens the dashboard. */
@Component({
  selector: 'apex-sign-up-page',
  imports: [ReactiveFormsModule, RouterLink, MatButtonModule, MatFormFieldModule, MatInputModule, AuthCard],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <apex-auth-card heading="Create your Apex account" lede="Start on the Free plan: no card needed.">
      <form class="form-stack" [formGroup]="form" (ngSubmit)="submit()" novalidate aria-labelledby="auth-title">
        @if (error(); as message) {
          <div class="banner banner--error" role="alert">{{ message }}</div>
        }
        <mat-form-field appearance="outline">
          <mat-label>Your name</mat-label>
          <input matInput formControlName="name" autocomplete="name" required />
          @if (form.controls.name.hasError('server')) {
            <mat-error>{{ form.controls.name.getError('server') }}</mat-error>
          } @else {
            <mat-error>Enter your name.</mat-error>
          }
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Organisation</mat-label>
          <input matInput formControlName="organizationName" autocomplete="organization" required />
          @if (form.controls.organizationName.hasError('server')) {
            <mat-error>{{ form.controls.organizationName.getError('server') }}</mat-error>
          } @else {
            <mat-error>Enter your company or team's name.</mat-error>
          }
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
        <mat-form-field appearance="outline">
          <mat-label>Password</mat-label>
          <input matInput type="password" formControlName="password" autocomplete="new-password" required />
          <mat-hint>At least {{ limits.min }} characters.</mat-hint>
          @let password = form.controls.password;
          @if (password.hasError('server')) {
            <mat-error>{{ password.getError('server') }}</mat-error>
          } @else if (password.hasError('maxlength')) {
            <mat-error>Use at most {{ limits.max }} characters.</mat-error>
          } @else {
            <mat-error>Use at least {{ limits.min }} characters.</mat-error>
          }
        </mat-form-field>
        <button mat-flat-button type="submit" [disabled]="submitting()">Create account</button>
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
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  /** Where to go once signed up, from ?returnUrl=. */
  readonly returnUrl = input<string>();

  protected readonly limits = PASSWORD_LIMITS;
  protected readonly submitting = signal(false);
  protected readonly error = signal<string | null>(null);

  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', [notBlank, Validators.maxLength(120)]],
    organizationName: ['', [notBlank, Validators.maxLength(160)]],
    email: ['', [notBlank, Validators.email, Validators.maxLength(254)]],
    password: ['', [Validators.required, Validators.minLength(PASSWORD_LIMITS.min), Validators.maxLength(PASSWORD_LIMITS.max)]],
  });

  protected async submit(): Promise<void> {
    if (this.submitting()) return;
    this.error.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      focusFirstInvalid(this.host.nativeElement);
      return;
    }
    const { name, organizationName, email, password } = this.form.getRawValue();
    this.submitting.set(true);
    try {
      await this.auth.signUp({ name: name.trim(), organizationName: organizationName.trim(), email: email.trim(), password });
      await this.router.navigateByUrl(safeReturnUrl(this.returnUrl()));
    } catch (error) {
      this.error.set(applyServerErrors(this.form, error));
      focusFirstInvalid(this.host.nativeElement);
    } finally {
      this.submitting.set(false);
    }
  }
}
