import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule } from '@angular/material/dialog';
import { filter, Observable } from 'rxjs';

export interface ConfirmData {
  title: string;
  message: string;
  /** The label of the button that does it, e.g. "Revoke key". */
  confirm: string;
}

/** Asks before something that cannot be undone; closes with true when confirmed. */
@Component({
  selector: 'apex-confirm-dialog',
  imports: [MatButtonModule, MatDialogModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <mat-dialog-content><p>{{ data.message }}</p></mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" [mat-dialog-close]="false" cdkFocusInitial>Cancel</button>
      <button mat-flat-button type="button" class="danger" [mat-dialog-close]="true">{{ data.confirm }}</button>
    </mat-dialog-actions>
  `,
  styles: `
    p { margin: 0; }
    .danger { --mat-button-filled-container-color: var(--mat-sys-error); --mat-button-filled-label-text-color: var(--mat-sys-on-error); }
  `,
})
export class ConfirmDialog {
  protected readonly data = inject<ConfirmData>(MAT_DIALOG_DATA);
}

/** Asks in a ConfirmDialog; emits once when the person confirms, and completes without emitting when they don't. */
export function askToConfirm(dialog: MatDialog, data: ConfirmData): Observable<true> {
  return dialog
    .open<ConfirmDialog, ConfirmData, boolean>(ConfirmDialog, { data, width: '440px' })
    .afterClosed()
    .pipe(filter((confirmed): confirmed is true => confirmed === true));
}
