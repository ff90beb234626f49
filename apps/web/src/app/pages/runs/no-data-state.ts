import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';

/** A run found no cost rows: says so, and leads to the value page, where a file is uploaded or an account connected. */
@Component({
  selector: 'apex-no-data-state',
  imports: [RouterLink, MatButtonModule, MatCardModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-card appearance="outlined" class="empty" data-testid="no-data-state">
      <h2>No data to analyse</h2>
      <p>{{ summary() }}</p>
      <div><a mat-flat-button routerLink="/app/value">Upload or connect cost data</a></div>
    </mat-card>
  `,
  styles: `
    .empty { padding: 24px; background: var(--mat-sys-surface-container-low); }
    h2 { margin: 0 0 8px; font: var(--mat-sys-title-large); }
    p { margin: 0 0 16px; max-width: 760px; }
  `,
})
export class NoDataState {
  /** The report's own words on why there was nothing. */
  readonly summary = input.required<string>();
}
