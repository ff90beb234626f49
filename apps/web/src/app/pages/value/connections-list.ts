import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { CostBackfillProgress, CostConnectionStatus, CostConnectionView, CostProvider } from '@apex/contracts';
import { formatCount, formatMonth } from './value-format';

export const PROVIDER_LABELS: Record<CostProvider, string> = {
  aws: 'AWS Cost Explorer',
  azure: 'Azure Cost Management',
  gcp: 'Google Cloud billing export',
  openai: 'OpenAI usage and costs',
  focus_upload: 'FOCUS file uploads',
};

const STATUS_LABELS: Record<CostConnectionStatus, string> = {
  pending: 'Waiting to start',
  backfilling: 'Backfilling',
  active: 'Active',
  failing: 'Failing',
  disconnected: 'Disconnected',
};

/** Whether the connection's data is still coming in, so that its list is worth reloading. */
export const isSyncing = (connection: CostConnectionView) => connection.status === 'pending' || connection.status === 'backfilling';

/** "2 of 3 months · 14 pages · 2,345 rows · now January 2025". */
export function backfillSummary(backfill: CostBackfillProgress): string {
  const parts = [
    `${backfill.monthsDone} of ${backfill.monthsTotal} ${backfill.monthsTotal === 1 ? 'month' : 'months'}`,
    `${formatCount(String(backfill.pagesDone))} ${backfill.pagesDone === 1 ? 'page' : 'pages'}`,
    `${formatCount(String(backfill.rowsSoFar))} ${backfill.rowsSoFar === 1 ? 'row' : 'rows'}`,
  ];
  if (backfill.currentPeriod) parts.push(`now ${formatMonth(backfill.currentPeriod)}`);
  return parts.join(' · ');
}

/** The organisation's cost connections: status, last sync and, while it runs, the backfill's progress. */
@Component({
  selector: 'apex-connections-list',
  imports: [DatePipe, MatProgressBarModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="scroll">
      <table>
        <caption class="visually-hidden">Cost connections</caption>
        <thead>
          <tr>
            <th scope="col">Connection</th>
            <th scope="col">Status</th>
            <th scope="col">Last sync</th>
            <th scope="col">Progress</th>
          </tr>
        </thead>
        <tbody>
          @for (connection of connections(); track connection.id) {
            <tr data-testid="connection-row">
              <th scope="row">
                {{ connection.name }}
                <span class="provider">{{ providerLabel(connection.provider) }}</span>
              </th>
              <td>
                <span class="status" [attr.data-status]="connection.status" data-testid="connection-status">{{ statusLabel(connection.status) }}</span>
                @if (connection.lastError) {
                  <span class="error">{{ connection.lastError }}</span>
                }
              </td>
              <td>{{ connection.lastSyncedAt ? (connection.lastSyncedAt | date: 'd MMM y, HH:mm') : 'Not yet' }}</td>
              <td class="progress">
                @if (connection.backfill; as backfill) {
                  <mat-progress-bar
                    [mode]="backfill.state === 'running' && backfill.monthsDone === 0 ? 'indeterminate' : 'determinate'"
                    [value]="(100 * backfill.monthsDone) / (backfill.monthsTotal || 1)"
                    [attr.aria-label]="'Backfill of ' + connection.name"
                  />
                  <span data-testid="backfill-progress">{{ backfill.state === 'failed' ? 'Backfill failed: ' + (backfill.failure ?? 'see the status') : summary(backfill) }}</span>
                } @else if (connection.status === 'pending') {
                  <span class="muted">Starting…</span>
                } @else {
                  <span class="muted">{{ connection.syncEvery ? 'Synced every ' + connection.syncEvery : '—' }}</span>
                }
              </td>
            </tr>
          }
        </tbody>
      </table>
    </div>
  `,
  styleUrls: ['../../shared/data-table.css'],
  styles: `
    .provider, .error { display: block; font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .error { color: var(--mat-sys-error); }
    .status { padding: 2px 8px; border-radius: 999px; font: var(--mat-sys-label-medium); background: var(--mat-sys-surface-container-high); }
    .status[data-status='active'] { background: var(--mat-sys-primary-container); color: var(--mat-sys-on-primary-container); }
    .status[data-status='backfilling'] { background: var(--mat-sys-tertiary-container); color: var(--mat-sys-on-tertiary-container); }
    .status[data-status='failing'] { background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
    .progress { min-width: 220px; }
    .progress span { display: block; margin-top: 4px; font: var(--mat-sys-body-small); }
    .muted { color: var(--mat-sys-on-surface-variant); }
  `,
})
export class ConnectionsList {
  readonly connections = input.required<CostConnectionView[]>();

  protected readonly summary = backfillSummary;
  protected providerLabel(provider: CostProvider): string {
    return PROVIDER_LABELS[provider] ?? provider;
  }
  protected statusLabel(status: CostConnectionStatus): string {
    return STATUS_LABELS[status] ?? status;
  }
}
