import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, effect, inject, input, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { catchError, map, mergeMap, of, Subject } from 'rxjs';
import type { RunDetail, RunStatus, RunView } from '@apex/contracts';
import { formatAmounts } from './report-format';
import { RUN_STATUS_LABELS, shortId } from './run-labels';
import { RunsApi } from './runs-api';

/** What a finished run's report found, as the history table shows it. */
export interface RunOutcome {
  noData: boolean;
  findings: number;
  /** Potential monthly savings, each currency in its own; empty when nothing was found. */
  potential: string;
}

export function outcomeOf(detail: RunDetail): RunOutcome | null {
  const report = detail.report;
  if (!report) return null;
  return { noData: report.status === 'no_data', findings: report.findings.length, potential: formatAmounts(report.potentialMonthlySavings) };
}

/** How many reports are fetched at once for the table's findings column. */
const OUTCOME_FETCHES = 3;

/** The organisation's runs, newest first: status, when, what each found, and the way to its report. */
@Component({
  selector: 'apex-run-history',
  imports: [DatePipe, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="scroll">
      <table>
        <caption class="visually-hidden">Runs of your organisation</caption>
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">Status</th>
            <th scope="col">Started</th>
            <th scope="col">Finished</th>
            <th scope="col" class="num">Findings</th>
            <th scope="col" class="num">Potential a month</th>
          </tr>
        </thead>
        <tbody>
          @for (run of runs(); track run.id) {
            <tr data-testid="history-row">
              <th scope="row">
                <a [routerLink]="['/app/runs', run.id]" [attr.aria-label]="'Report of run ' + short(run.id)"><code>{{ short(run.id) }}</code></a>
              </th>
              <td>
                <span class="status" [class]="run.status" data-testid="history-status">{{ label(run.status) }}</span>
                @if (run.failure) {
                  <span class="failure">{{ run.failure }}</span>
                }
              </td>
              <td>{{ (run.startedAt ?? run.admittedAt) | date: 'd MMM y, HH:mm:ss' }}</td>
              <td>{{ run.finishedAt ? (run.finishedAt | date: 'd MMM y, HH:mm:ss') : '—' }}</td>
              @if (run.status === 'succeeded') {
                @if (outcomes().has(run.id)) {
                  @let outcome = outcomes().get(run.id);
                  <td class="num" data-testid="history-findings">{{ outcome ? (outcome.noData ? 'No data' : outcome.findings) : '—' }}</td>
                  <td class="num" data-testid="history-potential">{{ outcome?.potential || '—' }}</td>
                } @else {
                  <td class="num muted">…</td>
                  <td class="num muted">…</td>
                }
              } @else {
                <td class="num muted">—</td>
                <td class="num muted">—</td>
              }
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
    .muted { color: var(--mat-sys-on-surface-variant); }
    code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.9em; }
    .status { display: inline-block; padding: 2px 10px; border-radius: 999px; font: var(--mat-sys-label-medium); background: var(--mat-sys-surface-container-high); }
    .status.running, .status.admitted { background: var(--mat-sys-secondary-container); color: var(--mat-sys-on-secondary-container); }
    .status.succeeded { background: var(--mat-sys-primary); color: var(--mat-sys-on-primary); }
    .status.failed, .status.failed_to_start { background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
    .failure { display: block; margin-top: 2px; color: var(--mat-sys-error); font: var(--mat-sys-body-small); white-space: normal; }
  `,
})
export class RunHistory {
  readonly runs = input.required<RunView[]>();

  private readonly api = inject(RunsApi);
  protected readonly outcomes = signal<ReadonlyMap<string, RunOutcome | null>>(new Map());
  private readonly asked = new Set<string>();

  constructor() {
    const wanted = new Subject<string>();
    wanted
      .pipe(
        mergeMap(
          (id) =>
            this.api.run(id).pipe(
              map((detail) => [id, outcomeOf(detail)] as const),
              catchError(() => of([id, null] as const)),
            ),
          OUTCOME_FETCHES,
        ),
        takeUntilDestroyed(),
      )
      .subscribe(([id, outcome]) => this.outcomes.update((known) => new Map(known).set(id, outcome)));
    // A finished run's report does not change: each is fetched once.
    effect(() => {
      for (const run of this.runs()) {
        if (run.status !== 'succeeded' || this.asked.has(run.id)) continue;
        this.asked.add(run.id);
        wanted.next(run.id);
      }
    });
  }

  protected short(id: string): string {
    return shortId(id);
  }

  protected label(status: RunStatus): string {
    return RUN_STATUS_LABELS[status] ?? status;
  }
}
