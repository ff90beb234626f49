import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { filter, Observable } from 'rxjs';

/** The longest reason the API takes. */
export const DISMISS_REASON_MAX = 500;

export interface DismissReasonData {
  /** The finding's title. */
  title: string;
}

/** Asks why a finding is dismissed; closes with the reason, trimmed. */
@Component({
  selector: 'apex-dismiss-reason-dialog',
  imports: [ReactiveFormsModule, MatButtonModule, MatDialogModule, MatFormFieldModule, MatInputModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>Dismiss this finding?</h2>
    <form [formGroup]="form" (ngSubmit)="submit()">
      <mat-dialog-content>
        <p class="finding">{{ data.title }}</p>
        <mat-form-field appearance="outline" class="reason">
          <mat-label>Why it does not apply</mat-label>
          <textarea matInput [formControl]="reason" rows="3" [maxlength]="max"></textarea>
          <mat-hint align="end">{{ reason.value.length }} / {{ max }}</mat-hint>
          @if (reason.hasError('required')) {
            <mat-error>Say why, so your team knows later.</mat-error>
          }
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>Keep it</button>
        <button mat-flat-button type="submit">Dismiss</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .finding { margin: 0 0 16px; font: var(--mat-sys-title-small); }
    .reason { width: 100%; }
  `,
})
export class DismissReasonDialog {
  protected readonly data = inject<DismissReasonData>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<DismissReasonDialog, string>>(MatDialogRef);
  protected readonly max = DISMISS_REASON_MAX;
  protected readonly reason = new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(DISMISS_REASON_MAX)] });
  protected readonly form = new FormGroup({ reason: this.reason });

  protected submit(): void {
    this.reason.setValue(this.reason.value.trim());
    this.reason.markAsTouched();
    if (this.reason.invalid) return;
    this.ref.close(this.reason.value);
  }
}

/** Asks for the reason in a DismissReasonDialog; emits it once given, and completes without emitting when not. */
export function askForDismissReason(dialog: MatDialog, data: DismissReasonData): Observable<string> {
  return dialog
    .open<DismissReasonDialog, DismissReasonData, string>(DismissReasonDialog, { data, width: '520px', maxWidth: '96vw' })
    .afterClosed()
    .pipe(filter((reason): reason is string => typeof reason === 'string' && reason.length > 0));
}
