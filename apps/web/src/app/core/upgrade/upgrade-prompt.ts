import { inject, Injectable } from '@angular/core';
import { MatDialog, MatDialogRef } from '@angular/material/dialog';
import { catchError, map, of } from 'rxjs';
import { ApiClient } from '../api-client';
import { BlockedRequest } from './blocked-request';
import { UpgradePromptDialog } from './upgrade-prompt.dialog';

/** Opens the upgrade prompt, one at a time. */
@Injectable({ providedIn: 'root' })
export class UpgradePrompt {
  private readonly dialog = inject(MatDialog);
  private readonly api = inject(ApiClient);
  private open: MatDialogRef<UpgradePromptDialog> | null = null;
  private pending = false;

  show(block: BlockedRequest): void {
    if (this.open || this.pending) return;
    if (block.kind === 'run-limit' && block.windowSeconds === null) {
      // The 429 names the limit but not the window it counts over; the usage summary does.
      this.pending = true;
      this.api
        .usage()
        .pipe(
          map((usage) => ({ ...block, windowSeconds: usage.runs.windowSeconds })),
          catchError(() => of(block)),
        )
        .subscribe((complete) => {
          this.pending = false;
          this.openDialog(complete);
        });
      return;
    }
    this.openDialog(block);
  }

  private openDialog(block: BlockedRequest): void {
    this.open = this.dialog.open(UpgradePromptDialog, { data: block, width: '480px', maxWidth: 'calc(100vw - 32px)' });
    this.open.afterClosed().subscribe(() => (this.open = null));
  }
}
