import { ClipboardModule } from '@angular/cdk/clipboard';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import type { CreatedApiKey } from '@apex/contracts';

/** Shows a new key's secret, the only time it is ever shown, with a copy button. */
@Component({
  selector: 'apex-created-key-dialog',
  imports: [ClipboardModule, MatButtonModule, MatDialogModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>Your new API key</h2>
    <mat-dialog-content>
      <p class="warning" role="note">
        <strong>Copy this key now: you won't see it again.</strong> Apex keeps only a hash of it. If you lose it, revoke
        it and create a new one.
      </p>
      <label class="label" for="new-api-key">{{ key.name }}</label>
      <div class="secret">
        <input id="new-api-key" readonly [value]="key.key" (focus)="select($event)" data-testid="new-api-key" />
        <button mat-stroked-button type="button" [cdkCopyToClipboard]="key.key" (cdkCopyToClipboardCopied)="copied.set($event)">
          {{ copied() ? 'Copied' : 'Copy' }}
        </button>
      </div>
      <p class="status" role="status">{{ copied() ? 'The key is on your clipboard.' : '' }}</p>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-flat-button type="button" mat-dialog-close>I've saved the key</button>
    </mat-dialog-actions>
  `,
  styles: `
    .warning { margin: 0 0 16px; padding: 12px 16px; border-radius: 8px; border-left: 4px solid var(--mat-sys-primary); background: var(--mat-sys-primary-container); color: var(--mat-sys-on-primary-container); }
    .label { display: block; margin-bottom: 4px; font: var(--mat-sys-label-large); }
    .secret { display: flex; gap: 8px; align-items: center; }
    input {
      flex: 1; min-width: 0; padding: 10px 12px; border: 1px solid var(--mat-sys-outline); border-radius: 8px;
      background: var(--mat-sys-surface-container-high); color: var(--mat-sys-on-surface);
      font: 14px/1.4 ui-monospace, Menlo, Consolas, monospace;
    }
    .status { min-height: 20px; margin: 8px 0 0; font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
  `,
})
export class CreatedKeyDialog {
  protected readonly key = inject<CreatedApiKey>(MAT_DIALOG_DATA);
  protected readonly copied = signal(false);

  protected select(event: FocusEvent): void {
    (event.target as HTMLInputElement).select();
  }
}
