import { ChangeDetectionStrategy, Component, ElementRef, inject, input, signal } from '@angular/core';
import { AbstractControl, NonNullableFormBuilder, ReactiveFormsModule, ValidationErrors, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { ApiClient } from '../../core/api-client';
import { applyServerErrors, focusFirstInvalid } from '../../core/form-errors';
import { AuthCard } from '../auth/auth-card';
import { PASSWORD_LIMITS } from '../auth/password-limits';

const sameAsPassword = (control: AbstractControl<string>): ValidationErrors | null => {
  const password = control.parent?.get('password')?.value as string | undefined;
  return password !== undefined && control.value !== password ? { mismatch: true } : null;
};

/** Sets a new password from the emailed link (?token=…). */
@Component({
  selector: 'apex-reset-password-page',
  imports: [ReactiveFormsModule, RouterLink, MatButtonModule, MatFormFieldModule, MatInputModule, AuthCard],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <apex-auth-card heading="Choose a new password" lede="Setting a new password logs you out on every other device.">
      @if (!token()) {
        <div class="banner banner--error" role="alert">
          This link has no reset token. Open the link from the email again, or ask for a new one.
        </div>
        <a mat-flat-button routerLink="/forgot-password">Get a new link</a>
      } @else {
        <form class="form-stack" [formGroup]="form" (ngSubmit)="submit()" novalidate aria-labelledby="auth-title">
          @if (error(); as message) {
            <div class="banner banner--error" role="alert">
              {{ message }} <a routerLink="/forgot-password">Get a new link</a>
            </div>
          }
          <mat-form-field appearance="outline">
            <mat-label>New password</mat-label>
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
          <mat-form-field appearance="outline">
            <mat-label>Repeat the new password</mat-label>
            <input matInput type="password" formControlName="repeat" autocomplete="new-password" required />
            <mat-error>The two passwords differ.</mat-error>
          </mat-form-field>
          <button mat-flat-button type="submit" [disabled]="submitting()">Set new password</button>
        </form>
      }
    </apex-auth-card>
  `,
})
export class ResetPasswordPage {
  private readonly api = inject(ApiClient);
  private readonly router = inject(Router);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  /** The one-time token from the emailed link. */
  readonly token = input<string>();

  protected readonly limits = PASSWORD_LIMITS;
  protected readonly submitting = signal(false);
  protected readonly error = signal<string | null>(null);

  protected readonly form = inject(NonNullableFormBuilder).group({
    password: ['', [Validators.required, Validators.minLength(PASSWORD_LIMITS.min), Validators.maxLength(PASSWORD_LIMITS.max)]],
    repeat: ['', [Validators.required, sameAsPassword]],
  });

  constructor() {
    this.form.controls.password.valueChanges.subscribe(() => this.form.controls.repeat.updateValueAndValidity({ emitEvent: false }));
  }

  protected async submit(): Promise<void> {
    const token = this.token();
    if (this.submitting() || !token) return;
    this.error.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      focusFirstInvalid(this.host.nativeElement);
      return;
    }
    this.submitting.set(true);
    try {
      await firstValueFrom(this.api.confirmPasswordReset({ token, password: this.form.getRawValue().password }), { defaultValue: undefined });
      await this.router.navigate(['/login'], { state: { notice: 'Your password is changed. Log in with the new one.' } });
    } catch (error) {
      this.error.set(applyServerErrors(this.form, error));
    } finally {
      this.submitting.set(false);
    }
  }
}
