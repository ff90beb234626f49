import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { AbstractControl, NonNullableFormBuilder, ReactiveFormsModule, ValidationErrors, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { ApiClient } from '../../core/api-client';
import { formSubmission } from '../../core/form-submission';
import { NewPasswordField, newPasswordValidators } from '../../shared/new-password-field';
import { AuthCard } from '../auth/auth-card';

const sameAsPassword = (control: AbstractControl<string>): ValidationErrors | null => {
  const password = control.parent?.get('password')?.value as string | undefined;
  return password !== undefined && control.value !== password ? { mismatch: true } : null;
};

/** Sets a new password from the emailed link (?token=…). */
@Component({
  selector: 'apex-reset-password-page',
  imports: [ReactiveFormsModule, RouterLink, MatButtonModule, MatFormFieldModule, MatInputModule, AuthCard, NewPasswordField],
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
          @if (submission.error(); as message) {
            <div class="banner banner--error" role="alert">
              {{ message }} <a routerLink="/forgot-password">Get a new link</a>
            </div>
          }
          <apex-new-password-field label="New password" [control]="form.controls.password" />
          <mat-form-field appearance="outline">
            <mat-label>Repeat the new password</mat-label>
            <input matInput type="password" formControlName="repeat" autocomplete="new-password" required />
            <mat-error>The two passwords differ.</mat-error>
          </mat-form-field>
          <button mat-flat-button type="submit" [disabled]="submission.submitting()">Set new password</button>
        </form>
      }
    </apex-auth-card>
  `,
})
export class ResetPasswordPage {
  private readonly api = inject(ApiClient);
  private readonly router = inject(Router);

  /** The one-time token from the emailed link. */
  readonly token = input<string>();

  protected readonly form = inject(NonNullableFormBuilder).group({
    password: ['', newPasswordValidators],
    repeat: ['', [Validators.required, sameAsPassword]],
  });

  protected readonly submission = formSubmission(this.form);

  constructor() {
    this.form.controls.password.valueChanges.subscribe(() => this.form.controls.repeat.updateValueAndValidity({ emitEvent: false }));
  }

  protected async submit(): Promise<void> {
    const token = this.token();
    if (!token) return;
    await this.submission.submit(async () => {
      await firstValueFrom(this.api.confirmPasswordReset({ token, password: this.form.getRawValue().password }), { defaultValue: undefined });
      await this.router.navigate(['/login'], { state: { notice: 'Your password is changed. Log in with the new one.' } });
    });
  }
}
