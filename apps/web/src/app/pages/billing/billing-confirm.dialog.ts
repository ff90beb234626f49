import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule } from '@angular/material/dialog';
import { filter, Observable } from 'rxjs';

export interface BillingConfirmData {
  title: string;
  /** One paragraph each. */
  paragraphs: string[];
  /** The button that does it, e.g. "Cancel at period end". */
  confirm: string;
  /** The button that leaves things as they are, e.g. "Keep my plan". */
  dismiss: string;
  /** A cancellation is shown as destructive; a plan change is not. */
  destructive: boolean;
}

/** Asks before a billing change, saying what it costs and when it takes effect. Closes with true when confirmed. */
@Component({
  selector: 'apex-billing-confirm-dialog',
  imports: [MatButtonModule, MatDialogModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <mat-dialog-content>
      @for (paragraph of data.paragraphs; track $index) {
        <p>{{ paragraph }}</p>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" [mat-dialog-close]="false" cdkFocusInitial>{{ data.dismiss }}</button>
      <button mat-flat-button type="button" [class.danger]="data.destructive" [mat-dialog-close]="true">{{ data.confirm }}</button>
    </mat-dialog-actions>
  `,
  styles: `
    p { margin: 0 0 12px; }
    p:last-child { margin-bottom: 0; }
    .danger { --mat-button-filled-container-color: var(--mat-sys-error); --mat-button-filled-label-text-color: var(--mat-sys-on-error); }
  `,
})
export class BillingConfirmDialog {
  protected readonly data = inject<BillingConfirmData>(MAT_DIALOG_DATA);
}

/** Emits once when the person confirms; completes without emitting when they don't. */
export function confirmBillingChange(dialog: MatDialog, data: BillingConfirmData): Observable<true> {
  return dialog
    .open<BillingConfirmDialog, BillingConfirmData, boolean>(BillingConfirmDialog, { data, width: '480px', maxWidth: 'calc(100vw - 32px)' })
    .afterClosed()
    .pipe(filter((confirmed): confirmed is true => confirmed === true));
}
