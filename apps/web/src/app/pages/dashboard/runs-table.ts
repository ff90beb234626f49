import { DatePipe, DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import type { RunStatus, RunView } from '@apex/contracts';
import { formatMoney } from '../value/value-format';

const STATUS_LABELS: Record<RunStatus, string> = {
  admitted: 'Queued',
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
  failed_to_start: 'Failed to start',
};

export const isActive = (run: RunView) => run.status === 'admitted' || run.status === 'running';

/** Recent runs with their status; active ones can be cancelled. */
@Component({
  selector: 'apex-runs-table',
  imports: [DatePipe, DecimalPipe, MatButtonModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="scroll">
      <table>
        <caption class="visually-hidden">Recent runs</caption>
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">Status</th>
            <th scope="col">Started</th>
            <th scope="col">Finished</th>
            <th scope="col" class="num">Tokens</th>
            <th scope="col" class="num">Verified savings</th>
            <th scope="col"><span class="visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          @for (run of runs(); track run.id) {
            <tr data-testid="run-row">
              <td><code [title]="run.id">{{ run.id.slice(-8) }}</code></td>
              <td>
                <span class="status" [class]="run.status" data-testid="run-status">{{ label(run.status) }}</span>
                @if (run.failure) {
                  <span class="failure">{{ run.failure }}</span>
                }
              </td>
              <td>{{ run.admittedAt | date: 'MMM d, HH:mm:ss' }}</td>
              <td>{{ run.finishedAt ? (run.finishedAt | date: 'MMM d, HH:mm:ss') : '—' }}</td>
              <td class="num">{{ run.tokensUsed | number }}</td>
              <td class="num" data-testid="run-saved">{{ saved(run) }}</td>
              <td class="action">
                @if (active(run)) {
                  <button mat-button type="button" (click)="cancelRun.emit(run)" [attr.aria-label]="'Cancel run ' + run.id.slice(-8)">Cancel</button>
                }
              </td>
            </tr>
          }
        </tbody>
      </table>
    </div>
  `,
  styleUrl: '../../shared/data-table.css',
  styles: `
    th, td { white-space: nowrap; }
    .num { text-align: right; font-variant-numeric: tabular-nums; }
    .action { width: 1%; padding-block: 0; }
    code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.9em; }
    .status { display: inline-block; padding: 2px 10px; border-radius: 999px; font: var(--mat-sys-label-medium);
      background: var(--mat-sys-surface-container-high); }
    .status.running, .status.admitted { background: var(--mat-sys-secondary-container); color: var(--mat-sys-on-secondary-container); }
    .status.succeeded { background: var(--mat-sys-primary); color: var(--mat-sys-on-primary); }
    .status.failed, .status.failed_to_start { background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
    .failure { display: block; margin-top: 2px; color: var(--mat-sys-error); font: var(--mat-sys-body-small); white-space: normal; }
  `,
})
export class RunsTable {
  readonly runs = input.required<RunView[]>();
  readonly cancelRun = output<RunView>();

  protected label(status: RunStatus): string {
    return STATUS_LABELS[status] ?? status;
  }

  /** What proofs verified of the run's recommendations; a run's findings are potential and never show here. */
  protected saved(run: RunView): string {
    const figures = run.costSavedByCurrency ?? [];
    return figures.length ? figures.map((figure) => formatMoney(figure.amount, figure.currency)).join(', ') : '—';
  }

  protected active(run: RunView): boolean {
    return isActive(run);
  }
}
