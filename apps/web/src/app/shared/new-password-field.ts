import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { FormControl, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';

/** The lengths the API accepts for a password. */
const PASSWORD_LIMITS = { min: 12, max: 200 } as const;

export const newPasswordValidators = [
  Validators.required,
  Validators.minLength(PASSWORD_LIMITS.min),
  Validators.maxLength(PASSWORD_LIMITS.max),
];

/** A field for choosing a password, with the length the API accepts as hint and errors. */
@Component({
  selector: 'apex-new-password-field',
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule],
  // Checked with its form: the control's errors change without any input of this component changing.
  changeDetection: ChangeDetectionStrategy.Default,
  template: `
    <mat-form-field appearance="outline">
      <mat-label>{{ label() }}</mat-label>
      <input matInput type="password" [formControl]="control()" autocomplete="new-password" required />
      <mat-hint>At least {{ limits.min }} characters.</mat-hint>
      @if (control().hasError('server')) {
        <mat-error>{{ control().getError('server') }}</mat-error>
      } @else if (control().hasError('maxlength')) {
        <mat-error>Use at most {{ limits.max }} characters.</mat-error>
      } @else {
        <mat-error>Use at least {{ limits.min }} characters.</mat-error>
      }
    </mat-form-field>
  `,
  styles: `
    :host { display: block; }
    mat-form-field { width: 100%; }
  `,
})
export class NewPasswordField {
  readonly control = input.required<FormControl<string>>();
  readonly label = input('Password');

  protected readonly limits = PASSWORD_LIMITS;
}
